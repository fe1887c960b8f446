#!/usr/bin/env python3
"""Self-check for the multiagent-blind29 set (standard library only).

Usage: python3 selfcheck.py [folder]   (defaults to the folder this script sits in)

Checks, for every run file (mo-NN-*.json / gc-NN-*.json):
  * the run, its .label.json and .expected.json parse;
  * span ids are unique, every parent id exists, exactly one root, every span has status OK;
  * the root name matches the system and carries input.value / output.value;
  * steps (root's direct children ordered by start time) have distinct start times, agent names,
    gen_ai.operation.name == invoke_agent and non-empty text; turn counts are in range;
  * the labelled step exists and its agent matches;
  * the expected answer differs from the run's final output.
"""
import datetime
import json
import os
import re
import sys

RUN_RE = re.compile(r"^(mo|gc)-(\d\d)-[a-z0-9-]+\.json$")


def parse_iso(s):
    s = s.replace("Z", "+00:00")
    dt = datetime.datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return int(round(dt.timestamp() * 1_000_000)) * 1000


def otlp_value(v):
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [otlp_value(x) for x in v["arrayValue"].get("values", [])]
    return None


def status_ok(st):
    if st is None:
        return False
    if isinstance(st, str):
        return st.upper() in ("OK", "STATUS_CODE_OK")
    code = st.get("code")
    return code in (1, "1", "OK", "STATUS_CODE_OK", "ok")


def load_spans(doc, errors):
    spans = []
    if "resourceSpans" in doc:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    for key, n in (("spanId", 16), ("traceId", 32)):
                        if not re.fullmatch(r"[0-9a-f]{%d}" % n, s.get(key, "")):
                            errors.append(f"bad hex {key} {s.get(key)!r}")
                    if s.get("parentSpanId") and not re.fullmatch(r"[0-9a-f]{16}", s["parentSpanId"]):
                        errors.append(f"bad hex parentSpanId {s['parentSpanId']!r}")
                    if not (isinstance(s.get("startTimeUnixNano"), str) and s["startTimeUnixNano"].isdigit()):
                        errors.append(f"span {s.get('spanId')}: startTimeUnixNano must be a digit string")
                    if "kind" not in s:
                        errors.append(f"span {s.get('spanId')}: missing kind")
                    attrs = {a["key"]: otlp_value(a["value"]) for a in s.get("attributes", [])}
                    spans.append(dict(id=s.get("spanId"), parent=s.get("parentSpanId") or None, name=s.get("name"),
                                      start=int(s["startTimeUnixNano"]), ok=status_ok(s.get("status")), attrs=attrs))
    elif "spans" in doc:
        for s in doc["spans"]:
            if not isinstance(s.get("duration"), (int, float)):
                errors.append(f"span {s.get('spanId')}: duration must be a number of ms")
            spans.append(dict(id=s.get("spanId"), parent=s.get("parentSpanId") or None, name=s.get("name"),
                              start=parse_iso(s["startTime"]), ok=status_ok(s.get("status")),
                              attrs=dict(s.get("attributes", {}))))
    else:
        errors.append("unknown layout (neither 'spans' nor 'resourceSpans')")
    return spans


def turn_text(attrs):
    if attrs.get("output.value"):
        return attrs["output.value"]
    msgs = attrs.get("gen_ai.output.messages")
    if msgs:
        if isinstance(msgs, str):
            msgs = json.loads(msgs)
        return "\n".join(p.get("content", "") for m in msgs for p in m.get("parts", []) if p.get("type") == "text")
    return ""


def norm(x):
    return re.sub(r"[\s,]+", "", str(x)).lower()


def check_run(folder, fname):
    errors = []
    system = RUN_RE.match(fname).group(1)
    base = fname[:-5]
    try:
        with open(os.path.join(folder, fname), encoding="utf-8") as f:
            doc = json.load(f)
        with open(os.path.join(folder, base + ".label.json"), encoding="utf-8") as f:
            label = json.load(f)
        with open(os.path.join(folder, base + ".expected.json"), encoding="utf-8") as f:
            expected = json.load(f)
    except (OSError, ValueError) as e:
        return [f"parse error: {e}"], None
    spans = load_spans(doc, errors)
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errors.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            errors.append(f"span {s['id']} has missing parent {s['parent']}")
        if not s["ok"]:
            errors.append(f"span {s['id']} status is not OK")
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        errors.append(f"expected exactly one root, found {len(roots)}")
        return errors, None
    root = roots[0]
    want_root = "magentic_one.run" if system == "mo" else "invoke_agent chat_manager"
    if root["name"] != want_root:
        errors.append(f"root name {root['name']!r} != {want_root!r}")
    for k in ("input.value", "output.value"):
        if not root["attrs"].get(k):
            errors.append(f"root lacks {k}")
    steps = sorted((s for s in spans if s["parent"] == root["id"]), key=lambda s: s["start"])
    starts = [s["start"] for s in steps]
    if len(set(starts)) != len(starts):
        errors.append("two steps share a start time (ordering ambiguous)")
    lo, hi = (15, 35) if system == "mo" else (8, 20)
    if not lo <= len(steps) <= hi:
        errors.append(f"{len(steps)} steps, outside {lo}-{hi}")
    for i, s in enumerate(steps):
        if s["attrs"].get("gen_ai.operation.name") != "invoke_agent":
            errors.append(f"step {i} operation is not invoke_agent")
        if not s["attrs"].get("gen_ai.agent.name"):
            errors.append(f"step {i} lacks gen_ai.agent.name")
        if not turn_text(s["attrs"]).strip():
            errors.append(f"step {i} has no text")
        if s["start"] < root["start"]:
            errors.append(f"step {i} starts before the root")
    if steps:
        if system == "mo" and steps[0]["attrs"].get("gen_ai.agent.name") != "human":
            errors.append("mo run: step 0 is not the human turn")
        if system == "gc" and "TERMINATE" not in turn_text(steps[-1]["attrs"]):
            errors.append("gc run: last turn lacks TERMINATE")
    step = label.get("step")
    if not isinstance(step, int) or not 0 <= step < len(steps):
        errors.append(f"labelled step {step!r} does not exist ({len(steps)} steps)")
    else:
        agent = steps[step]["attrs"].get("gen_ai.agent.name")
        if agent != label.get("agent"):
            errors.append(f"label agent {label.get('agent')!r} != step {step} agent {agent!r}")
    if not str(label.get("why", "")).strip():
        errors.append("label has no why")
    final = root["attrs"].get("output.value", "")
    if norm(expected.get("answer", "")) in ("", norm(final)):
        errors.append(f"expected answer {expected.get('answer')!r} equals/empty vs final {final!r}")
    info = dict(steps=len(steps), spans=len(spans), step=step, agent=label.get("agent"), final=final,
                expected=expected.get("answer"))
    return errors, info


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    runs = sorted(f for f in os.listdir(folder) if RUN_RE.match(f))
    failures = 0
    if len(runs) != 12:
        print(f"FAIL: expected 12 run files, found {len(runs)}")
        failures += 1
    if not os.path.exists(os.path.join(folder, "LABELS.md")):
        print("FAIL: LABELS.md missing")
        failures += 1
    for fname in runs:
        errors, info = check_run(folder, fname)
        if errors:
            failures += 1
            print(f"FAIL {fname}:")
            for e in errors:
                print("   -", e)
        else:
            print(f"ok   {fname:<34} steps={info['steps']:>2} spans={info['spans']:>2} "
                  f"label=step {info['step']:>2} {info['agent']:<22} final={info['final']!r} "
                  f"expected={info['expected']!r}")
    print()
    if failures:
        print(f"SELFCHECK FAILED ({failures} problem(s))")
        sys.exit(1)
    print(f"SELFCHECK PASSED: {len(runs)} runs")


if __name__ == "__main__":
    main()
