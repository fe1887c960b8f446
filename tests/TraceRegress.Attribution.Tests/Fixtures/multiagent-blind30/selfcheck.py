#!/usr/bin/env python3
"""Self-check for the multiagent-blind30 set (standard library only).

Usage: python3 selfcheck.py [FOLDER]   (default: the folder this script sits in)

Checks, for every <run>.json (not *.label.json / *.expected.json):
  - the trace file, label and expected files parse;
  - span ids are unique, every parent id exists, exactly one root;
  - every span has status OK;
  - steps = root's direct children ordered by start time (counted from 0), with distinct start times;
    each step carries gen_ai.agent.name and gen_ai.operation.name == invoke_agent and has turn text;
  - the labelled step exists and its gen_ai.agent.name equals the label's agent;
  - the expected answer differs from the root's output.value;
  - turn counts (mo: 15-35, gc: 8-20), step 0 of mo runs is the human, last gc turn says TERMINATE.
"""
import datetime as dt
import glob
import json
import os
import re
import sys


def parse_iso(s):
    s = s.replace("Z", "+00:00")
    return dt.datetime.fromisoformat(s)


def otlp_attr(v):
    if not isinstance(v, dict):
        return v
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [otlp_attr(x) for x in v["arrayValue"].get("values", [])]
    return None


def status_ok(st):
    if isinstance(st, str):
        return st.upper() in ("OK", "STATUS_CODE_OK")
    if isinstance(st, dict):
        c = st.get("code")
        return c in (1, "1", "OK", "STATUS_CODE_OK", "ok")
    return False


def load_spans(doc):
    """Return list of normalized spans: dict(id, parent, name, start_ns, attrs, status_ok)."""
    out = []
    if "resourceSpans" in doc:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    attrs = {a["key"]: otlp_attr(a["value"]) for a in s.get("attributes", [])}
                    out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                                "start": int(s["startTimeUnixNano"]), "attrs": attrs,
                                "ok": status_ok(s.get("status"))})
    elif "spans" in doc:
        for s in doc["spans"]:
            t = parse_iso(s["startTime"])
            ns = int(t.timestamp()) * 10**9 + t.microsecond * 1000
            out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                        "start": ns, "attrs": s.get("attributes", {}), "ok": status_ok(s.get("status"))})
    else:
        raise ValueError("unknown layout")
    return out


def turn_text(attrs):
    if attrs.get("output.value"):
        return attrs["output.value"]
    msgs = attrs.get("gen_ai.output.messages")
    if msgs:
        data = json.loads(msgs) if isinstance(msgs, str) else msgs
        return "\n".join(p.get("content", "") for m in data for p in m.get("parts", []) if p.get("type") == "text")
    return ""


def norm(a):
    return re.sub(r"[\s,]", "", str(a)).lower()


def check(folder):
    files = sorted(f for f in glob.glob(os.path.join(folder, "*.json"))
                   if not f.endswith(".label.json") and not f.endswith(".expected.json"))
    problems = []
    rows = []
    for f in files:
        rid = os.path.basename(f)[:-5]
        errs = []
        try:
            with open(f, encoding="utf-8") as fh:
                doc = json.load(fh)
            with open(os.path.join(folder, rid + ".label.json"), encoding="utf-8") as fh:
                label = json.load(fh)
            with open(os.path.join(folder, rid + ".expected.json"), encoding="utf-8") as fh:
                expected = json.load(fh)
            spans = load_spans(doc)
        except Exception as e:  # noqa: BLE001
            problems.append("%s: parse error: %s" % (rid, e))
            continue
        ids = [s["id"] for s in spans]
        if len(ids) != len(set(ids)):
            errs.append("duplicate span ids")
        idset = set(ids)
        roots = [s for s in spans if s["parent"] is None]
        if len(roots) != 1:
            errs.append("expected exactly one root, found %d" % len(roots))
        for s in spans:
            if s["parent"] is not None and s["parent"] not in idset:
                errs.append("span %s has missing parent %s" % (s["id"], s["parent"]))
            if not s["ok"]:
                errs.append("span %s status not OK" % s["id"])
        if not roots:
            problems.append("%s: %s" % (rid, "; ".join(errs)))
            continue
        root = roots[0]
        steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
        starts = [s["start"] for s in steps]
        if len(starts) != len(set(starts)):
            errs.append("steps with identical start times")
        for i, s in enumerate(steps):
            if not s["attrs"].get("gen_ai.agent.name"):
                errs.append("step %d has no gen_ai.agent.name" % i)
            if s["attrs"].get("gen_ai.operation.name") != "invoke_agent":
                errs.append("step %d operation is not invoke_agent" % i)
            if not turn_text(s["attrs"]):
                errs.append("step %d has no turn text" % i)
        n = len(steps)
        if rid.startswith("mo-"):
            if root["name"] != "magentic_one.run":
                errs.append("root name %r" % root["name"])
            if not (15 <= n <= 35):
                errs.append("mo run has %d turns" % n)
            if n and steps[0]["attrs"].get("gen_ai.agent.name") != "human":
                errs.append("mo step 0 is not the human turn")
        elif rid.startswith("gc-"):
            if root["name"] != "invoke_agent chat_manager":
                errs.append("root name %r" % root["name"])
            if not (8 <= n <= 20):
                errs.append("gc run has %d turns" % n)
            if n and "TERMINATE" not in turn_text(steps[-1]["attrs"]):
                errs.append("last gc turn lacks TERMINATE")
        if not root["attrs"].get("input.value"):
            errs.append("root has no input.value")
        final = root["attrs"].get("output.value")
        if final is None:
            errs.append("root has no output.value")
        step = label.get("step")
        agent = label.get("agent")
        if not isinstance(step, int) or not (0 <= step < n):
            errs.append("labelled step %r out of range (0..%d)" % (step, n - 1))
        elif steps[step]["attrs"].get("gen_ai.agent.name") != agent:
            errs.append("labelled agent %r != step agent %r" % (agent, steps[step]["attrs"].get("gen_ai.agent.name")))
        if not label.get("why"):
            errs.append("label has no why")
        ans = expected.get("answer")
        if ans is None or final is None or norm(ans) == norm(final):
            errs.append("expected answer %r does not differ from final %r" % (ans, final))
        status = "ok" if not errs else "FAIL"
        rows.append((rid, n, step, agent, final, ans, status))
        for e in errs:
            problems.append("%s: %s" % (rid, e))
    return rows, problems


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rows, problems = check(folder)
    w = max([len(r[0]) for r in rows] + [3])
    print("%-*s  %5s  %4s  %-22s  %-12s  %-12s  %s" % (w, "run", "turns", "step", "agent", "final", "expected", "check"))
    for rid, n, step, agent, final, ans, status in rows:
        print("%-*s  %5d  %4s  %-22s  %-12s  %-12s  %s" % (w, rid, n, step, agent, final, ans, status))
    if not rows:
        problems.append("no run files found in %s" % folder)
    if problems:
        print("\n%d problem(s):" % len(problems))
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("\nall %d runs pass" % len(rows))


if __name__ == "__main__":
    main()
