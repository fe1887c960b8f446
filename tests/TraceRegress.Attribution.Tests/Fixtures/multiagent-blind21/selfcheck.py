#!/usr/bin/env python3
"""Self-check for multiagent-blind21. Usage: python3 selfcheck.py [dir]"""
import datetime as dt
import glob
import json
import os
import re
import sys

D = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
problems = []


def err(rid, msg):
    problems.append("%s: %s" % (rid, msg))


def iso_ms(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc).timestamp() * 1000


def otlp_attrs(lst):
    out = {}
    for a in lst:
        v = a["value"]
        if "stringValue" in v:
            out[a["key"]] = v["stringValue"]
        elif "intValue" in v:
            out[a["key"]] = int(v["intValue"])
        elif "boolValue" in v:
            out[a["key"]] = v["boolValue"]
        elif "doubleValue" in v:
            out[a["key"]] = float(v["doubleValue"])
        else:
            raise ValueError("untyped attribute value for %s" % a["key"])
    return out


def load(path, rid):
    doc = json.load(open(path))
    spans = []
    if "spans" in doc:
        layout = "flat"
        for s in doc["spans"]:
            name = s.get("name", s.get("operationName"))
            if s.get("status", {}).get("code") != "OK":
                err(rid, "span %s status not OK" % s["spanId"])
            st = iso_ms(s["startTime"])
            spans.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": name,
                          "start": st, "end": st + float(s["duration"]), "attrs": s["attributes"]})
    elif "resourceSpans" in doc:
        layout = "otlp"
        raw = [s for rs in doc["resourceSpans"] for ss in rs["scopeSpans"] for s in ss["spans"]]
        prev_end = -1
        for s in raw:
            if s.get("status", {}).get("code") != 1:
                err(rid, "span %s status.code != 1" % s["spanId"])
            if s.get("kind") != 1:
                err(rid, "span %s kind != 1" % s["spanId"])
            if not re.fullmatch(r"[0-9a-f]{16}", s["spanId"]) or not re.fullmatch(r"[0-9a-f]{32}", s["traceId"]):
                err(rid, "non-hex id in %s" % s["spanId"])
            st, en = int(s["startTimeUnixNano"]), int(s["endTimeUnixNano"])
            if en < prev_end:
                err(rid, "OTLP spans not in end-time order at %s" % s["spanId"])
            prev_end = en
            if st > en:
                err(rid, "start after end in %s" % s["spanId"])
            spans.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                          "start": st / 1e6, "end": en / 1e6, "attrs": otlp_attrs(s["attributes"])})
        if spans and spans[-1]["parent"] is not None:
            err(rid, "OTLP root is not the last span")
    else:
        raise ValueError("unknown layout")
    return layout, spans


def turn_text(a):
    if "output.value" in a:
        return a["output.value"], "output.value"
    if "gen_ai.output.messages" in a:
        msgs = json.loads(a["gen_ai.output.messages"])
        return "\n".join(p["content"] for m in msgs for p in m["parts"] if p["type"] == "text"), "messages"
    return None, None


runs = sorted(p for p in glob.glob(os.path.join(D, "*.json"))
              if not p.endswith(".label.json") and not p.endswith(".expected.json"))
summary = {"flat": 0, "otlp": 0, "children": 0, "messages": 0, "mo": 0, "gc": 0}
rows = []
for p in runs:
    rid = os.path.basename(p)[:-5]
    try:
        layout, spans = load(p, rid)
        label = json.load(open(os.path.join(D, rid + ".label.json")))
        expected = json.load(open(os.path.join(D, rid + ".expected.json")))
    except Exception as e:  # noqa
        err(rid, "parse failure: %r" % e)
        continue
    summary[layout] += 1
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        err(rid, "duplicate span ids")
    idset = set(ids)
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        err(rid, "expected exactly one root, got %d" % len(roots))
        continue
    root = roots[0]
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            err(rid, "span %s has missing parent %s" % (s["id"], s["parent"]))
    system = rid[:2]
    summary[system] += 1
    want_root = {"mo": "magentic_one.run", "gc": "invoke_agent chat_manager"}[system]
    if root["name"] != want_root:
        err(rid, "root name %r != %r" % (root["name"], want_root))
    if not root["attrs"].get("input.value") or not root["attrs"].get("output.value"):
        err(rid, "root lacks input.value/output.value")
    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    if not 10 <= len(steps) <= 25:
        err(rid, "%d steps, expected 10-25" % len(steps))
    modes = set()
    for s in steps:
        if not s["attrs"].get("gen_ai.agent.name"):
            err(rid, "step span %s lacks gen_ai.agent.name" % s["id"])
        txt, mode = turn_text(s["attrs"])
        if not txt:
            err(rid, "step span %s has no turn text" % s["id"])
        modes.add(mode)
        if s["start"] < root["start"] or s["end"] > root["end"]:
            err(rid, "step %s outside root window" % s["id"])
    if "messages" in modes:
        summary["messages"] += 1
    kids = [s for s in spans if s["parent"] not in (None, root["id"])]
    if kids:
        summary["children"] += 1
        for k in kids:
            if not (k["name"].startswith("chat ") or k["name"].startswith("execute_tool ")):
                err(rid, "unexpected child span name %r" % k["name"])
    if system == "mo":
        if steps[0]["attrs"]["gen_ai.agent.name"] != "human":
            err(rid, "mo step 0 is not the human turn")
    else:
        if steps[0]["attrs"]["gen_ai.agent.name"] == "Computer_terminal":
            err(rid, "gc step 0 is the terminal")
        last_txt, _ = turn_text(steps[-1]["attrs"])
        if "TERMINATE" not in last_txt:
            err(rid, "gc run does not end with TERMINATE")
    st = label.get("step")
    if not isinstance(st, int) or not 0 <= st < len(steps):
        err(rid, "label step %r out of range" % st)
    else:
        ag = steps[st]["attrs"]["gen_ai.agent.name"]
        if ag != label.get("agent"):
            err(rid, "label agent %r != step %d agent %r" % (label.get("agent"), st, ag))
        if system == "mo" and st == 0:
            err(rid, "label points at the human task turn")
    if not label.get("why"):
        err(rid, "label has no why")
    ans = str(expected.get("answer", "")).strip()
    final = str(root["attrs"].get("output.value", "")).strip()
    if not ans:
        err(rid, "expected answer missing")
    elif ans.lower().rstrip("%") == final.lower().rstrip("%"):
        err(rid, "final answer equals expected answer (run should fail)")
    rows.append("%-26s %-4s spans=%3d steps=%2d label=%2d/%-28s final=%-14s expected=%s" % (
        rid, layout, len(spans), len(steps), st, label.get("agent"), final, ans))

if len(runs) != 12:
    problems.append("expected 12 runs, found %d" % len(runs))
if summary["mo"] != 6 or summary["gc"] != 6:
    problems.append("expected 6 mo + 6 gc runs: %r" % summary)
if not os.path.exists(os.path.join(D, "LABELS.md")):
    problems.append("LABELS.md missing")
for r in rows:
    print(r)
print("summary:", json.dumps(summary))
if problems:
    print("SELFCHECK FAILED (%d problems)" % len(problems))
    for p in problems:
        print("  -", p)
    sys.exit(1)
print("SELFCHECK OK: 12 runs, all files parse, span ids unique, parents exist, labels resolve to root children with matching agent names")
