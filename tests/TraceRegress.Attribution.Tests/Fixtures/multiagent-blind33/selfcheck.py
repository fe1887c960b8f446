#!/usr/bin/env python3
"""Self-check for the multiagent-blind33 attribution test set (standard library only).

Usage: python3 selfcheck.py [folder]   (defaults to the folder this script sits in)

For every <run>.json it checks: the file parses (flat {"spans": [...]} or OTLP/JSON), span ids are unique, every
parent exists, there is exactly one root, every span has an OK/unset status, the root's direct children (the steps,
ordered by start time) are 12-30 invoke_agent turns with gen_ai.agent.name and text, the label's step index resolves
to a root child whose gen_ai.agent.name equals the label's agent, the root output differs from the expected answer,
and the expected answer appears nowhere as a final answer (root output, 'FINAL ANSWER:' / 'Final answer:' lines).
"""
import glob
import json
import os
import re
import sys


def attr_value(v):
    if not isinstance(v, dict):
        return v
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [attr_value(x) for x in v["arrayValue"].get("values", [])]
    return None


def iso_to_ns(s):
    # 2025-03-11T09:14:02.123Z  -> integer ns (relative ordering only)
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z?$", s)
    if not m:
        raise ValueError("bad time " + s)
    import datetime
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    frac = (m.group(7) or "0")[:9].ljust(9, "0")
    dt = datetime.datetime(y, mo, d, h, mi, se, tzinfo=datetime.timezone.utc)
    return int(dt.timestamp()) * 10 ** 9 + int(frac)


def load_spans(doc):
    spans = []
    if "spans" in doc:
        for s in doc["spans"]:
            spans.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                          "start": iso_to_ns(s["startTime"]), "attrs": dict(s.get("attributes") or {}),
                          "status": (s.get("status") or {}).get("code")})
    elif "resourceSpans" in doc:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    spans.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                                  "start": int(s["startTimeUnixNano"]),
                                  "attrs": {a["key"]: attr_value(a["value"]) for a in s.get("attributes", [])},
                                  "status": (s.get("status") or {}).get("code")})
    else:
        raise ValueError("unknown layout")
    return spans


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
    return re.sub(r"[\s,%.]+$", "", re.sub(r"[\s,]", "", str(s).strip().lower()))


def contains_token(hay, needle):
    return re.search(r"(?<![\w.,])" + re.escape(needle.strip()) + r"(?![\w]|[.,]\d)", hay, re.I) is not None


ERROR_CODES = {2, "2", "ERROR", "STATUS_CODE_ERROR", "Error", "error"}


def check_run(folder, path):
    run = os.path.basename(path)[:-5]
    problems = []
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    with open(os.path.join(folder, run + ".label.json"), encoding="utf-8") as f:
        label = json.load(f)
    with open(os.path.join(folder, run + ".expected.json"), encoding="utf-8") as f:
        expected = json.load(f)["answer"]
    for k in ("step", "agent", "why"):
        if k not in label:
            problems.append("label lacks " + k)
    spans = load_spans(doc)
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        problems.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] and s["parent"] not in idset:
            problems.append("span %s has missing parent %s" % (s["id"], s["parent"]))
        if s["status"] in ERROR_CODES:
            problems.append("span %s has error status" % s["id"])
    roots = [s for s in spans if not s["parent"]]
    if len(roots) != 1:
        problems.append("expected one root, found %d" % len(roots))
        return run, problems, 0
    root = roots[0]
    if root["name"] not in ("magentic_one.run", "invoke_agent chat_manager"):
        problems.append("unexpected root name " + root["name"])
    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    if len({s["start"] for s in steps}) != len(steps):
        problems.append("steps with identical start times")
    if not 12 <= len(steps) <= 30:
        problems.append("%d steps (want 12-30)" % len(steps))
    for i, s in enumerate(steps):
        if s["attrs"].get("gen_ai.operation.name") != "invoke_agent" or not s["attrs"].get("gen_ai.agent.name"):
            problems.append("step %d is not an invoke_agent turn with an agent name" % i)
        if not turn_text(s["attrs"]):
            problems.append("step %d has no text" % i)
    for s in spans:
        if s["parent"] and s["parent"] != root["id"] and s["name"].startswith("invoke_agent"):
            problems.append("nested invoke_agent span %s" % s["id"])
    st = label.get("step")
    if not isinstance(st, int) or not 0 <= st < len(steps):
        problems.append("label step %r out of range" % st)
    elif steps[st]["attrs"].get("gen_ai.agent.name") != label.get("agent"):
        problems.append("label agent %r != step %d agent %r" % (label.get("agent"), st,
                                                                 steps[st]["attrs"].get("gen_ai.agent.name")))
    final = root["attrs"].get("output.value")
    if final is None:
        problems.append("root has no output.value")
    else:
        if norm(final) == norm(expected):
            problems.append("root output equals expected answer")
        if contains_token(final, expected):
            problems.append("expected answer appears in root output")
    finals = []
    for s in steps:
        txt = turn_text(s["attrs"]) or ""
        for line in txt.splitlines():
            m = re.match(r"\s*final answer\s*:\s*(.*)$", line, re.I)
            if m:
                finals.append(m.group(1))
    if not finals:
        problems.append("no final-answer line in any turn")
    for fa in finals:
        if norm(fa) == norm(expected) or contains_token(fa, expected):
            problems.append("expected answer appears as a final answer: %r" % fa)
        if final is not None and norm(fa) != norm(final) and not contains_token(fa, final):
            problems.append("final-answer line %r disagrees with root output %r" % (fa, final))
    last = turn_text(steps[-1]["attrs"]) or "" if steps else ""
    if root["name"] == "invoke_agent chat_manager" and "TERMINATE" not in last:
        problems.append("last group-chat turn does not say TERMINATE")
    return run, problems, len(steps)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    runs = sorted(p for p in glob.glob(os.path.join(folder, "*.json"))
                  if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    bad = 0
    for p in runs:
        try:
            run, problems, n = check_run(folder, p)
        except Exception as e:  # noqa: BLE001
            run, problems, n = os.path.basename(p), ["exception: %r" % (e,)], 0
        if problems:
            bad += 1
            print("FAIL %s" % run)
            for pr in problems:
                print("     - " + pr)
        else:
            with open(os.path.join(folder, run + ".label.json"), encoding="utf-8") as f:
                lab = json.load(f)
            print("ok   %-32s %2d steps, label step %2d (%s)" % (run, n, lab["step"], lab["agent"]))
    print("%d/%d runs passed" % (len(runs) - bad, len(runs)))
    return 1 if bad or not runs else 0


if __name__ == "__main__":
    sys.exit(main())
