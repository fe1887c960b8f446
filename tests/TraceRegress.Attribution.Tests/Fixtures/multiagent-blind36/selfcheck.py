#!/usr/bin/env python3
"""Structural self-check for the multiagent-blind36 set (standard library only).

Usage: python3 selfcheck.py [folder]     (default: the folder this file sits in)

For every run <run>.json (with <run>.label.json and <run>.expected.json) it checks:
  - the trace parses (flat {"spans": [...]} or OTLP/JSON resourceSpans);
  - span ids are unique and every parentSpanId exists; there is exactly one root;
  - root children (the steps) all have gen_ai.agent.name, gen_ai.operation.name=invoke_agent
    and a text (output.value or gen_ai.output.messages); there are 12-30 of them with distinct
    start times; no deeper span is an invoke_agent turn;
  - the label's step resolves to a root child whose gen_ai.agent.name equals the label's agent;
  - no span has an error status (every span is OK);
  - the root's output differs from the expected answer, and the expected answer appears nowhere
    as the final answer (root output, 'final answer' lines, the last turn).
"""
import json
import os
import re
import sys
from datetime import datetime

OK_CODES = {"OK", "STATUS_CODE_OK", 1, "1"}
ERROR_CODES = {"ERROR", "STATUS_CODE_ERROR", 2, "2"}


def parse_iso(s):
    s = s.rstrip("Z")
    if "." in s:
        main, frac = s.split(".", 1)
    else:
        main, frac = s, "0"
    dt = datetime.strptime(main, "%Y-%m-%dT%H:%M:%S")
    base = int((dt - datetime(1970, 1, 1)).total_seconds())
    return base * 10**9 + int((frac + "000000000")[:9])


def otlp_value(v):
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [otlp_value(x) for x in v["arrayValue"].get("values", [])]
    return None


def load_spans(data):
    """Return a list of normalised spans: id, parent, name, start (ns), attrs, status."""
    out = []
    if "spans" in data:
        for s in data["spans"]:
            out.append({
                "id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                "start": parse_iso(s["startTime"]), "attrs": dict(s.get("attributes") or {}),
                "status": (s.get("status") or {}).get("code"),
                "trace": s.get("traceId"),
            })
    elif "resourceSpans" in data:
        for rs in data["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    out.append({
                        "id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                        "start": int(s["startTimeUnixNano"]),
                        "attrs": {a["key"]: otlp_value(a["value"]) for a in s.get("attributes", [])},
                        "status": (s.get("status") or {}).get("code"),
                        "trace": s.get("traceId"),
                    })
    else:
        raise ValueError("unknown layout (neither 'spans' nor 'resourceSpans')")
    return out


def turn_text(attrs):
    if "output.value" in attrs:
        return attrs["output.value"]
    if "gen_ai.output.messages" in attrs:
        msgs = attrs["gen_ai.output.messages"]
        if isinstance(msgs, str):
            msgs = json.loads(msgs)
        parts = []
        for m in msgs:
            for p in m.get("parts", []):
                if p.get("type") == "text":
                    parts.append(p.get("content", ""))
        return "\n".join(parts)
    return None


NUM_RE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


def numbers_in(text):
    vals = []
    for m in NUM_RE.finditer(text):
        tok = m.group(0).rstrip(",")
        try:
            vals.append(float(tok.replace(",", "")))
        except ValueError:
            pass
    return vals


def as_number(s):
    t = s.strip().replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


def contains_answer(text, expected):
    if text is None:
        return False
    num = as_number(expected)
    if num is not None:
        return any(abs(v - num) < 1e-9 for v in numbers_in(text))
    return expected.strip().lower() in text.lower()


def same_answer(a, b):
    na, nb = as_number(a), as_number(b)
    if na is not None and nb is not None:
        return abs(na - nb) < 1e-9
    return a.strip().lower() == b.strip().lower()


def check_run(folder, name):
    errors = []
    path = os.path.join(folder, name + ".json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        with open(os.path.join(folder, name + ".label.json"), encoding="utf-8") as f:
            label = json.load(f)
        with open(os.path.join(folder, name + ".expected.json"), encoding="utf-8") as f:
            expected = json.load(f)["answer"]
        spans = load_spans(data)
    except Exception as e:  # noqa: BLE001
        return ["parse error: %r" % (e,)], None

    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errors.append("duplicate span ids")
    idset = set(ids)
    if len({s["trace"] for s in spans}) != 1:
        errors.append("more than one traceId")
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            errors.append("span %s has missing parent %s" % (s["id"], s["parent"]))
        if s["status"] in ERROR_CODES:
            errors.append("span %s (%s) has error status" % (s["id"], s["name"]))
        elif s["status"] not in OK_CODES:
            errors.append("span %s (%s) status is not OK: %r" % (s["id"], s["name"], s["status"]))
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        errors.append("expected exactly one root, found %d" % len(roots))
        return errors, None
    root = roots[0]
    if root["name"] not in ("magentic_one.run", "invoke_agent chat_manager"):
        errors.append("unexpected root name %r" % root["name"])
    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    if len({s["start"] for s in steps}) != len(steps):
        errors.append("root children share start times (ambiguous order)")
    if not 12 <= len(steps) <= 30:
        errors.append("%d turns (expected 12-30)" % len(steps))
    for i, s in enumerate(steps):
        a = s["attrs"]
        if a.get("gen_ai.operation.name") != "invoke_agent":
            errors.append("step %d: gen_ai.operation.name is %r" % (i, a.get("gen_ai.operation.name")))
        if not a.get("gen_ai.agent.name"):
            errors.append("step %d: no gen_ai.agent.name" % i)
        if not turn_text(a):
            errors.append("step %d: no turn text" % i)
    for s in spans:
        if s is not root and s["parent"] != root["id"] and s["attrs"].get("gen_ai.operation.name") == "invoke_agent":
            errors.append("nested span %s is an invoke_agent turn" % s["name"])

    step = label.get("step")
    if not isinstance(step, int) or not 0 <= step < len(steps):
        errors.append("label step %r does not resolve to a root child" % (step,))
    else:
        agent = steps[step]["attrs"].get("gen_ai.agent.name")
        if agent != label.get("agent"):
            errors.append("label agent %r != step %d agent %r" % (label.get("agent"), step, agent))
    if not label.get("why"):
        errors.append("label has no 'why'")

    final = root["attrs"].get("output.value")
    if not final:
        errors.append("root has no output.value")
    elif same_answer(final, expected) or contains_answer(final, expected):
        errors.append("root output %r matches the expected answer %r" % (final, expected))
    texts = [turn_text(s["attrs"]) or "" for s in steps]
    for i, t in enumerate(texts):
        for line in t.splitlines():
            if "final answer" in line.lower() and contains_answer(line, expected):
                errors.append("step %d gives the expected answer as final answer: %r" % (i, line.strip()))
    if texts and contains_answer(texts[-1], expected):
        errors.append("the last turn contains the expected answer")
    if steps:
        last = texts[-1]
        if root["name"] == "invoke_agent chat_manager" and "TERMINATE" not in last:
            errors.append("last group-chat turn does not say TERMINATE")
    summary = "%d spans, %d turns, step %s = %s, final %r, expected %r" % (
        len(spans), len(steps), step, label.get("agent"), final, expected)
    return errors, summary


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    names = sorted(f[:-5] for f in os.listdir(folder)
                   if f.endswith(".json") and not f.endswith(".label.json") and not f.endswith(".expected.json"))
    if not names:
        print("no runs found in", folder)
        return 1
    failed = 0
    for name in names:
        errors, summary = check_run(folder, name)
        if errors:
            failed += 1
            print("FAIL %s" % name)
            for e in errors:
                print("     - " + e)
        else:
            print("ok   %s: %s" % (name, summary))
    print("%d runs checked, %d failed" % (len(names), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
