#!/usr/bin/env python3
"""Self-check for the blind38 multi-agent trace set (standard library only).

Usage: python3 selfcheck.py [FOLDER]   (default: the folder this script sits in)

For every run <name>.json (with <name>.label.json and <name>.expected.json) it checks:
  - the trace parses (flat {"spans": [...]} or OTLP/JSON resourceSpans layout)
  - span ids are unique and every parent span exists
  - there is exactly one root; steps = the root's direct children ordered by start time
  - the label's step index resolves to a root child whose gen_ai.agent.name equals the label's agent
  - every turn is invoke_agent with an agent name and text (output.value or gen_ai.output.messages)
  - no span has an error status (all are OK)
  - the root's output differs from the expected answer, and the expected answer appears nowhere as the final
    answer (root output.value and any 'FINAL ANSWER:' line)
"""
import datetime
import glob
import json
import os
import re
import sys


def _attr_value(v):
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [_attr_value(x) for x in v["arrayValue"].get("values", [])]
    return None


def _iso_ns(s):
    s = s.rstrip("Z")
    if "." in s:
        main, frac = s.split(".", 1)
    else:
        main, frac = s, "0"
    d = datetime.datetime.strptime(main, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return int(d.timestamp()) * 10**9 + int((frac + "000000000")[:9])


def load_spans(doc):
    """Return list of dicts: id, parent, name, start (ns), attrs, status_ok."""
    out = []
    if "spans" in doc:
        for s in doc["spans"]:
            code = str((s.get("status") or {}).get("code", "UNSET")).upper()
            out.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                            start=_iso_ns(s["startTime"]), attrs=s.get("attributes") or {},
                            status=code))
    elif "resourceSpans" in doc:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    code = (s.get("status") or {}).get("code", 0)
                    code = {0: "UNSET", 1: "OK", 2: "ERROR"}.get(code, str(code).upper().replace("STATUS_CODE_", ""))
                    attrs = {a["key"]: _attr_value(a["value"]) for a in s.get("attributes", [])}
                    out.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                                    start=int(s["startTimeUnixNano"]), attrs=attrs, status=code))
    else:
        raise ValueError("unknown layout")
    return out


def turn_text(attrs):
    if "output.value" in attrs:
        return attrs["output.value"]
    msgs = attrs.get("gen_ai.output.messages")
    if isinstance(msgs, str):
        msgs = json.loads(msgs)
    if msgs:
        return "\n".join(p.get("content", "") for m in msgs for p in m.get("parts", []) if p.get("type") == "text")
    return None


def norm(s):
    return re.sub(r"\s+", " ", str(s).lower().replace(",", "").replace("%", "")).strip()


def contains_answer(text, answer):
    a = norm(answer)
    return re.search(r"(?<![0-9a-z.])" + re.escape(a) + r"(?![0-9a-z])", norm(text)) is not None


def check_run(folder, name):
    errs = []
    with open(os.path.join(folder, name + ".json"), encoding="utf-8") as f:
        doc = json.load(f)
    with open(os.path.join(folder, name + ".label.json"), encoding="utf-8") as f:
        label = json.load(f)
    with open(os.path.join(folder, name + ".expected.json"), encoding="utf-8") as f:
        expected = json.load(f)["answer"]
    spans = load_spans(doc)
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errs.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            errs.append("missing parent %s for span %s" % (s["parent"], s["id"]))
        if s["status"] != "OK":
            errs.append("span %s (%s) has status %s" % (s["id"], s["name"], s["status"]))
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        errs.append("expected one root, found %d" % len(roots))
        return errs, 0
    root = roots[0]
    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    if not 12 <= len(steps) <= 30:
        errs.append("%d turns (expected 12-30)" % len(steps))
    for i, s in enumerate(steps):
        if s["attrs"].get("gen_ai.operation.name") != "invoke_agent" or not s["attrs"].get("gen_ai.agent.name"):
            errs.append("step %d is not an invoke_agent turn with an agent name" % i)
        if not turn_text(s["attrs"]):
            errs.append("step %d has no text" % i)
    st = label.get("step")
    if not isinstance(st, int) or not 0 <= st < len(steps):
        errs.append("label step %r out of range (0..%d)" % (st, len(steps) - 1))
    elif steps[st]["attrs"].get("gen_ai.agent.name") != label.get("agent"):
        errs.append("label agent %r != step %d agent %r" % (label.get("agent"), st, steps[st]["attrs"].get("gen_ai.agent.name")))
    final = root["attrs"].get("output.value")
    if final is None:
        errs.append("root has no output.value")
    else:
        if norm(final) == norm(expected):
            errs.append("root output equals expected answer")
        if contains_answer(final, expected):
            errs.append("expected answer appears in root output %r" % final)
    for i, s in enumerate(steps):
        txt = turn_text(s["attrs"]) or ""
        for m in re.finditer(r"^FINAL ANSWER:\s*(.+)$", txt, re.M):
            if contains_answer(m.group(1), expected):
                errs.append("expected answer appears as FINAL ANSWER at step %d" % i)
    return errs, len(steps)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(folder, "*.json"))
                   if not p.endswith((".label.json", ".expected.json")))
    failed = 0
    for name in names:
        try:
            errs, n = check_run(folder, name)
        except Exception as e:  # noqa: BLE001
            errs, n = ["exception: %r" % (e,)], 0
        with open(os.path.join(folder, name + ".label.json"), encoding="utf-8") as f:
            lab = json.load(f)
        if errs:
            failed += 1
            print("FAIL %-28s %s" % (name, "; ".join(errs)))
        else:
            print("ok   %-28s turns=%2d step=%2d agent=%s" % (name, n, lab["step"], lab["agent"]))
    print("%d/%d runs passed" % (len(names) - failed, len(names)))
    return 1 if failed or not names else 0


if __name__ == "__main__":
    sys.exit(main())
