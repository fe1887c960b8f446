#!/usr/bin/env python3
"""Self-check for the blind28 multi-agent attribution test set (standard library only).

Usage: python3 selfcheck.py [FOLDER]   (defaults to the folder this script sits in)

For each run file <run>.json (flat {"spans": [...]} or OTLP/JSON resourceSpans) it checks that:
  * the file parses, span ids are unique, every parent exists, there is exactly one root,
  * every span has status OK,
  * the steps (the root's direct children ordered by start time, counted from 0) carry
    gen_ai.agent.name and gen_ai.operation.name == invoke_agent and have turn text,
  * the turn count is within range (Magentic-One 15-35, group chat 8-20),
  * <run>.label.json's step exists and its agent matches that step's gen_ai.agent.name,
  * <run>.expected.json's answer differs from the root's output.value.
"""
import datetime
import glob
import json
import os
import sys

OK_CODES = {"OK", "STATUS_CODE_OK", 1, "1"}


def parse_iso_ns(s):
    s = s.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    frac_ns = 0
    if "." in s:
        head, rest = s.split(".", 1)
        digits = ""
        i = 0
        while i < len(rest) and rest[i].isdigit():
            digits += rest[i]
            i += 1
        tz = rest[i:]
        frac_ns = int((digits + "000000000")[:9])
        s = head + tz
    dt = datetime.datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return int(dt.timestamp()) * 1_000_000_000 + frac_ns


def any_value(v):
    if not isinstance(v, dict):
        return v
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [any_value(x) for x in v["arrayValue"].get("values", [])]
    return None


def status_ok(st):
    if isinstance(st, dict):
        return st.get("code") in OK_CODES
    return st in OK_CODES


def load_spans(doc):
    spans = []
    if "spans" in doc:
        layout = "flat"
        for s in doc["spans"]:
            spans.append({
                "id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                "start": parse_iso_ns(s["startTime"]), "attrs": dict(s.get("attributes") or {}),
                "ok": status_ok(s.get("status")),
            })
    elif "resourceSpans" in doc:
        layout = "otlp"
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    spans.append({
                        "id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                        "start": int(s["startTimeUnixNano"]),
                        "attrs": {a["key"]: any_value(a["value"]) for a in s.get("attributes", [])},
                        "ok": status_ok(s.get("status")),
                    })
    else:
        raise ValueError("unknown layout")
    return layout, spans


def turn_text(attrs):
    if attrs.get("output.value"):
        return attrs["output.value"]
    msgs = attrs.get("gen_ai.output.messages")
    if msgs:
        arr = json.loads(msgs) if isinstance(msgs, str) else msgs
        return "\n".join(p.get("content", "") for m in arr for p in m.get("parts", []) if p.get("type") == "text")
    return ""


def norm(a):
    a = str(a).strip().lower().replace(",", "").replace(" ", "")
    try:
        return float(a.rstrip("%").replace("\u20ac", ""))
    except ValueError:
        return a


def check_run(folder, path):
    run = os.path.basename(path)[:-5]
    errs = []
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    layout, spans = load_spans(doc)
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errs.append("duplicate span ids")
    idset = set(ids)
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        errs.append(f"expected 1 root, found {len(roots)}")
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            errs.append(f"span {s['id']} has missing parent {s['parent']}")
        if not s["ok"]:
            errs.append(f"span {s['id']} status not OK")
    root = roots[0]
    system = "mo" if run.startswith("mo-") else "gc"
    want_root = "magentic_one.run" if system == "mo" else "invoke_agent chat_manager"
    if root["name"] != want_root:
        errs.append(f"root name {root['name']!r} != {want_root!r}")
    if not root["attrs"].get("input.value") or "output.value" not in root["attrs"]:
        errs.append("root lacks input.value/output.value")
    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    if len({s["start"] for s in steps}) != len(steps):
        errs.append("steps share a start time")
    for i, s in enumerate(steps):
        a = s["attrs"]
        if not a.get("gen_ai.agent.name"):
            errs.append(f"step {i} lacks gen_ai.agent.name")
        if a.get("gen_ai.operation.name") != "invoke_agent":
            errs.append(f"step {i} operation is not invoke_agent")
        if not turn_text(a).strip():
            errs.append(f"step {i} has no text")
    children = len(spans) - 1 - len(steps)
    lo, hi = (15, 35) if system == "mo" else (8, 20)
    if not lo <= len(steps) <= hi:
        errs.append(f"{len(steps)} turns outside {lo}-{hi}")
    if system == "mo" and steps and steps[0]["attrs"].get("gen_ai.agent.name") != "human":
        errs.append("mo step 0 is not the human turn")
    if system == "gc" and steps and "TERMINATE" not in turn_text(steps[-1]["attrs"]):
        errs.append("gc run does not end with TERMINATE")
    with open(os.path.join(folder, run + ".label.json"), encoding="utf-8") as f:
        label = json.load(f)
    with open(os.path.join(folder, run + ".expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    st = label.get("step")
    if not isinstance(st, int) or not 0 <= st < len(steps):
        errs.append(f"label step {st} out of range 0..{len(steps) - 1}")
        agent = None
    else:
        agent = steps[st]["attrs"].get("gen_ai.agent.name")
        if agent != label.get("agent"):
            errs.append(f"label agent {label.get('agent')!r} != step agent {agent!r}")
    if not label.get("why"):
        errs.append("label lacks why")
    final = root["attrs"].get("output.value", "")
    if norm(final) == norm(expected.get("answer", "")):
        errs.append(f"expected answer {expected.get('answer')!r} equals final output {final!r}")
    info = (f"{run:<30} {layout:<4} turns={len(steps):<3} child_spans={children:<3} "
            f"label={st}/{label.get('agent')}  final={final!r} expected={expected.get('answer')!r}")
    return errs, info


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = sorted(p for p in glob.glob(os.path.join(folder, "*.json"))
                   if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    failed = 0
    for p in files:
        try:
            errs, info = check_run(folder, p)
        except Exception as e:  # noqa: BLE001
            errs, info = [f"exception: {e!r}"], os.path.basename(p)
        print(("OK   " if not errs else "FAIL ") + info)
        for e in errs:
            print("       - " + e)
        failed += bool(errs)
    print(f"{len(files)} runs checked, {failed} failed")
    if len(files) != 12:
        print("expected 12 runs")
        failed += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
