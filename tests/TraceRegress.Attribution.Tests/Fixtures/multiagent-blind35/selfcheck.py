#!/usr/bin/env python3
"""Self-check for the multiagent-blind35 set (standard library only).

Usage: python3 selfcheck.py [FOLDER]   (default: the folder this script sits in)

For every run <run>.json (with <run>.label.json and <run>.expected.json) it checks that:
  * the trace parses (flat {"spans": [...]} or OTLP/JSON resourceSpans);
  * span ids are unique, every parentSpanId exists, there is exactly one root, one traceId;
  * the root's direct children are agent turns (gen_ai.operation.name = invoke_agent, gen_ai.agent.name set),
    12 to 30 of them, with distinct start times;
  * the label's step indexes a root child (ordered by start time, from 0) whose gen_ai.agent.name equals
    the label's agent;
  * no span has an error status;
  * the root's output.value differs from the expected answer, and the expected answer appears nowhere in the
    root output or in any final-answer statement of the run.
"""
import datetime
import glob
import json
import os
import re
import sys

ERROR_CODES = {2, "2", "ERROR", "STATUS_CODE_ERROR", "error"}


def parse_iso(s):
    s = s.replace("Z", "+00:00")
    dt = datetime.datetime.fromisoformat(s)
    return int(round(dt.timestamp() * 1_000_000)) * 1000


def typed(v):
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [typed(x) for x in v["arrayValue"].get("values", [])]
    if "kvlistValue" in v:
        return {kv["key"]: typed(kv["value"]) for kv in v["kvlistValue"].get("values", [])}
    return None


def load_spans(doc):
    """Return a list of normalised spans: id, parent, trace, name, start(ns), attrs, status."""
    out = []
    if "spans" in doc:
        for s in doc["spans"]:
            out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "trace": s.get("traceId"),
                        "name": s["name"], "start": parse_iso(s["startTime"]), "attrs": s.get("attributes") or {},
                        "status": (s.get("status") or {}).get("code")})
    elif "resourceSpans" in doc:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None,
                                "trace": s.get("traceId"), "name": s["name"],
                                "start": int(s["startTimeUnixNano"]),
                                "attrs": {a["key"]: typed(a["value"]) for a in s.get("attributes", [])},
                                "status": (s.get("status") or {}).get("code")})
    else:
        raise ValueError("unknown layout")
    return out


def turn_text(attrs):
    if isinstance(attrs.get("output.value"), str):
        return attrs["output.value"]
    msgs = attrs.get("gen_ai.output.messages")
    if isinstance(msgs, str):
        msgs = json.loads(msgs)
    parts = []
    for m in msgs or []:
        for p in m.get("parts", []):
            if p.get("type") == "text":
                parts.append(p.get("content", ""))
    return "\n".join(parts)


def norm(s):
    s = re.sub(r"(?<=\d),(?=\d{3})", "", str(s))
    s = s.replace("*", " ").strip().lower()
    return s.rstrip(".")


def contains_answer(text, answer):
    pat = r"(?<![\w.])" + re.escape(norm(answer)) + r"(?![\w]|\.\d)"
    return re.search(pat, norm(text)) is not None


def check_run(folder, run):
    errs = []
    with open(os.path.join(folder, run + ".json"), encoding="utf-8") as f:
        doc = json.load(f)
    with open(os.path.join(folder, run + ".label.json"), encoding="utf-8") as f:
        label = json.load(f)
    with open(os.path.join(folder, run + ".expected.json"), encoding="utf-8") as f:
        expected = json.load(f)["answer"]
    spans = load_spans(doc)
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errs.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            errs.append("span %s has missing parent %s" % (s["id"], s["parent"]))
        if s["status"] in ERROR_CODES:
            errs.append("span %s (%s) has error status" % (s["id"], s["name"]))
    if len({s["trace"] for s in spans}) != 1:
        errs.append("more than one traceId")
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        return errs + ["expected exactly one root, found %d" % len(roots)], None
    root = roots[0]
    want_root = "magentic_one.run" if run.startswith("mo-") else "invoke_agent chat_manager"
    if root["name"] != want_root:
        errs.append("root name %r, expected %r" % (root["name"], want_root))
    steps = sorted((s for s in spans if s["parent"] == root["id"]), key=lambda s: s["start"])
    if len({s["start"] for s in steps}) != len(steps):
        errs.append("root children share start times (ambiguous order)")
    if not 12 <= len(steps) <= 30:
        errs.append("%d turns (want 12-30)" % len(steps))
    for i, s in enumerate(steps):
        if s["attrs"].get("gen_ai.operation.name") != "invoke_agent" or not s["attrs"].get("gen_ai.agent.name"):
            errs.append("step %d is not an invoke_agent turn with gen_ai.agent.name" % i)
        if not turn_text(s["attrs"]).strip():
            errs.append("step %d has no text" % i)
    step = label.get("step")
    if not isinstance(step, int) or not 0 <= step < len(steps):
        errs.append("label step %r out of range" % step)
    elif steps[step]["attrs"].get("gen_ai.agent.name") != label.get("agent"):
        errs.append("label agent %r != step %d agent %r" % (label.get("agent"), step,
                                                           steps[step]["attrs"].get("gen_ai.agent.name")))
    final = root["attrs"].get("output.value")
    if not isinstance(final, str) or not final.strip():
        errs.append("root has no output.value")
    else:
        if norm(final) == norm(expected):
            errs.append("root output equals the expected answer")
        if contains_answer(final, expected):
            errs.append("expected answer appears in the root output")
    finals = 0
    for i, s in enumerate(steps):
        for line in turn_text(s["attrs"]).splitlines():
            if re.search(r"final answer\s*:", line, re.I):
                finals += 1
                tail = re.split(r"final answer\s*:", line, flags=re.I)[-1]
                if contains_answer(tail, expected):
                    errs.append("expected answer appears as a final answer in step %d" % i)
                if final and not contains_answer(tail, final):
                    errs.append("final-answer line in step %d does not match root output %r" % (i, final))
    if finals == 0:
        errs.append("no final-answer statement found")
    if run.startswith("gc-") and "TERMINATE" not in turn_text(steps[-1]["attrs"]):
        errs.append("last group-chat turn does not say TERMINATE")
    info = "%d spans, %d turns, step %s = %s, final %r vs expected %r" % (
        len(spans), len(steps), step, label.get("agent"), final, expected)
    return errs, info


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    runs = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(folder, "*.json"))
                  if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    failed = 0
    for run in runs:
        try:
            errs, info = check_run(folder, run)
        except Exception as e:  # noqa: BLE001
            errs, info = ["exception: %r" % (e,)], None
        if errs:
            failed += 1
            print("FAIL %s" % run)
            for e in errs:
                print("     - " + e)
        else:
            print("ok   %-30s %s" % (run, info))
    print("%d/%d runs passed" % (len(runs) - failed, len(runs)))
    return 1 if failed or not runs else 0


if __name__ == "__main__":
    sys.exit(main())
