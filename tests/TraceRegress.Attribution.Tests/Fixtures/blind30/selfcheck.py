#!/usr/bin/env python3
"""Self-check for the blind30 trace set (standard library only).

Usage: python3 selfcheck.py [folder]    (default: the folder this file sits in)

For every runNN.<format>.<ext> with a runNN.label.json it checks that:
  * the file parses and its format is recognised;
  * span ids are unique, every parent id exists, there is one trace id, 8-40 spans;
  * the label's path resolves to exactly one span and that span's id equals the label's spanId;
  * the label category is a TRAIL leaf and categories are distinct across runs;
  * runs meant to be clean carry no error status and no error wording / 4xx-5xx codes.
"""
import glob
import json
import os
import re
import sys
from datetime import datetime, timezone

CLEAN = {"run01", "run02", "run04", "run05", "run06", "run08", "run09", "run10", "run11"}
TRAIL = {
    "Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval",
    "Tool Output Misinterpretation", "Incorrect Problem Identification", "Tool Selection Errors", "Formatting Errors",
    "Instruction Non-compliance", "Tool Definition Issues", "Environment Setup Errors", "Rate Limiting",
    "Authentication Errors", "Service Errors", "Resource Not Found", "Resource Exhaustion", "Timeout Issues",
    "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration",
}
WORDS = ["error", "fail", "exception", "invalid", "timeout", "timed out", "unauthorized", "unauthorised", "forbidden",
         "too many requests", "rate limit", "not found", "unavailable", "bad gateway", "bad request", "denied", "traceback"]


class Node:
    __slots__ = ("id", "parent", "name", "start", "order", "error")

    def __init__(self, id, parent, name, start, order, error):
        self.id, self.parent, self.name, self.start, self.order, self.error = id, parent or None, name, start, order, error


def ts(v):
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v)
    if s.isdigit():
        return float(s)
    s = s.replace("Z", "+00:00")
    d = datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d.timestamp() * 1e9


def anyval(v):
    if not isinstance(v, dict):
        return v
    for k in ("stringValue", "boolValue", "doubleValue"):
        if k in v:
            return v[k]
    if "intValue" in v:
        return int(v["intValue"])
    if "arrayValue" in v:
        return [anyval(x) for x in v["arrayValue"].get("values", [])]
    return v


# ------------------------------------------------------------------ format readers
def read_otlp(docs):
    nodes, traces = [], set()
    for doc in docs:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    traces.add(s["traceId"])
                    code = (s.get("status") or {}).get("code", 0)
                    nodes.append(Node(s["spanId"], s.get("parentSpanId"), s["name"], ts(s["startTimeUnixNano"]),
                                      len(nodes), code in (2, "STATUS_CODE_ERROR")))
    return nodes, traces, None


def read_flat(doc):
    nodes, traces = [], set()
    for s in doc["spans"]:
        traces.add(s["traceId"])
        nodes.append(Node(s["spanId"], s.get("parentSpanId"), s["operationName"], ts(s["startTime"]), len(nodes),
                          (s.get("status") or {}).get("code") == "ERROR"))
    return nodes, traces, None


def read_jaeger(doc):
    nodes, traces = [], set()
    for t in doc["data"]:
        for s in t["spans"]:
            traces.add(s["traceID"])
            parent = next((r["spanID"] for r in s.get("references", []) if r.get("refType") == "CHILD_OF"), None)
            tags = {x["key"]: x["value"] for x in s.get("tags", [])}
            err = tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"
            nodes.append(Node(s["spanID"], parent, s["operationName"], ts(s["startTime"]), len(nodes), err))
    return nodes, traces, None


def read_zipkin(doc):
    nodes, traces = [], set()
    for s in doc:
        traces.add(s["traceId"])
        tags = s.get("tags") or {}
        err = "error" in tags or tags.get("otel.status_code") == "ERROR"
        nodes.append(Node(s["id"], s.get("parentId"), s["name"], ts(s["timestamp"]), len(nodes), err))
    return nodes, traces, None


def read_phoenix(docs):
    nodes, traces = [], set()
    for s in docs:
        traces.add(s["context"]["trace_id"])
        nodes.append(Node(s["context"]["span_id"], s.get("parent_id"), s["name"], ts(s["start_time"]), len(nodes),
                          s.get("status_code") == "ERROR"))
    return nodes, traces, None


def read_langfuse(doc):
    nodes, traces = [], {doc["id"]}
    for o in doc["observations"]:
        traces.add(o["traceId"])
        nodes.append(Node(o["id"], o.get("parentObservationId"), o["name"], ts(o["startTime"]), len(nodes),
                          o.get("level") == "ERROR"))
    return nodes, traces, doc["name"]


def read_langsmith(doc):
    nodes, traces = [], set()
    runs = doc["runs"] if isinstance(doc, dict) and "runs" in doc else ([doc] if isinstance(doc, dict) else doc)
    stack = list(runs)
    seen = []
    while stack:
        r = stack.pop(0)
        seen.append(r)
        stack[0:0] = r.get("child_runs") or []
    for r in seen:
        traces.add(r.get("trace_id"))
        for c in r.get("child_runs") or []:
            if c.get("parent_run_id") != r["id"]:
                raise ValueError(f"child run {c['id']} nested under {r['id']} but parent_run_id={c.get('parent_run_id')}")
        nodes.append(Node(r["id"], r.get("parent_run_id"), r["name"], ts(r["start_time"]), len(nodes),
                          r.get("error") is not None or r.get("status") == "error"))
    return nodes, traces, None


def load(path):
    text = open(path, encoding="utf-8").read()
    if path.endswith(".jsonl"):
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
        if docs and "resourceSpans" in docs[0]:
            return "otlp-jsonl (collector file exporter)", read_otlp(docs), text, docs
        if docs and "context" in docs[0] and "span_kind" in docs[0]:
            return "phoenix/openinference jsonl", read_phoenix(docs), text, docs
        raise ValueError("unrecognised JSONL")
    doc = json.loads(text)
    if isinstance(doc, dict) and "resourceSpans" in doc:
        return "otlp-json", read_otlp([doc]), text, doc
    if isinstance(doc, dict) and "observations" in doc:
        return "langfuse trace", read_langfuse(doc), text, doc
    if isinstance(doc, dict) and "data" in doc:
        return "jaeger ui json", read_jaeger(doc), text, doc
    if isinstance(doc, dict) and "spans" in doc:
        return "flat custom json", read_flat(doc), text, doc
    if isinstance(doc, dict) and "run_type" in doc or isinstance(doc, dict) and "runs" in doc:
        return "langsmith run tree", read_langsmith(doc), text, doc
    if isinstance(doc, list) and doc and "localEndpoint" in doc[0]:
        return "zipkin v2", read_zipkin(doc), text, doc
    raise ValueError("unrecognised JSON format")


# ------------------------------------------------------------------ paths
def esc(name):
    return name.replace("/", "\\/")


def paths(nodes, prefix=None):
    kids = {}
    for n in nodes:
        kids.setdefault(n.parent, []).append(n)
    out = {}

    def walk(parent_key, base):
        sibs = sorted(kids.get(parent_key, []), key=lambda n: (n.start, n.order))
        counts = {}
        for n in sibs:
            counts[n.name] = counts.get(n.name, 0) + 1
        seen = {}
        for n in sibs:
            seen[n.name] = seen.get(n.name, 0) + 1
            seg = esc(n.name) + (f"[{seen[n.name]}]" if counts[n.name] > 1 else "")
            p = f"{base}/{seg}" if base else seg
            out[n.id] = p
            walk(n.id, p)

    walk(None, esc(prefix) if prefix else "")
    return out


# ------------------------------------------------------------------ wording
def status_codes(obj, found):
    """Collect 4xx/5xx values held under keys that look like status/code keys (handles OTLP and Jaeger key/value pairs)."""
    if isinstance(obj, dict):
        if "key" in obj and "value" in obj and isinstance(obj["key"], str):
            k, v = obj["key"], anyval(obj["value"])
            if re.search(r"status|code", k, re.I) and re.fullmatch(r"[45]\d\d", str(v)):
                found.append(f"{k}={v}")
        for k, v in obj.items():
            if isinstance(v, (str, int)) and not isinstance(v, bool) and re.search(r"status|code", k, re.I) \
                    and re.fullmatch(r"[45]\d\d", str(v)):
                found.append(f"{k}={v}")
            status_codes(v, found)
    elif isinstance(obj, list):
        for x in obj:
            status_codes(x, found)
    return found


def wording(text):
    low = text.lower()
    hits = [w for w in WORDS if w in low]
    hits += re.findall(r"\b(?:http|status)[ /:=_-]{0,3}[45]\d\d\b", low)
    return hits


# ------------------------------------------------------------------ main
def main():
    folder = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
    labels = sorted(glob.glob(os.path.join(folder, "run*.label.json")))
    if not labels:
        print(f"no labels found in {folder}")
        return 1
    failures = 0
    cats = {}
    for lp in labels:
        run = os.path.basename(lp).split(".")[0]
        problems = []
        cands = [p for p in glob.glob(os.path.join(folder, run + ".*")) if not p.endswith(".label.json")]
        if len(cands) != 1:
            print(f"FAIL {run}: expected one trace file, found {cands}")
            failures += 1
            continue
        tf = cands[0]
        try:
            label = json.load(open(lp, encoding="utf-8"))
            fmt, (nodes, traces, prefix), text, doc = load(tf)
        except Exception as e:  # noqa: BLE001 - report and continue
            print(f"FAIL {run}: cannot parse ({type(e).__name__}: {e})")
            failures += 1
            continue
        ids = [n.id for n in nodes]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            problems.append(f"duplicate span ids {sorted(dup)}")
        idset = set(ids)
        orphans = [n.id for n in nodes if n.parent and n.parent not in idset]
        if orphans:
            problems.append(f"parents missing for {orphans}")
        roots = [n for n in nodes if not n.parent]
        if not roots:
            problems.append("no root span")
        if len({t for t in traces if t}) != 1:
            problems.append(f"expected one trace id, got {sorted(t for t in traces if t)}")
        if not 8 <= len(nodes) <= 40:
            problems.append(f"{len(nodes)} spans (want 8-40)")
        pmap = paths(nodes, prefix)
        by_path = {}
        for sid, p in pmap.items():
            by_path.setdefault(p, []).append(sid)
        hits = by_path.get(label.get("span"), [])
        if len(hits) != 1:
            problems.append(f"label path resolves to {len(hits)} spans: {label.get('span')!r}")
        elif hits[0] != label.get("spanId"):
            problems.append(f"label path resolves to {hits[0]} but spanId is {label.get('spanId')}")
        if set(label) != {"span", "spanId", "category", "why"}:
            problems.append(f"label keys {sorted(label)}")
        cat = label.get("category")
        if cat not in TRAIL:
            problems.append(f"category {cat!r} is not a TRAIL leaf")
        if cat in cats:
            problems.append(f"category {cat!r} already used by {cats[cat]}")
        cats[cat] = run
        errs = [n.id for n in nodes if n.error]
        clean = run in CLEAN
        if clean:
            if errs:
                problems.append(f"clean run has error-status spans {errs}")
            w = wording(text)
            if w:
                problems.append(f"clean run has error wording {sorted(set(w))}")
            codes = status_codes(doc, [])
            if codes:
                problems.append(f"clean run has 4xx/5xx status values {codes}")
        kind = "clean" if clean else f"error spans: {len(errs)}"
        if problems:
            failures += 1
            print(f"FAIL {run} [{fmt}] {os.path.basename(tf)}")
            for p in problems:
                print("     -", p)
        else:
            print(f"ok   {run} [{fmt}] {len(nodes)} spans, {kind}; {cat} @ {label['span']}")
    n_clean = sum(1 for lp in labels if os.path.basename(lp).split(".")[0] in CLEAN)
    print(f"{len(labels)} runs checked, {n_clean} meant clean, {len(cats)} distinct categories, {failures} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
