#!/usr/bin/env python3
"""Validate the multiagent-blind41 fixture set (standard library only).

Checks, for every run:
  * the trace parses (flat {"spans": [...]} for runs 01-03, OTLP/JSON resourceSpans for 04-06,
    the latter split over two batches);
  * span ids are unique and every parent link resolves; there is exactly one root, with the
    expected name (magentic_one.run / invoke_agent chat_manager);
  * every invoke_agent span other than the root is a direct child of the root, and every
    direct child of the root is a turn with gen_ai.agent.name and text (output.value or
    gen_ai.output.messages);
  * child spans (chat / execute_tool) are not invoke_agent spans and lie inside their parent;
  * 13-20 turns, unique start times, no span with an error status;
  * the label's step exists (steps = root's direct children ordered by start time, from 0)
    and its agent matches; the expected answer is non-empty and differs from the final answer;
  * LABELS.md lists every run with the same step and agent.
"""
import datetime
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ERRORS = []


def err(run, msg):
    ERRORS.append("%s: %s" % (run, msg))


def iso_to_ns(s):
    dt = datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
    epoch = datetime.datetime(1970, 1, 1)
    delta = dt - epoch
    return (delta.days * 86400 + delta.seconds) * 10**9 + delta.microseconds * 1000


def typed_value(v):
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [typed_value(x) for x in v["arrayValue"].get("values", [])]
    raise ValueError("unknown typed value %r" % (v,))


def load(run, path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    spans = []
    if "spans" in doc:
        layout = "flat"
        for s in doc["spans"]:
            st = iso_to_ns(s["startTime"])
            if not isinstance(s["duration"], (int, float)) or s["duration"] < 0:
                err(run, "bad duration on %s" % s.get("spanId"))
            code = (s.get("status") or {}).get("code", "UNSET")
            spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                              start=st, end=st + int(s["duration"] * 10**6), attrs=dict(s.get("attributes") or {}),
                              error=str(code).upper() in ("ERROR", "STATUS_CODE_ERROR", "2")))
        batches = 1
    elif "resourceSpans" in doc:
        layout = "otlp"
        batches = len(doc["resourceSpans"])
        for rs in doc["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    if not re.fullmatch(r"[0-9a-f]{32}", s["traceId"]) or not re.fullmatch(r"[0-9a-f]{16}", s["spanId"]):
                        err(run, "non-hex id on span %s" % s.get("spanId"))
                    if not isinstance(s["startTimeUnixNano"], str) or not isinstance(s["endTimeUnixNano"], str):
                        err(run, "times must be strings on %s" % s["spanId"])
                    code = (s.get("status") or {}).get("code", 0)
                    spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                                      start=int(s["startTimeUnixNano"]), end=int(s["endTimeUnixNano"]),
                                      attrs={a["key"]: typed_value(a["value"]) for a in s.get("attributes", [])},
                                      error=code in (2, "STATUS_CODE_ERROR")))
    else:
        raise ValueError("unknown layout")
    return layout, batches, spans


def turn_text(attrs):
    if "output.value" in attrs:
        return attrs["output.value"], "output.value"
    if "gen_ai.output.messages" in attrs:
        msgs = json.loads(attrs["gen_ai.output.messages"])
        parts = [p["content"] for m in msgs for p in m["parts"] if p.get("type") == "text"]
        assert all(m["role"] == "assistant" for m in msgs)
        return "\n".join(parts), "gen_ai.output.messages"
    return None, None


def check_run(path):
    run = os.path.basename(path)[:-5]
    m = re.fullmatch(r"(mo|gc)-0([1-6])-[a-z0-9-]+", run)
    if not m:
        err(run, "bad run name")
        return None
    system, num = m.group(1), int(m.group(2))
    try:
        layout, batches, spans = load(run, path)
    except Exception as e:  # noqa
        err(run, "parse failure: %r" % e)
        return None
    want_layout = "flat" if num <= 3 else "otlp"
    if layout != want_layout:
        err(run, "layout %s, expected %s" % (layout, want_layout))
    if layout == "otlp":
        if batches != 2:
            err(run, "expected 2 export batches, got %d" % batches)
        starts = [s["start"] for s in spans]
        if starts == sorted(starts):
            err(run, "OTLP spans should not be in sorted order")

    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        err(run, "duplicate span ids")
    byid = {s["id"]: s for s in spans}
    roots = [s for s in spans if not s["parent"]]
    if len(roots) != 1:
        err(run, "expected exactly one root, got %d" % len(roots))
        return None
    root = roots[0]
    want_root = "magentic_one.run" if system == "mo" else "invoke_agent chat_manager"
    if root["name"] != want_root:
        err(run, "root name %r, expected %r" % (root["name"], want_root))
    for s in spans:
        if s["parent"] and s["parent"] not in byid:
            err(run, "dangling parent on %s" % s["id"])
        if s["error"]:
            err(run, "error status on %s" % s["id"])
        if s["end"] < s["start"]:
            err(run, "negative duration on %s" % s["id"])
        if s is not root and s["attrs"].get("gen_ai.operation.name") == "invoke_agent" and s["parent"] != root["id"]:
            err(run, "invoke_agent span %s is not a direct child of the root" % s["id"])
        if s["parent"] and s["parent"] in byid and s["parent"] != root["id"]:
            p = byid[s["parent"]]
            if s["attrs"].get("gen_ai.operation.name") == "invoke_agent":
                err(run, "nested invoke_agent span %s" % s["id"])
            if not (p["start"] <= s["start"] and s["end"] <= p["end"]):
                err(run, "child span %s outside its parent" % s["id"])
            if not (s["name"].startswith("chat ") or s["name"].startswith("execute_tool ")):
                err(run, "unexpected child span name %r" % s["name"])
        if s is not root and not (root["start"] <= s["start"] and s["end"] <= root["end"]):
            err(run, "span %s outside the root window" % s["id"])

    turns = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    if len({t["start"] for t in turns}) != len(turns):
        err(run, "turns with identical start times")
    if not 13 <= len(turns) <= 20:
        err(run, "turn count %d outside 13-20" % len(turns))
    fields = set()
    agents_ok = {"mo": {"human", "Orchestrator", "WebSurfer", "FileSurfer", "Coder", "ComputerTerminal"}}
    for i, t in enumerate(turns):
        a = t["attrs"]
        if a.get("gen_ai.operation.name") != "invoke_agent":
            err(run, "step %d is not invoke_agent" % i)
        name = a.get("gen_ai.agent.name")
        if not name:
            err(run, "step %d lacks gen_ai.agent.name" % i)
        elif system == "mo" and name not in agents_ok["mo"]:
            err(run, "step %d has unexpected Magentic-One agent %r" % (i, name))
        elif system == "gc" and not (name == "Computer_terminal" or name.endswith("_Expert")):
            err(run, "step %d has unexpected group-chat agent %r" % (i, name))
        try:
            text, field = turn_text(a)
        except Exception as e:  # noqa
            err(run, "step %d bad gen_ai.output.messages: %r" % (i, e))
            continue
        if not text:
            err(run, "step %d has no text" % i)
        fields.add(field)
    if len(fields) != 1:
        err(run, "mixed text fields %r" % fields)
    if system == "mo":
        if turns and turns[0]["attrs"].get("gen_ai.agent.name") != "human":
            err(run, "Magentic-One run should start with the human turn")
        last = turn_text(turns[-1]["attrs"])[0] or ""
        mfin = re.search(r"FINAL ANSWER:\s*(.+)", last)
        final = mfin.group(1).strip() if mfin else None
        if final is None:
            err(run, "no FINAL ANSWER in last turn")
    else:
        last = turn_text(turns[-1]["attrs"])[0] or ""
        if "TERMINATE" not in last:
            err(run, "last turn lacks TERMINATE")
        first = turn_text(turns[0]["attrs"])[0] or ""
        if "## Plan for solving the task" not in first:
            err(run, "step 0 does not restate the manager's plan")
        mfin = re.search(r"Final answer:\s*(\S+)", last) or re.search(r"verified by all experts:\s*(\S+)", last) or re.search(r"agree on\s*(\S+?)\.?\s", last)
        final = mfin.group(1).strip() if mfin else None
    has_children = any(s["parent"] and s["parent"] != root["id"] for s in spans)

    lab_path = os.path.join(HERE, run + ".label.json")
    exp_path = os.path.join(HERE, run + ".expected.json")
    try:
        label = json.load(open(lab_path, encoding="utf-8"))
        expected = json.load(open(exp_path, encoding="utf-8"))
    except Exception as e:  # noqa
        err(run, "label/expected missing or unreadable: %r" % e)
        return None
    if set(label) != {"step", "agent", "why"}:
        err(run, "label keys %r" % sorted(label))
    step = label.get("step")
    if not isinstance(step, int) or not 0 <= step < len(turns):
        err(run, "labelled step %r does not exist" % step)
    elif turns[step]["attrs"].get("gen_ai.agent.name") != label.get("agent"):
        err(run, "labelled agent %r != step agent %r" % (label.get("agent"), turns[step]["attrs"].get("gen_ai.agent.name")))
    if not str(label.get("why", "")).strip():
        err(run, "empty why")
    ans = str(expected.get("answer", "")).strip()
    if not ans or set(expected) != {"answer"}:
        err(run, "bad expected.json")
    if final is not None and final.rstrip(".") == ans:
        err(run, "final answer equals expected answer")
    return dict(run=run, system=system, layout=layout, field=fields.pop() if fields else None,
                children=has_children, step=step, agent=label.get("agent"), n=len(turns))


def main():
    paths = sorted(p for p in glob.glob(os.path.join(HERE, "*.json"))
                   if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    results = [r for r in (check_run(p) for p in paths) if r]
    names = [os.path.basename(p)[:-5] for p in paths]
    for sysname in ("mo", "gc"):
        got = sorted(n[:5] for n in names if n.startswith(sysname))
        want = ["%s-0%d" % (sysname, i) for i in range(1, 7)]
        if got != want:
            ERRORS.append("run set for %s is %r, expected %r" % (sysname, got, want))
        rs = [r for r in results if r["system"] == sysname]
        msg_runs = [r["run"] for r in rs if r["field"] == "gen_ai.output.messages"]
        kid_runs = [r["run"] for r in rs if r["children"]]
        if len(msg_runs) != 1:
            ERRORS.append("%s: expected exactly one run using gen_ai.output.messages, got %r" % (sysname, msg_runs))
        if len(kid_runs) != 1:
            ERRORS.append("%s: expected exactly one run with child spans, got %r" % (sysname, kid_runs))
    labels_md = os.path.join(HERE, "LABELS.md")
    if not os.path.exists(labels_md):
        ERRORS.append("LABELS.md missing")
    else:
        md = open(labels_md, encoding="utf-8").read()
        for r in results:
            row = re.search(r"^\|\s*%s\s*\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|" % re.escape(r["run"]), md, re.M)
            if not row:
                ERRORS.append("LABELS.md has no row for %s" % r["run"])
            elif int(row.group(1)) != r["step"] or row.group(2) != r["agent"]:
                ERRORS.append("LABELS.md row for %s disagrees with its label" % r["run"])
            elif not re.search(r"%s[^\n]*; %d turns\)" % (re.escape(r["run"]), r["n"]), md):
                ERRORS.append("LABELS.md turn count for %s is wrong" % r["run"])
    for r in results:
        print("%-28s %-5s %-22s step %2d  %-22s turns %d%s" % (
            r["run"], r["layout"], r["field"], r["step"], r["agent"], r["n"], "  (+child spans)" if r["children"] else ""))
    if ERRORS:
        print("\nFAILED:")
        for e in ERRORS:
            print("  - " + e)
        sys.exit(1)
    print("\nOK: %d runs validated" % len(results))


if __name__ == "__main__":
    main()
