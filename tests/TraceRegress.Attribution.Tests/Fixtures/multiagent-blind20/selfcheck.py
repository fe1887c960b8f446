#!/usr/bin/env python3
"""Self-check for multiagent-blind20: parse every run, check ids/parents, resolve each label's step."""
import glob
import json
import os
import sys
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT_NAMES = {"magentic_one.run", "invoke_agent chat_manager"}


def attrs_of(span):
    a = span.get("attributes", {})
    if isinstance(a, list):  # OTLP typed attributes
        out = {}
        for kv in a:
            v = kv["value"]
            out[kv["key"]] = next(iter(v.values()))
        return out
    return a


def load(path):
    doc = json.load(open(path))
    spans = []
    if "spans" in doc:
        layout = "flat"
        for s in doc["spans"]:
            st = datetime.fromisoformat(s["startTime"].replace("Z", "+00:00")).timestamp()
            spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None,
                              name=s.get("name") or s.get("operationName"), start=st,
                              end=st + s["duration"] / 1000.0, attrs=attrs_of(s),
                              ok=(s.get("status", {}).get("code") == "OK")))
    else:
        layout = "otlp"
        for rs in doc["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                                      start=int(s["startTimeUnixNano"]) / 1e9, end=int(s["endTimeUnixNano"]) / 1e9,
                                      attrs=attrs_of(s), ok=(s.get("status", {}).get("code") == 1 and s.get("kind") == 1)))
    return layout, spans


def turn_text(a):
    if "output.value" in a:
        return a["output.value"]
    msgs = json.loads(a["gen_ai.output.messages"])
    return "\n".join(p["content"] for m in msgs for p in m["parts"] if p.get("type") == "text")


def main():
    runs = sorted(p for p in glob.glob(os.path.join(HERE, "*.json"))
                  if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    problems, rows = [], []
    for p in runs:
        rid = os.path.basename(p)[:-5]
        try:
            layout, spans = load(p)
            label = json.load(open(os.path.join(HERE, rid + ".label.json")))
            expected = json.load(open(os.path.join(HERE, rid + ".expected.json")))
        except Exception as e:  # noqa
            problems.append("%s: parse error %r" % (rid, e))
            continue
        ids = [s["id"] for s in spans]
        if len(ids) != len(set(ids)):
            problems.append("%s: duplicate span ids" % rid)
        idset = set(ids)
        roots = [s for s in spans if s["parent"] is None]
        if len(roots) != 1 or roots[0]["name"] not in ROOT_NAMES:
            problems.append("%s: expected exactly one root named magentic_one.run / invoke_agent chat_manager" % rid)
            continue
        root = roots[0]
        for s in spans:
            if s["parent"] is not None and s["parent"] not in idset:
                problems.append("%s: span %s has missing parent %s" % (rid, s["id"], s["parent"]))
            if not s["ok"]:
                problems.append("%s: span %s status not OK" % (rid, s["id"]))
        steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
        n_children = sum(1 for s in spans if s["parent"] not in (None, root["id"]))
        for s in steps:
            if "gen_ai.agent.name" not in s["attrs"]:
                problems.append("%s: step span %s lacks gen_ai.agent.name" % (rid, s["id"]))
            try:
                turn_text(s["attrs"])
            except Exception:
                problems.append("%s: step span %s has no turn text" % (rid, s["id"]))
        if not 10 <= len(steps) <= 25:
            problems.append("%s: %d steps (want 10-25)" % (rid, len(steps)))
        if layout == "otlp":
            ends = [s["end"] for s in spans]
            if ends != sorted(ends) or spans[-1] is not root:
                problems.append("%s: OTLP spans not in end-time order with root last" % rid)
        k = label.get("step")
        if not isinstance(k, int) or not 0 <= k < len(steps):
            problems.append("%s: label step %r out of range" % (rid, k))
            continue
        agent = steps[k]["attrs"].get("gen_ai.agent.name")
        if agent != label.get("agent"):
            problems.append("%s: step %d agent is %r, label says %r" % (rid, k, agent, label.get("agent")))
        if not label.get("why"):
            problems.append("%s: empty why" % rid)
        final = root["attrs"].get("output.value", "")
        if str(expected.get("answer", "")).strip() == "" or str(expected["answer"]).strip().lower() == final.strip().lower():
            problems.append("%s: expected answer missing or equal to the run's final answer" % rid)
        first = steps[0]["attrs"]["gen_ai.agent.name"]
        if root["name"] == "magentic_one.run" and first != "human":
            problems.append("%s: Magentic-One step 0 is not the human turn" % rid)
        rows.append((rid, layout, len(steps), n_children, k, agent, final, expected["answer"]))
    print("%-26s %-5s %5s %6s %4s  %-20s %-12s %s" % ("run", "lay", "steps", "child", "lbl", "agent", "final", "expected"))
    for r in rows:
        print("%-26s %-5s %5d %6d %4d  %-20s %-12s %s" % r)
    if os.path.exists(os.path.join(HERE, "LABELS.md")):
        md = open(os.path.join(HERE, "LABELS.md")).read()
        for r in rows:
            if "| %s | %d | %s |" % (r[0], r[4], r[5]) not in md:
                problems.append("LABELS.md table row for %s does not match its label" % r[0])
    else:
        problems.append("LABELS.md missing")
    print()
    print("runs checked: %d" % len(rows))
    if problems:
        print("PROBLEMS (%d):" % len(problems))
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("selfcheck: OK")


if __name__ == "__main__":
    main()
