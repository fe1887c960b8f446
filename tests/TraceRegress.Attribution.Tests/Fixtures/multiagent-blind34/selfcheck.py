#!/usr/bin/env python3
"""Self-check for the multiagent-blind34 set (standard library only).

Usage: python3 selfcheck.py [folder]      (default: the folder this file sits in)

For every run <name>.json with <name>.label.json and <name>.expected.json it checks that:
  - the trace parses (flat {"spans": [...]} or OTLP/JSON resourceSpans/scopeSpans);
  - span ids are unique and every parentSpanId refers to an existing span; there is exactly one root;
  - the root's direct children (the steps, ordered by start time) number 12-30, all carry
    gen_ai.agent.name and gen_ai.operation.name = invoke_agent, and all have turn text;
  - the label's step index resolves to a root child whose gen_ai.agent.name equals the label's agent;
  - no span has an error status;
  - the root's output differs from the expected answer;
  - the expected answer appears nowhere in the final answer (root output and the last turn's text).
"""
import datetime
import glob
import json
import os
import re
import sys

ERROR_CODES = {2, "2", "ERROR", "STATUS_CODE_ERROR", "error"}


def parse_iso(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() * 1e9


def typed(v):
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [typed(x) for x in v["arrayValue"].get("values", [])]
    if "kvlistValue" in v:
        return {a["key"]: typed(a["value"]) for a in v["kvlistValue"].get("values", [])}
    return None


def load_spans(doc):
    spans = []
    if isinstance(doc, dict) and "spans" in doc:
        for s in doc["spans"]:
            spans.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                          "start": parse_iso(s["startTime"]), "attrs": s.get("attributes") or {},
                          "status": s.get("status") or {}})
    elif isinstance(doc, dict) and "resourceSpans" in doc:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    spans.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                                  "start": int(s["startTimeUnixNano"]),
                                  "attrs": {a["key"]: typed(a["value"]) for a in s.get("attributes", [])},
                                  "status": s.get("status") or {}})
    else:
        raise ValueError("unknown trace layout")
    return spans


def turn_text(attrs):
    if attrs.get("output.value"):
        return attrs["output.value"]
    msgs = attrs.get("gen_ai.output.messages")
    if msgs:
        if isinstance(msgs, str):
            msgs = json.loads(msgs)
        return "\n".join(p.get("content", "") for m in msgs for p in m.get("parts", []) if p.get("type") == "text")
    return ""


def norm(s):
    s = str(s).strip().lower().replace(",", "")
    s = re.sub(r"\s*(%|km|ha|hectares|m|metres|meters|days)\s*$", "", s)
    return s.rstrip(".").strip()


def mentions(text, answer):
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    a = norm(answer)
    return re.search(r"(?<![\w.])" + re.escape(a) + r"(?![\w]|\.\d)", text, re.I) is not None


def check_run(folder, name):
    errs = []
    try:
        with open(os.path.join(folder, name + ".json"), encoding="utf-8") as f:
            doc = json.load(f)
        with open(os.path.join(folder, name + ".label.json"), encoding="utf-8") as f:
            label = json.load(f)
        with open(os.path.join(folder, name + ".expected.json"), encoding="utf-8") as f:
            expected = json.load(f)["answer"]
        spans = load_spans(doc)
    except Exception as e:  # noqa: BLE001
        return ["does not parse: %r" % (e,)], None
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errs.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            errs.append("span %s has missing parent %s" % (s["id"], s["parent"]))
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        return errs + ["expected exactly one root, found %d" % len(roots)], None
    root = roots[0]
    if name.startswith("mo-") and root["name"] != "magentic_one.run":
        errs.append("root name is %r" % root["name"])
    if name.startswith("gc-") and root["name"] != "invoke_agent chat_manager":
        errs.append("root name is %r" % root["name"])
    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    starts = [s["start"] for s in steps]
    if len(set(starts)) != len(starts):
        errs.append("two steps share a start time")
    if not 12 <= len(steps) <= 30:
        errs.append("%d turns (expected 12-30)" % len(steps))
    for i, s in enumerate(steps):
        if not s["attrs"].get("gen_ai.agent.name") or s["attrs"].get("gen_ai.operation.name") != "invoke_agent":
            errs.append("step %d lacks gen_ai.agent.name / invoke_agent" % i)
        if not turn_text(s["attrs"]).strip():
            errs.append("step %d has no text" % i)
    for s in spans:
        if s["status"].get("code") in ERROR_CODES:
            errs.append("span %s has error status" % s["id"])
    st, ag = label.get("step"), label.get("agent")
    if not isinstance(st, int) or not 0 <= st < len(steps):
        errs.append("label step %r out of range" % (st,))
    elif steps[st]["attrs"].get("gen_ai.agent.name") != ag:
        errs.append("label step %d is %r, label says %r" % (st, steps[st]["attrs"].get("gen_ai.agent.name"), ag))
    if not label.get("why"):
        errs.append("label has no 'why'")
    final = str(root["attrs"].get("output.value", ""))
    if not final:
        errs.append("root has no output.value")
    if norm(final) == norm(expected):
        errs.append("root output equals the expected answer")
    if mentions(final, expected):
        errs.append("expected answer appears in the root output")
    if steps and mentions(turn_text(steps[-1]["attrs"]), expected):
        errs.append("expected answer appears in the last turn")
    info = "%2d turns, %2d spans, step %2d %-20s final %-6s expected %s" % (
        len(steps), len(spans), st if isinstance(st, int) else -1, ag, final, expected)
    return errs, info


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(folder, "*.json"))
                   if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    failed = 0
    for name in names:
        errs, info = check_run(folder, name)
        if errs:
            failed += 1
            print("FAIL %-28s %s" % (name, "; ".join(errs)))
        else:
            print("ok   %-28s %s" % (name, info))
    print("%d runs checked, %d failed" % (len(names), failed))
    sys.exit(1 if failed or not names else 0)


if __name__ == "__main__":
    main()
