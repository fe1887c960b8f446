#!/usr/bin/env python3
"""Self-check for the blind37 trace set (standard library only).

Usage: python3 selfcheck.py [folder]   (default: the folder this file sits in)
"""
import datetime
import glob
import json
import os
import re
import sys


def attr_value(v):
    if not isinstance(v, dict):
        return v
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [attr_value(x) for x in v["arrayValue"].get("values", [])]
    return None


def load_spans(doc):
    """Return list of normalised spans: id, parent, name, start (ns int), attrs (dict), status code."""
    out = []
    if "spans" in doc:
        for s in doc["spans"]:
            st = datetime.datetime.strptime(s["startTime"].replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z")
            ns = int(st.timestamp()) * 1_000_000_000 + st.microsecond * 1000
            out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                        "start": ns, "attrs": dict(s.get("attributes") or {}),
                        "status": (s.get("status") or {}).get("code")})
    elif "resourceSpans" in doc:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    attrs = {a["key"]: attr_value(a["value"]) for a in s.get("attributes", [])}
                    out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                                "start": int(s["startTimeUnixNano"]), "attrs": attrs,
                                "status": (s.get("status") or {}).get("code")})
    else:
        raise ValueError("unknown layout")
    return out


def turn_text(span):
    a = span["attrs"]
    if "output.value" in a:
        return str(a["output.value"])
    if "gen_ai.output.messages" in a:
        msgs = a["gen_ai.output.messages"]
        if isinstance(msgs, str):
            msgs = json.loads(msgs)
        return "\n".join(p.get("content", "") for m in msgs for p in m.get("parts", []) if p.get("type") == "text")
    return ""


def norm(x):
    x = str(x).strip().lower().rstrip(".").replace(",", "").replace("%", "").strip()
    try:
        return repr(float(x))
    except ValueError:
        return re.sub(r"\s+", " ", x)


def check_run(path):
    errors = []
    base = path[:-len(".json")]
    rid = os.path.basename(base)
    try:
        with open(path) as f:
            doc = json.load(f)
        with open(base + ".label.json") as f:
            label = json.load(f)
        with open(base + ".expected.json") as f:
            expected = json.load(f)["answer"]
        spans = load_spans(doc)
    except Exception as e:  # noqa
        return rid, ["does not parse: %r" % e], None
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errors.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] is not None and s["parent"] not in idset:
            errors.append("span %s has missing parent %s" % (s["id"], s["parent"]))
        if s["status"] not in ("OK", 1, "STATUS_CODE_OK"):
            errors.append("span %s (%s) has status %r" % (s["id"], s["name"], s["status"]))
    roots = [s for s in spans if s["parent"] is None]
    if len(roots) != 1:
        errors.append("expected one root, found %d" % len(roots))
        return rid, errors, None
    root = roots[0]
    if rid.startswith("mo-") and root["name"] != "magentic_one.run":
        errors.append("root name %r" % root["name"])
    if rid.startswith("gc-") and root["name"] != "invoke_agent chat_manager":
        errors.append("root name %r" % root["name"])
    turns = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    if len({s["start"] for s in turns}) != len(turns):
        errors.append("ties in turn start times")
    if not 12 <= len(turns) <= 30:
        errors.append("%d turns (want 12-30)" % len(turns))
    for t in turns:
        if t["attrs"].get("gen_ai.operation.name") != "invoke_agent" or not t["attrs"].get("gen_ai.agent.name"):
            errors.append("turn %s lacks invoke_agent / agent name" % t["id"])
        if not turn_text(t):
            errors.append("turn %s has no text" % t["id"])
    step = label.get("step")
    if not isinstance(step, int) or not 0 <= step < len(turns):
        errors.append("label step %r out of range" % step)
    elif turns[step]["attrs"].get("gen_ai.agent.name") != label.get("agent"):
        errors.append("label agent %r but step %d is %r" % (label.get("agent"), step,
                                                          turns[step]["attrs"].get("gen_ai.agent.name")))
    final = root["attrs"].get("output.value")
    if final is None:
        errors.append("root has no output.value")
    elif norm(final) == norm(expected):
        errors.append("root output equals the expected answer")
    finals = [final] if final is not None else []
    for t in turns:
        for m in re.finditer(r"FINAL ANSWER:\s*([^\n]+)", turn_text(t)):
            finals.append(m.group(1))
    last = turn_text(turns[-1]) if turns else ""
    m = re.search(r"final answer is\s+([^\n]+?)\.?\s*(\n|$)", last, re.I)
    if m:
        finals.append(m.group(1))
    for f in finals:
        if norm(f) == norm(expected):
            errors.append("expected answer %r appears as a final answer" % expected)
    summary = "%d spans, %d turns, step %s = %s, final %r vs expected %r" % (
        len(spans), len(turns), step, label.get("agent"), final, expected)
    return rid, errors, summary


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    runs = sorted(p for p in glob.glob(os.path.join(folder, "*.json"))
                  if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    bad = 0
    for p in runs:
        rid, errors, summary = check_run(p)
        if errors:
            bad += 1
            print("FAIL %s" % rid)
            for e in errors:
                print("     - %s" % e)
        else:
            print("ok   %-30s %s" % (rid, summary))
    print("%d runs checked, %d failed" % (len(runs), bad))
    sys.exit(1 if bad or not runs else 0)


if __name__ == "__main__":
    main()
