#!/usr/bin/env python3
"""Self-check for multiagent-blind25: parses every run, checks span structure and that labels resolve."""
import datetime as dt
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = sys.argv[1] if len(sys.argv) > 1 else HERE
HEX16, HEX32 = re.compile(r"^[0-9a-f]{16}$"), re.compile(r"^[0-9a-f]{32}$")
errors = []


def err(rid, msg):
    errors.append("%s: %s" % (rid, msg))


def untype(v):
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    raise ValueError("untyped attribute value %r" % v)


def iso(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc).timestamp()


def load_spans(rid, doc):
    spans = []
    if "spans" in doc:
        layout = "flat"
        for s in doc["spans"]:
            name = s.get("name", s.get("operationName"))
            if name is None:
                err(rid, "flat span without name/operationName")
            if (s.get("status") or {}).get("code") != "OK":
                err(rid, "flat span status not OK: %s" % s.get("spanId"))
            if not isinstance(s.get("duration"), (int, float)) or s["duration"] < 0:
                err(rid, "bad duration")
            st = iso(s["startTime"])
            spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId"), name=name, start=st,
                              end=st + s["duration"] / 1000.0, attrs=s.get("attributes", {})))
    elif "resourceSpans" in doc:
        layout = "otlp"
        raw = [sp for rs in doc["resourceSpans"] for ss in rs["scopeSpans"] for sp in ss["spans"]]
        for s in raw:
            if not HEX16.match(s["spanId"]) or not HEX32.match(s["traceId"]):
                err(rid, "non-hex id %s" % s["spanId"])
            if s.get("kind") != 1:
                err(rid, "kind != 1")
            if (s.get("status") or {}).get("code") != 1:
                err(rid, "status.code != 1")
            if not (isinstance(s["startTimeUnixNano"], str) and isinstance(s["endTimeUnixNano"], str)):
                err(rid, "nanos not strings")
            spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                              start=int(s["startTimeUnixNano"]) / 1e9, end=int(s["endTimeUnixNano"]) / 1e9,
                              attrs={a["key"]: untype(a["value"]) for a in s.get("attributes", [])}))
        ends = [int(s["endTimeUnixNano"]) for s in raw]
        if ends != sorted(ends):
            err(rid, "OTLP spans not in end-time order")
        if raw and raw[-1].get("parentSpanId"):
            err(rid, "OTLP root is not last")
    else:
        raise ValueError("unknown layout")
    return layout, spans


def turn_text(attrs):
    if "output.value" in attrs:
        return attrs["output.value"], "output.value"
    msgs = json.loads(attrs["gen_ai.output.messages"])
    assert isinstance(msgs, list) and msgs
    return "\n".join(p["content"] for m in msgs for p in m["parts"] if p["type"] == "text"), "gen_ai.output.messages"


def check(path):
    rid = os.path.basename(path)[:-5]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    with open(os.path.join(DIR, rid + ".label.json"), encoding="utf-8") as f:
        label = json.load(f)
    with open(os.path.join(DIR, rid + ".expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    layout, spans = load_spans(rid, doc)
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        err(rid, "duplicate span ids")
    byid = {s["id"]: s for s in spans}
    roots = [s for s in spans if not s["parent"]]
    if len(roots) != 1:
        err(rid, "expected one root, got %d" % len(roots))
        return None
    root = roots[0]
    for s in spans:
        if s["parent"] and s["parent"] not in byid:
            err(rid, "missing parent %s" % s["parent"])
        if s["end"] < s["start"]:
            err(rid, "negative span")
        if s["parent"]:
            p = byid.get(s["parent"])
            if p and (s["start"] < p["start"] - 1e-6 or s["end"] > p["end"] + 1e-6):
                err(rid, "span %s outside parent time range" % s["id"])
    system = rid[:2]
    want_root = {"mo": "magentic_one.run", "gc": "invoke_agent chat_manager"}[system]
    if root["name"] != want_root:
        err(rid, "root name %r" % root["name"])
    if not root["attrs"].get("input.value") or not root["attrs"].get("output.value"):
        err(rid, "root lacks input.value/output.value")
    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    if len({s["start"] for s in steps}) != len(steps):
        err(rid, "ties in step start times")
    if not 10 <= len(steps) <= 25:
        err(rid, "%d steps (want 10-25)" % len(steps))
    fields = set()
    for s in steps:
        if not s["attrs"].get("gen_ai.agent.name"):
            err(rid, "step without gen_ai.agent.name")
        try:
            txt, fld = turn_text(s["attrs"])
            fields.add(fld)
            if not txt.strip():
                err(rid, "empty turn text")
        except Exception as e:  # noqa
            err(rid, "no turn text: %s" % e)
    children = [s for s in spans if s["parent"] and s["parent"] != root["id"]]
    for c in children:
        if not (c["name"].startswith("chat ") or c["name"].startswith("execute_tool ")):
            err(rid, "unexpected child span %r" % c["name"])
        if byid[c["parent"]]["parent"] != root["id"]:
            err(rid, "child span not under a turn")
    agents = [s["attrs"].get("gen_ai.agent.name") for s in steps]
    if system == "mo":
        if agents[0] != "human" or turn_text(steps[0]["attrs"])[0] != root["attrs"]["input.value"]:
            err(rid, "step 0 is not the human task turn")
        if "FINAL ANSWER:" not in turn_text(steps[-1]["attrs"])[0]:
            err(rid, "no FINAL ANSWER")
    else:
        if "TERMINATE" not in turn_text(steps[-1]["attrs"])[0]:
            err(rid, "no TERMINATE")
        if "Computer_terminal" not in agents:
            err(rid, "no Computer_terminal turn")
    st, ag = label.get("step"), label.get("agent")
    if not isinstance(st, int) or not 0 <= st < len(steps):
        err(rid, "label step %r out of range" % st)
    elif agents[st] != ag:
        err(rid, "label agent %r != step %d agent %r" % (ag, st, agents[st]))
    if not label.get("why"):
        err(rid, "label without why")
    ans = str(expected.get("answer", "")).strip()
    if not ans:
        err(rid, "empty expected answer")
    norm = lambda x: x.replace(",", "").strip().lower()
    if norm(ans) == norm(root["attrs"].get("output.value", "")):
        err(rid, "final answer equals expected answer")
    return dict(rid=rid, layout=layout, steps=len(steps), children=len(children), field="/".join(sorted(fields)),
                step=st, agent=ag, final=root["attrs"]["output.value"], expected=ans)


def main():
    files = sorted(p for p in glob.glob(os.path.join(DIR, "*.json")) if not p.endswith((".label.json", ".expected.json")))
    rows = []
    for p in files:
        try:
            r = check(p)
            if r:
                rows.append(r)
        except Exception as e:  # noqa
            err(os.path.basename(p), "exception: %r" % e)
    labels_md = os.path.join(DIR, "LABELS.md")
    if not os.path.exists(labels_md):
        err("LABELS.md", "missing")
    else:
        md = open(labels_md, encoding="utf-8").read()
        for r in rows:
            if "| %s | %d | %s |" % (r["rid"], r["step"], r["agent"]) not in md:
                err("LABELS.md", "row for %s missing or inconsistent" % r["rid"])
    if len(rows) != 12:
        err("set", "expected 12 runs, found %d" % len(rows))
    print("%-20s %-5s %5s %8s  %-22s %4s  %-24s %-18s %s" % ("run", "lay", "steps", "children", "text field", "step", "agent", "final", "expected"))
    for r in rows:
        print("%-20s %-5s %5d %8d  %-22s %4d  %-24s %-18s %s" % (r["rid"], r["layout"], r["steps"], r["children"], r["field"],
                                                               r["step"], r["agent"], r["final"], r["expected"]))
    if errors:
        print("\nFAIL: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("\nOK: %d runs parse; span ids unique; all parents exist; every label step resolves to a root child with the labelled agent." % len(rows))


if __name__ == "__main__":
    main()
