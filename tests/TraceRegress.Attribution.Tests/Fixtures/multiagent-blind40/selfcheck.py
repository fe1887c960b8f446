#!/usr/bin/env python3
"""Self-check for the multiagent-blind40 held-out set (standard library only).

Checks, for every <run>.json next to this file:
  * the trace parses (flat {"spans": [...]} or OTLP/JSON resourceSpans/scopeSpans)
  * span ids are unique, there is exactly one root and every parent link resolves
  * one trace id per file
  * every invoke_agent turn is a direct child of the root, and every direct child of the root is a turn
    carrying gen_ai.agent.name, gen_ai.operation.name == invoke_agent and text (output.value or
    gen_ai.output.messages)
  * the run has 13-20 steps (root's direct children ordered by start time, counted from 0)
  * child spans of turns (chat / execute_tool) are not turns and sit inside their parent's time window
  * no span has an error status
  * <run>.label.json: the labelled step exists and its agent matches gen_ai.agent.name of that step
  * <run>.expected.json has a non-empty answer
  * system conventions: mo-* root is magentic_one.run and step 0 is the human; gc-* root is
    'invoke_agent chat_manager', step 0 is an *_Expert and the last turn contains TERMINATE
  * layout conventions: runs 01-03 flat, 04-06 OTLP split over two (unsorted) batches
  * LABELS.md lists every run
"""
import json
import os
import re
import sys
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
HEX16 = re.compile(r"^[0-9a-f]{16}$")
HEX32 = re.compile(r"^[0-9a-f]{32}$")


class Fail(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Fail(msg)


def otlp_value(v):
    need(isinstance(v, dict) and len(v) == 1, "bad typed attribute value %r" % (v,))
    (k, x), = v.items()
    if k == "intValue":
        return int(x)
    if k in ("stringValue", "boolValue", "doubleValue"):
        return x
    if k == "arrayValue":
        return [otlp_value(i) for i in x.get("values", [])]
    raise Fail("unknown attribute value type " + k)


def parse_iso(s):
    need(isinstance(s, str) and s.endswith("Z"), "startTime must be ISO UTC: %r" % (s,))
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")


def load_flat(d):
    spans = []
    for s in d["spans"]:
        for k in ("traceId", "spanId", "name", "startTime", "duration", "attributes", "status"):
            need(k in s, "flat span missing %s" % k)
        need(isinstance(s["attributes"], dict), "flat attributes must be a plain object")
        need(s["status"].get("code") == "OK", "span %s status is %r" % (s["spanId"], s["status"]))
        st = parse_iso(s["startTime"])
        start_ns = int((st - datetime(1970, 1, 1)).total_seconds() * 1e6) * 1000
        dur = float(s["duration"])
        need(dur >= 0, "negative duration")
        spans.append(dict(trace=s["traceId"], id=s["spanId"], parent=s.get("parentSpanId") or None,
                          name=s["name"], start=start_ns, end=start_ns + int(dur * 1e6), attrs=s["attributes"]))
    return spans, 1


def load_otlp(d):
    spans = []
    batches = 0
    for rs in d["resourceSpans"]:
        for ss in rs["scopeSpans"]:
            batches += 1
            for s in ss["spans"]:
                for k in ("traceId", "spanId", "name", "startTimeUnixNano", "endTimeUnixNano", "attributes", "status"):
                    need(k in s, "otlp span missing %s" % k)
                need(HEX32.match(s["traceId"]), "traceId not 32 hex")
                need(HEX16.match(s["spanId"]), "spanId not 16 hex")
                p = s.get("parentSpanId") or None
                need(p is None or HEX16.match(p), "parentSpanId not 16 hex")
                need(isinstance(s["startTimeUnixNano"], str) and isinstance(s["endTimeUnixNano"], str),
                     "times must be nanosecond strings")
                need(s["status"].get("code") == 1, "span %s status is %r" % (s["spanId"], s["status"]))
                attrs = {}
                for a in s["attributes"]:
                    attrs[a["key"]] = otlp_value(a["value"])
                spans.append(dict(trace=s["traceId"], id=s["spanId"], parent=p, name=s["name"],
                                  start=int(s["startTimeUnixNano"]), end=int(s["endTimeUnixNano"]), attrs=attrs))
    return spans, batches


def turn_text(attrs):
    if "output.value" in attrs:
        return attrs["output.value"]
    msgs = json.loads(attrs["gen_ai.output.messages"])
    need(isinstance(msgs, list) and msgs, "gen_ai.output.messages must be a non-empty list")
    out = []
    for m in msgs:
        need(m.get("role") == "assistant", "message role must be assistant")
        for p in m["parts"]:
            need(p.get("type") == "text", "part type must be text")
            out.append(p["content"])
    return "\n".join(out)


def check_run(run):
    path = os.path.join(HERE, run + ".json")
    with open(path) as f:
        d = json.load(f)
    num = int(run.split("-")[1])
    system = run.split("-")[0]
    if "spans" in d:
        need(num <= 3, "runs 04-06 must use OTLP layout")
        spans, batches = load_flat(d)
    else:
        need(num >= 4, "runs 01-03 must use the flat layout")
        spans, batches = load_otlp(d)
        need(batches == 2, "OTLP runs must be split over two batches (found %d)" % batches)
        starts = [s["start"] for s in spans]
        need(starts != sorted(starts), "OTLP spans should be in export order, not sorted by start")

    ids = [s["id"] for s in spans]
    need(len(ids) == len(set(ids)), "duplicate span ids")
    need(len({s["trace"] for s in spans}) == 1, "more than one traceId")
    by_id = {s["id"]: s for s in spans}
    roots = [s for s in spans if s["parent"] is None]
    need(len(roots) == 1, "expected exactly one root, found %d" % len(roots))
    root = roots[0]
    for s in spans:
        if s["parent"] is not None:
            need(s["parent"] in by_id, "dangling parent link %s -> %s" % (s["id"], s["parent"]))
            par = by_id[s["parent"]]
            need(par["start"] <= s["start"] and s["end"] <= par["end"],
                 "span %s (%s) outside its parent's time window" % (s["id"], s["name"]))
        need(s["end"] >= s["start"], "span ends before it starts")

    if system == "mo":
        need(root["name"] == "magentic_one.run", "mo root must be magentic_one.run")
    else:
        need(root["name"] == "invoke_agent chat_manager", "gc root must be 'invoke_agent chat_manager'")

    # every invoke_agent span other than the root is a direct child of the root
    for s in spans:
        if s is root:
            continue
        if s["attrs"].get("gen_ai.operation.name") == "invoke_agent":
            need(s["parent"] == root["id"], "turn %s is not a direct child of the root" % s["id"])
        else:
            need(s["parent"] != root["id"], "non-turn span %s directly under root" % s["id"])
            need(s["name"].startswith("chat ") or s["name"].startswith("execute_tool "),
                 "unexpected child span name %r" % s["name"])

    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    need(len({s["start"] for s in steps}) == len(steps), "two steps share a start time")
    need(13 <= len(steps) <= 20, "run has %d steps (want 13-20)" % len(steps))
    texts = []
    for i, s in enumerate(steps):
        a = s["attrs"]
        need(a.get("gen_ai.operation.name") == "invoke_agent", "step %d lacks invoke_agent" % i)
        need(isinstance(a.get("gen_ai.agent.name"), str) and a["gen_ai.agent.name"], "step %d lacks agent name" % i)
        need(("output.value" in a) != ("gen_ai.output.messages" in a),
             "step %d must carry exactly one of output.value / gen_ai.output.messages" % i)
        t = turn_text(a)
        need(t.strip(), "step %d has empty text" % i)
        texts.append(t)
    agents = [s["attrs"]["gen_ai.agent.name"] for s in steps]
    if system == "mo":
        allowed = {"human", "Orchestrator", "WebSurfer", "FileSurfer", "Coder", "ComputerTerminal"}
        need(set(agents) <= allowed, "unexpected MO agent(s): %s" % (set(agents) - allowed))
        need(agents[0] == "human", "mo step 0 must be the human")
        need("FINAL ANSWER" in texts[-1], "mo last step must give the final answer")
    else:
        need(agents[0].endswith("_Expert"), "gc step 0 must be an expert")
        need("Plan for solving the task" in texts[0], "gc step 0 must restate the manager's plan")
        need("TERMINATE" in texts[-1], "gc last turn must say TERMINATE")
        need("Verification_Expert" in agents, "gc run needs a Verification_Expert")
        need("exitcode: 0 (execution succeeded)" in "\n".join(texts), "gc run needs a successful execution")
        need(all(a.endswith("_Expert") or a == "Computer_terminal" for a in agents), "unexpected gc agent names")

    with open(os.path.join(HERE, run + ".label.json")) as f:
        lab = json.load(f)
    need(set(lab) == {"step", "agent", "why"}, "label keys must be step, agent, why")
    need(isinstance(lab["step"], int) and 0 <= lab["step"] < len(steps), "labelled step %r out of range" % lab["step"])
    need(agents[lab["step"]] == lab["agent"],
         "labelled agent %r != step %d agent %r" % (lab["agent"], lab["step"], agents[lab["step"]]))
    need(len(lab["why"]) > 40, "label why too short")
    with open(os.path.join(HERE, run + ".expected.json")) as f:
        exp = json.load(f)
    need(isinstance(exp.get("answer"), str) and exp["answer"].strip(), "expected answer missing")

    fields = "messages" if any("gen_ai.output.messages" in s["attrs"] for s in steps) else "output.value"
    nested = any(s["parent"] not in (None, root["id"]) for s in spans)
    return dict(steps=len(steps), label=lab, layout="flat" if "spans" in d else "otlp", fields=fields,
                nested=nested, system=system)


def main():
    runs = sorted(f[:-5] for f in os.listdir(HERE)
                  if f.endswith(".json") and not f.endswith(".label.json") and not f.endswith(".expected.json"))
    ok = True
    info = {}
    for r in runs:
        try:
            info[r] = check_run(r)
            i = info[r]
            print("PASS %-38s %-4s %-5s steps=%2d label=%2d/%s%s%s" % (
                r, i["system"], i["layout"], i["steps"], i["label"]["step"], i["label"]["agent"],
                " [messages]" if i["fields"] == "messages" else "", " [child spans]" if i["nested"] else ""))
        except (Fail, KeyError, ValueError, TypeError, json.JSONDecodeError, FileNotFoundError) as e:
            ok = False
            print("FAIL %s: %s: %s" % (r, type(e).__name__, e))
    # set-level checks
    try:
        need(len(runs) == 12, "expected 12 runs, found %d" % len(runs))
        for sysname in ("mo", "gc"):
            names = [r for r in runs if r.startswith(sysname + "-")]
            need(sorted(int(r.split("-")[1]) for r in names) == [1, 2, 3, 4, 5, 6], "%s runs must be 01-06" % sysname)
            need(sum(info[r]["fields"] == "messages" for r in names if r in info) == 1,
                 "exactly one %s run must use gen_ai.output.messages" % sysname)
            need(sum(info[r]["nested"] for r in names if r in info) == 1,
                 "exactly one %s run must have child spans" % sysname)
        with open(os.path.join(HERE, "LABELS.md")) as f:
            md = f.read()
        for r in runs:
            need(r in md, "LABELS.md does not mention " + r)
    except (Fail, FileNotFoundError) as e:
        ok = False
        print("FAIL set: %s" % e)
    print("ALL OK" if ok else "SELFCHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
