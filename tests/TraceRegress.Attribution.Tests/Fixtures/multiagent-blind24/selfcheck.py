#!/usr/bin/env python3
"""Self-check for the multiagent-blind24 set. Usage: python3 selfcheck.py [DIR]  (default: this file's directory)."""
import datetime
import glob
import json
import os
import sys

D = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
problems = []
summary = []


def err(run, msg):
    problems.append("%s: %s" % (run, msg))


def otlp_val(v):
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    raise ValueError("untyped attribute value %r" % (v,))


def iso_ns(s):
    dt = datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    return int(dt.timestamp() * 1e6) * 1000


def load_spans(run, doc):
    """Normalise either layout to dicts: id, parent, name, start, end, attrs, ok."""
    out = []
    if "spans" in doc:
        layout = "flat"
        for s in doc["spans"]:
            name = s.get("name", s.get("operationName"))
            start = iso_ns(s["startTime"])
            if not isinstance(s["duration"], (int, float)):
                err(run, "non-numeric duration on %s" % s["spanId"])
            out.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=name, start=start,
                            end=start + int(s["duration"] * 1e6), attrs=s.get("attributes", {}),
                            ok=s.get("status", {}).get("code") == "OK"))
    elif "resourceSpans" in doc:
        layout = "otlp"
        raw = [sp for rs in doc["resourceSpans"] for ss in rs["scopeSpans"] for sp in ss["spans"]]
        for s in raw:
            if s.get("kind") != 1:
                err(run, "kind != 1 on %s" % s["spanId"])
            if not (isinstance(s["startTimeUnixNano"], str) and isinstance(s["endTimeUnixNano"], str)):
                err(run, "non-string nano timestamps on %s" % s["spanId"])
            if len(s["spanId"]) != 16 or len(s["traceId"]) != 32:
                err(run, "bad hex id length on %s" % s["spanId"])
            out.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                            start=int(s["startTimeUnixNano"]), end=int(s["endTimeUnixNano"]),
                            attrs={a["key"]: otlp_val(a["value"]) for a in s.get("attributes", [])},
                            ok=s.get("status", {}).get("code") == 1))
        ends = [s["end"] for s in out]
        if ends != sorted(ends):
            err(run, "OTLP spans not written in end-time order")
        if out and out[-1]["parent"] is not None:
            err(run, "OTLP root span is not last")
    else:
        raise ValueError("unknown layout")
    return layout, out


def turn_text(attrs):
    if "output.value" in attrs:
        return attrs["output.value"]
    if "gen_ai.output.messages" in attrs:
        msgs = json.loads(attrs["gen_ai.output.messages"])
        assert isinstance(msgs, list) and msgs and all("role" in m and "parts" in m for m in msgs)
        return "\n".join(p["content"] for m in msgs for p in m["parts"] if p.get("type") == "text")
    return None


run_files = sorted(f for f in glob.glob(os.path.join(D, "*.json"))
                   if not f.endswith(".label.json") and not f.endswith(".expected.json"))
all_ids = set()
for path in sorted(glob.glob(os.path.join(D, "*.json"))):
    try:
        with open(path, encoding="utf-8") as f:
            json.load(f)
    except Exception as e:  # noqa: BLE001
        err(os.path.basename(path), "does not parse: %s" % e)

for path in run_files:
    run = os.path.basename(path)[:-5]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    try:
        layout, spans = load_spans(run, doc)
    except Exception as e:  # noqa: BLE001
        err(run, "cannot read spans: %s" % e)
        continue
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        err(run, "duplicate span ids")
    if all_ids & set(ids):
        err(run, "span ids collide with another run")
    all_ids |= set(ids)
    byid = {s["id"]: s for s in spans}
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        err(run, "expected exactly one root, found %d" % len(roots))
        continue
    root = roots[0]
    for s in spans:
        if s["parent"] is not None and s["parent"] not in byid:
            err(run, "span %s has missing parent %s" % (s["id"], s["parent"]))
        if not s["ok"]:
            err(run, "span %s status not OK" % s["id"])
        if s["end"] < s["start"]:
            err(run, "span %s ends before it starts" % s["id"])
        if s["parent"] is not None and s["parent"] in byid:
            p = byid[s["parent"]]
            if s["start"] < p["start"] or s["end"] > p["end"]:
                err(run, "span %s not inside its parent's time window" % s["id"])
    system = "mo" if run.startswith("mo-") else "gc"
    want_root = "magentic_one.run" if system == "mo" else "invoke_agent chat_manager"
    if root["name"] != want_root:
        err(run, "root name %r != %r" % (root["name"], want_root))
    if not root["attrs"].get("input.value") or not root["attrs"].get("output.value"):
        err(run, "root lacks input.value/output.value")
    steps = sorted((s for s in spans if s["parent"] == root["id"]), key=lambda s: s["start"])
    if len({s["start"] for s in steps}) != len(steps):
        err(run, "two steps share a start time")
    if not 10 <= len(steps) <= 25:
        err(run, "%d turns (want 10-25)" % len(steps))
    for i, s in enumerate(steps):
        if not s["attrs"].get("gen_ai.agent.name"):
            err(run, "step %d lacks gen_ai.agent.name" % i)
        try:
            if not turn_text(s["attrs"]):
                err(run, "step %d has no turn text" % i)
        except Exception as e:  # noqa: BLE001
            err(run, "step %d bad gen_ai.output.messages: %s" % (i, e))
    kids = [s for s in spans if s["parent"] not in (None, root["id"])]
    for k in kids:
        if not (k["name"].startswith("chat ") or k["name"].startswith("execute_tool ")):
            err(run, "unexpected child span name %r" % k["name"])
        if byid[k["parent"]]["parent"] != root["id"]:
            err(run, "child span %s is not under a turn" % k["id"])
    agents = [s["attrs"].get("gen_ai.agent.name") for s in steps]
    if system == "mo":
        if agents[0] != "human":
            err(run, "step 0 is not the human task turn")
        if not set(agents) <= {"human", "Orchestrator", "WebSurfer", "FileSurfer", "Coder", "ComputerTerminal"}:
            err(run, "unexpected Magentic-One agents %s" % sorted(set(agents)))
    else:
        if agents[0] in ("Computer_terminal", "chat_manager") or not agents[0].endswith("_Expert"):
            err(run, "step 0 is not an expert turn")
        if "Computer_terminal" not in agents:
            err(run, "no Computer_terminal turn")
        if "TERMINATE" not in (turn_text(steps[-1]["attrs"]) or ""):
            err(run, "last turn does not TERMINATE")
    # label
    try:
        with open(os.path.join(D, run + ".label.json"), encoding="utf-8") as f:
            lab = json.load(f)
        with open(os.path.join(D, run + ".expected.json"), encoding="utf-8") as f:
            exp = json.load(f)
    except Exception as e:  # noqa: BLE001
        err(run, "label/expected missing or unreadable: %s" % e)
        continue
    if set(lab) != {"step", "agent", "why"} or not isinstance(lab["step"], int):
        err(run, "label keys/types wrong")
    elif not 0 <= lab["step"] < len(steps):
        err(run, "label step %d out of range" % lab["step"])
    elif agents[lab["step"]] != lab["agent"]:
        err(run, "label step %d is %r, label says %r" % (lab["step"], agents[lab["step"]], lab["agent"]))
    if set(exp) != {"answer"} or not str(exp["answer"]).strip():
        err(run, "expected.json malformed")
    elif str(exp["answer"]).strip().lower() == str(root["attrs"]["output.value"]).strip().lower():
        err(run, "final answer equals the expected answer (run should be wrong)")
    summary.append("%-26s %-4s spans=%3d turns=%2d children=%2d step=%2d agent=%-22s final=%-14s expected=%s" % (
        run, layout, len(spans), len(steps), len(kids), lab["step"], lab["agent"], root["attrs"]["output.value"], exp["answer"]))

if len(run_files) != 12:
    err("set", "expected 12 run files, found %d" % len(run_files))
if not os.path.exists(os.path.join(D, "LABELS.md")):
    err("set", "LABELS.md missing")
print("\n".join(summary))
if problems:
    print("\nSELFCHECK FAILED (%d problems):" % len(problems))
    print("\n".join("  - " + p for p in problems))
    sys.exit(1)
print("\nSELFCHECK OK: %d runs, all files parse, span ids unique, parents exist, labels resolve to root children with matching agent names."
      % len(run_files))
