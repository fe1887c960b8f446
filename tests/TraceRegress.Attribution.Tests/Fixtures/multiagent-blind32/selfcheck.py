#!/usr/bin/env python3
"""Self-check for the multiagent-blind32 set (standard library only).

Usage: python3 selfcheck.py [FOLDER]    (default: the folder this script is in)

For every run <run>.json (with <run>.label.json and <run>.expected.json) it checks that:
  - the trace parses (flat {"spans": [...]} or OTLP/JSON resourceSpans) and has exactly one root span;
  - span ids are unique and every parentSpanId refers to an existing span;
  - no span has an error status (and every span's status is OK);
  - the steps (the root's direct children ordered by start time, from 0) are invoke_agent turns with an agent
    name and text, 12 to 30 of them, with no start-time ties;
  - the label's step index resolves to a root child whose gen_ai.agent.name equals the label's agent;
  - the root's output differs from the expected answer, and the expected answer appears nowhere as the final
    answer (root output.value or any 'final answer: ...' line in a turn).
"""
import datetime
import glob
import json
import os
import re
import sys


def iso_to_ns(s):
    s = s.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    m = re.match(r"^(.*T\d\d:\d\d:\d\d)(\.(\d+))?([+-]\d\d:\d\d)?$", s)
    if not m:
        raise ValueError("bad timestamp %r" % s)
    base = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    tz = m.group(4) or "+00:00"
    sign = 1 if tz[0] == "+" else -1
    off = sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    frac = (m.group(3) or "0")
    frac_ns = int((frac + "000000000")[:9])
    secs = int((base - datetime.datetime(1970, 1, 1)).total_seconds()) - off
    return secs * 1_000_000_000 + frac_ns


def any_value(v):
    if not isinstance(v, dict):
        return v
    if "stringValue" in v:
        return v["stringValue"]
    if "intValue" in v:
        return int(v["intValue"])
    if "doubleValue" in v:
        return float(v["doubleValue"])
    if "boolValue" in v:
        return bool(v["boolValue"])
    if "arrayValue" in v:
        return [any_value(x) for x in v["arrayValue"].get("values", [])]
    if "kvlistValue" in v:
        return {kv["key"]: any_value(kv.get("value")) for kv in v["kvlistValue"].get("values", [])}
    return None


def status_kind(st):
    code = (st or {}).get("code")
    if code in (2, "2", "ERROR", "STATUS_CODE_ERROR", "error"):
        return "error"
    if code in (1, "1", "OK", "STATUS_CODE_OK", "ok"):
        return "ok"
    return "unset"


def load_spans(doc):
    spans = []
    if isinstance(doc, dict) and "spans" in doc:
        for s in doc["spans"]:
            start = iso_to_ns(s["startTime"])
            spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s.get("name"),
                              start=start, attrs=dict(s.get("attributes") or {}), status=status_kind(s.get("status")),
                              trace=s.get("traceId")))
    elif isinstance(doc, dict) and "resourceSpans" in doc:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    attrs = {a["key"]: any_value(a.get("value")) for a in s.get("attributes", [])}
                    spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s.get("name"),
                                      start=int(s["startTimeUnixNano"]), attrs=attrs,
                                      status=status_kind(s.get("status")), trace=s.get("traceId")))
    else:
        raise ValueError("unknown layout")
    return spans


def turn_text(attrs):
    if isinstance(attrs.get("output.value"), str):
        return attrs["output.value"]
    msgs = attrs.get("gen_ai.output.messages")
    if isinstance(msgs, str):
        msgs = json.loads(msgs)
    if isinstance(msgs, list):
        out = []
        for m in msgs:
            for p in m.get("parts", []):
                if p.get("type") == "text":
                    out.append(p.get("content", ""))
        return "\n".join(out)
    return None


def norm(s):
    s = str(s).strip().lower()
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    s = re.sub(r"\s+", " ", s)
    return s.rstrip(". ")


def contains_token(hay, needle):
    pat = r"(?<![0-9a-z])" + re.escape(needle) + r"(?![0-9a-z]|\.\d)"
    return re.search(pat, hay) is not None


def check_run(path):
    errs = []
    base = path[:-len(".json")]
    rid = os.path.basename(base)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        with open(base + ".label.json", encoding="utf-8") as fh:
            label = json.load(fh)
        with open(base + ".expected.json", encoding="utf-8") as fh:
            expected = json.load(fh)["answer"]
        spans = load_spans(doc)
    except Exception as e:  # noqa: BLE001
        return rid, ["does not parse: %s" % e], None

    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errs.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] and s["parent"] not in idset:
            errs.append("span %s has missing parent %s" % (s["id"], s["parent"]))
        if s["status"] == "error":
            errs.append("span %s (%s) has an error status" % (s["id"], s["name"]))
        elif s["status"] != "ok":
            errs.append("span %s (%s) status is not OK" % (s["id"], s["name"]))
    if len({s["trace"] for s in spans}) != 1:
        errs.append("more than one traceId")
    roots = [s for s in spans if not s["parent"]]
    if len(roots) != 1:
        errs.append("expected exactly one root, found %d" % len(roots))
        return rid, errs, None
    root = roots[0]
    steps = sorted((s for s in spans if s["parent"] == root["id"]), key=lambda s: s["start"])
    starts = [s["start"] for s in steps]
    if len(set(starts)) != len(starts):
        errs.append("root children have tied start times")
    if not 12 <= len(steps) <= 30:
        errs.append("%d turns (expected 12-30)" % len(steps))
    texts = []
    for i, s in enumerate(steps):
        if s["attrs"].get("gen_ai.operation.name") != "invoke_agent":
            errs.append("step %d is not an invoke_agent span" % i)
        if not s["attrs"].get("gen_ai.agent.name"):
            errs.append("step %d has no gen_ai.agent.name" % i)
        t = turn_text(s["attrs"])
        if not t:
            errs.append("step %d has no text" % i)
        texts.append(t or "")

    step = label.get("step")
    if not isinstance(step, int) or not 0 <= step < len(steps):
        errs.append("label step %r does not resolve to a root child" % (step,))
    else:
        got = steps[step]["attrs"].get("gen_ai.agent.name")
        if got != label.get("agent"):
            errs.append("label agent %r but step %d is %r" % (label.get("agent"), step, got))

    out = root["attrs"].get("output.value")
    exp = norm(expected)
    if out is None:
        errs.append("root has no output.value")
    else:
        if norm(out) == exp:
            errs.append("root output equals the expected answer")
        if contains_token(norm(out), exp):
            errs.append("expected answer appears in the root output")
    for i, t in enumerate(texts):
        for m in re.finditer(r"final answer\s*:\s*(.+)", t, flags=re.I):
            cand = norm(m.group(1))
            if cand == exp or contains_token(cand, exp):
                errs.append("expected answer appears as a final answer in step %d" % i)
    info = "%s, %d spans, %d turns, label step %d = %s, final %r vs expected %r" % (
        "flat" if "spans" in doc else "otlp", len(spans), len(steps), step if isinstance(step, int) else -1,
        label.get("agent"), out, expected)
    return rid, errs, info


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    runs = sorted(p for p in glob.glob(os.path.join(folder, "*.json"))
                  if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    if not runs:
        print("no runs found in", folder)
        return 1
    bad = 0
    for p in runs:
        rid, errs, info = check_run(p)
        if errs:
            bad += 1
            print("FAIL %s" % rid)
            for e in errs:
                print("     - " + e)
        else:
            print("ok   %s: %s" % (rid, info))
    print("%d/%d runs passed" % (len(runs) - bad, len(runs)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
