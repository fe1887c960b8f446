#!/usr/bin/env python3
"""Self-check for the multiagent-blind27 set (standard library only).

Usage: python3 selfcheck.py [folder]   (default: the folder this file sits in)

For every run file <run>.json (with <run>.label.json and <run>.expected.json) it checks:
  - all three files parse as JSON;
  - span ids are unique, every parent id exists, there is exactly one root;
  - every span has status OK;
  - steps = the root's direct children ordered by start time, counted from 0;
    every step carries gen_ai.agent.name and gen_ai.operation.name == invoke_agent and has turn text;
  - the labelled step exists and its agent matches the label;
  - the expected answer differs from the root's final output.
It also checks the turn-count ranges (Magentic-One 15-35, group chat 8-20), that Magentic-One
step 0 is the human turn, and that group chats end with TERMINATE.
"""
import glob
import json
import os
import re
import sys
from datetime import datetime, timezone


def iso_to_ns(s):
    s = s.rstrip("Z")
    if "." in s:
        main, frac = s.split(".", 1)
    else:
        main, frac = s, "0"
    dt = datetime.strptime(main, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    frac = (frac + "000000000")[:9]
    return int(dt.timestamp()) * 1_000_000_000 + int(frac)


def otlp_val(v):
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    return v


def load_spans(data):
    """Return (layout, list of normalized spans)."""
    out = []
    if "spans" in data:
        for s in data["spans"]:
            st = s.get("status")
            ok = st == "OK" or (isinstance(st, dict) and st.get("code") in ("OK", 1, "STATUS_CODE_OK"))
            out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None,
                        "name": s["name"], "start": iso_to_ns(s["startTime"]),
                        "attrs": dict(s.get("attributes") or {}), "ok": ok})
        return "flat", out
    if "resourceSpans" in data:
        for rs in data["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    st = s.get("status") or {}
                    ok = st.get("code") in (1, "STATUS_CODE_OK", "OK")
                    assert re.fullmatch(r"[0-9a-f]{16}", s["spanId"]), "span id not 16 hex"
                    assert re.fullmatch(r"[0-9a-f]{32}", s["traceId"]), "trace id not 32 hex"
                    out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None,
                                "name": s["name"], "start": int(s["startTimeUnixNano"]),
                                "attrs": {a["key"]: otlp_val(a["value"]) for a in s.get("attributes", [])},
                                "ok": ok})
        return "otlp", out
    raise ValueError("unknown layout")


def turn_text(attrs):
    if "output.value" in attrs:
        return attrs["output.value"]
    if "gen_ai.output.messages" in attrs:
        msgs = json.loads(attrs["gen_ai.output.messages"])
        return "\n".join(p.get("content", "") for m in msgs for p in m.get("parts", []))
    return None


def norm(s):
    return re.sub(r"[\s,]", "", str(s)).lower()


def nums(s):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", str(s).replace(",", ""))]


def check_run(path):
    run = os.path.basename(path)[:-5]
    folder = os.path.dirname(path)
    errs = []
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    with open(os.path.join(folder, run + ".label.json"), encoding="utf-8") as f:
        label = json.load(f)
    with open(os.path.join(folder, run + ".expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    layout, spans = load_spans(data)
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errs.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            errs.append(f"span {s['id']} has missing parent {s['parent']}")
        if not s["ok"]:
            errs.append(f"span {s['id']} status not OK")
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        errs.append(f"expected 1 root, found {len(roots)}")
        return run, layout, 0, errs
    root = roots[0]
    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    starts = [s["start"] for s in steps]
    if len(set(starts)) != len(starts):
        errs.append("steps with identical start times (ambiguous order)")
    for i, s in enumerate(steps):
        if not s["attrs"].get("gen_ai.agent.name"):
            errs.append(f"step {i} lacks gen_ai.agent.name")
        if s["attrs"].get("gen_ai.operation.name") != "invoke_agent":
            errs.append(f"step {i} operation is not invoke_agent")
        if not turn_text(s["attrs"]):
            errs.append(f"step {i} has no turn text")
    n = len(steps)
    if run.startswith("mo-"):
        if root["name"] != "magentic_one.run":
            errs.append("root name is not magentic_one.run")
        if not 15 <= n <= 35:
            errs.append(f"{n} turns, expected 15-35")
        if n and steps[0]["attrs"].get("gen_ai.agent.name") != "human":
            errs.append("step 0 is not the human turn")
    elif run.startswith("gc-"):
        if root["name"] != "invoke_agent chat_manager":
            errs.append("root name is not 'invoke_agent chat_manager'")
        if not 8 <= n <= 20:
            errs.append(f"{n} turns, expected 8-20")
        if n and "TERMINATE" not in (turn_text(steps[-1]["attrs"]) or ""):
            errs.append("last turn does not contain TERMINATE")
    if not root["attrs"].get("input.value"):
        errs.append("root lacks input.value")
    final = root["attrs"].get("output.value")
    if final is None:
        errs.append("root lacks output.value")
    step = label.get("step")
    if not isinstance(step, int) or not 0 <= step < n:
        errs.append(f"labelled step {step} does not exist (0..{n - 1})")
    else:
        actual = steps[step]["attrs"].get("gen_ai.agent.name")
        if actual != label.get("agent"):
            errs.append(f"label agent {label.get('agent')!r} != step {step} agent {actual!r}")
    if not label.get("why"):
        errs.append("label lacks why")
    ans = expected.get("answer")
    if not ans:
        errs.append("expected.json lacks answer")
    elif final is not None:
        if norm(ans) == norm(final):
            errs.append(f"expected answer {ans!r} equals final output {final!r}")
        elif nums(ans) and nums(ans) == nums(final):
            errs.append(f"expected answer {ans!r} numerically equals final output {final!r}")
    return run, layout, n, errs, step, label.get("agent"), final, ans


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    paths = sorted(p for p in glob.glob(os.path.join(folder, "*.json"))
                   if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    failed = 0
    for p in paths:
        try:
            res = check_run(p)
        except Exception as e:  # parse or structure failure
            print(f"FAIL {os.path.basename(p)}: {type(e).__name__}: {e}")
            failed += 1
            continue
        run, layout, n, errs = res[:4]
        if errs:
            failed += 1
            print(f"FAIL {run} ({layout}, {n} steps): " + "; ".join(errs))
        else:
            step, agent, final, ans = res[4:]
            print(f"ok   {run:24s} {layout:4s} {n:2d} steps  label step {step:2d} {agent:26s} final {final!r} != expected {ans!r}")
    print(f"{len(paths)} runs checked, {failed} failed")
    if len(paths) != 12:
        print("WARNING: expected 12 runs")
        failed += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
