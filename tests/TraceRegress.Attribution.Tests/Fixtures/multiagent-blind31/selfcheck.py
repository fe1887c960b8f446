#!/usr/bin/env python3
"""Self-check for the multiagent-blind31 test set (standard library only).

Usage: python3 selfcheck.py [FOLDER]   (default: the folder this script sits in)

For every run <id>.json (with <id>.label.json and <id>.expected.json) it checks:
  * the trace parses (flat {"spans": [...]} or OTLP/JSON resourceSpans layout);
  * span ids are unique and every parentSpanId refers to an existing span;
  * there is exactly one root span;
  * the label's step indexes a direct child of the root (children ordered by
    start time, counted from 0) whose gen_ai.agent.name equals the label's agent;
  * no span has an error status;
  * the root's output differs from the expected answer, and the expected answer
    appears nowhere as the final answer (root output, last turn, any
    'final answer' line).
"""
import calendar
import datetime
import glob
import json
import os
import re
import sys

ERROR_CODES = {"ERROR", "STATUS_CODE_ERROR", 2, "2"}


def iso_to_ns(s):
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)?$", s)
    if not m:
        raise ValueError("bad timestamp %r" % s)
    dt = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    ns = calendar.timegm(dt.timetuple()) * 1_000_000_000
    if m.group(2):
        ns += int(m.group(2).ljust(9, "0"))
    tz = m.group(3)
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        hh, mm = int(tz[1:3]), int(tz[4:6])
        ns -= sign * (hh * 3600 + mm * 60) * 1_000_000_000
    return ns


def any_value(v):
    if "stringValue" in v:
        return v["stringValue"]
    if "intValue" in v:
        return int(v["intValue"])
    if "doubleValue" in v:
        return float(v["doubleValue"])
    if "boolValue" in v:
        return bool(v["boolValue"])
    if "arrayValue" in v:
        return [any_value(x) for x in v["arrayValue"].get("values", [])]
    if "kvlistValue" in v:
        return {kv["key"]: any_value(kv["value"]) for kv in v["kvlistValue"].get("values", [])}
    return None


def spans_of(doc):
    out = []
    if isinstance(doc, dict) and "spans" in doc:
        for s in doc["spans"]:
            out.append({
                "id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                "start": iso_to_ns(s["startTime"]), "attrs": s.get("attributes") or {},
                "status": (s.get("status") or {}).get("code"),
            })
    elif isinstance(doc, dict) and "resourceSpans" in doc:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    out.append({
                        "id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                        "start": int(s["startTimeUnixNano"]),
                        "attrs": {a["key"]: any_value(a["value"]) for a in s.get("attributes", [])},
                        "status": (s.get("status") or {}).get("code"),
                    })
    else:
        raise ValueError("unknown trace layout")
    return out


def turn_text(attrs):
    if attrs.get("output.value") is not None:
        return str(attrs["output.value"])
    msgs = attrs.get("gen_ai.output.messages")
    if msgs is None:
        return ""
    if isinstance(msgs, str):
        msgs = json.loads(msgs)
    parts = []
    for m in msgs:
        for p in m.get("parts", []):
            if p.get("type") == "text":
                parts.append(p.get("content", ""))
    return "\n".join(parts)


def norm(s):
    s = str(s).strip().lower()
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    return re.sub(r"\s+", " ", s).strip(" .")


def contains_answer(text, answer):
    t = norm(text)
    a = norm(answer)
    return re.search(r"(?<![\w.:])" + re.escape(a) + r"(?![\w:]|\.\d)", t) is not None


def check_run(folder, run_id):
    errs = []
    path = os.path.join(folder, run_id + ".json")
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        spans = spans_of(doc)
    except Exception as e:  # noqa: BLE001
        return ["does not parse: %s" % e], None
    try:
        with open(os.path.join(folder, run_id + ".label.json"), encoding="utf-8") as f:
            label = json.load(f)
        with open(os.path.join(folder, run_id + ".expected.json"), encoding="utf-8") as f:
            expected = json.load(f)["answer"]
    except Exception as e:  # noqa: BLE001
        return ["label/expected file problem: %s" % e], None

    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errs.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            errs.append("span %s has missing parent %s" % (s["id"], s["parent"]))
        if s["status"] in ERROR_CODES:
            errs.append("span %s (%s) has error status" % (s["id"], s["name"]))
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        errs.append("expected exactly one root span, found %d" % len(roots))
        return errs, None
    root = roots[0]
    steps = sorted((s for s in spans if s["parent"] == root["id"]), key=lambda s: s["start"])
    starts = [s["start"] for s in steps]
    if len(set(starts)) != len(starts):
        errs.append("two root children share a start time (step order ambiguous)")
    for s in steps:
        if s["attrs"].get("gen_ai.operation.name") != "invoke_agent" or not s["attrs"].get("gen_ai.agent.name"):
            errs.append("root child %s is not an invoke_agent turn" % s["name"])
    if not 12 <= len(steps) <= 30:
        errs.append("%d turns (expected 12-30)" % len(steps))
    step = label.get("step")
    if not isinstance(step, int) or not 0 <= step < len(steps):
        errs.append("label step %r does not resolve (%d turns)" % (step, len(steps)))
    else:
        got = steps[step]["attrs"].get("gen_ai.agent.name")
        if got != label.get("agent"):
            errs.append("step %d is by %r, label says %r" % (step, got, label.get("agent")))

    final = root["attrs"].get("output.value")
    if final is None:
        errs.append("root has no output.value")
        final = ""
    if norm(final) == norm(expected) or contains_answer(final, expected):
        errs.append("root output %r matches the expected answer %r" % (final, expected))
    if steps:
        last = turn_text(steps[-1]["attrs"])
        if contains_answer(last, expected):
            errs.append("last turn states the expected answer %r" % expected)
    for s in steps:
        for line in turn_text(s["attrs"]).splitlines():
            if re.search(r"final answer", line, re.I) and contains_answer(line, expected):
                errs.append("a final-answer line states the expected answer: %r" % line.strip())
    info = "%d turns, step %s by %s, final %r, expected %r" % (
        len(steps), step, label.get("agent"), final, expected)
    return errs, info


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    runs = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(folder, "*.json"))
                  if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    if not runs:
        print("no runs found in", folder)
        return 1
    bad = 0
    for r in runs:
        errs, info = check_run(folder, r)
        if errs:
            bad += 1
            print("FAIL %s" % r)
            for e in errs:
                print("     - " + e)
        else:
            print("ok   %-28s %s" % (r, info))
    print("%d runs checked, %d failed" % (len(runs), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
