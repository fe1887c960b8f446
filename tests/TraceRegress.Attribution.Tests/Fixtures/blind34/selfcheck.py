#!/usr/bin/env python3
"""Self-check for the blind34 attribution test set (standard library only).

Usage: python3 selfcheck.py [folder]   (defaults to the folder this file sits in)

For every runNN trace file it checks that:
  * the file parses (JSON, or JSON Lines for the collector export),
  * span ids are unique and every parent id exists,
  * the label's path resolves to exactly one span and that span's id equals the label's spanId,
  * the label's category is a TRAIL leaf,
  * runs meant to be clean carry no error status and no error wording / 4xx-5xx codes.
"""
import datetime as dt
import json
import os
import re
import sys

TRAIL = {
    "Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval",
    "Tool Output Misinterpretation", "Incorrect Problem Identification", "Tool Selection Errors",
    "Formatting Errors", "Instruction Non-compliance", "Tool Definition Issues", "Environment Setup Errors",
    "Rate Limiting", "Authentication Errors", "Service Errors", "Resource Not Found", "Resource Exhaustion",
    "Timeout Issues", "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration",
}
# runs that carry a real or distractor error on purpose; all others must be clean
NOT_CLEAN = {"run06", "run08", "run12"}
RUNS = [f"run{i:02d}" for i in range(1, 13)]

WORDS = re.compile(r"error|fail|exception|invalid|time[d]?[ _-]?out|unauthori[sz]ed|forbidden|"
                   r"too many requests|rate[ _-]?limit|unavailable|traceback|denied|refused", re.I)
HTTP_CODE = re.compile(r"(?<![\w.])[45]\d\d(?![\w])")


def iso(s):
    s = s.replace("Z", "+00:00")
    d = dt.datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.timestamp()


def attr_map(kvs):
    out = {}
    for kv in kvs or []:
        v = kv.get("value", {})
        out[kv["key"]] = next(iter(v.values())) if v else None
    return out


# Each loader returns (spans, path_prefix); span = dict(id, parent, name, start, error)
def load_otlp_requests(reqs):
    spans = []
    for req in reqs:
        for rs in req["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    code = (s.get("status") or {}).get("code")
                    spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                                      start=int(s["startTimeUnixNano"]),
                                      error=code in (2, "STATUS_CODE_ERROR")))
    return spans, None


def load_flat(doc):
    spans = []
    for s in doc["spans"]:
        spans.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["operationName"],
                          start=iso(s["startTime"]), error=str((s.get("status") or {}).get("code")).upper() == "ERROR"))
    return spans, None


def load_jaeger(doc):
    spans = []
    for tr in doc["data"]:
        for s in tr["spans"]:
            parent = None
            for r in s.get("references") or []:
                if r.get("refType") == "CHILD_OF":
                    parent = r["spanID"]
            tags = {t["key"]: t["value"] for t in s.get("tags") or []}
            err = tags.get("error") in (True, "true") or str(tags.get("otel.status_code", "")).upper() == "ERROR"
            spans.append(dict(id=s["spanID"], parent=parent, name=s["operationName"], start=s["startTime"], error=err))
    return spans, None


def load_zipkin(doc):
    spans = []
    for s in doc:
        tags = s.get("tags") or {}
        err = "error" in tags or str(tags.get("otel.status_code", "")).upper() == "ERROR"
        spans.append(dict(id=s["id"], parent=s.get("parentId"), name=s.get("name", ""), start=s["timestamp"], error=err))
    return spans, None


def load_phoenix(doc):
    spans = []
    for s in doc:
        spans.append(dict(id=s["context"]["span_id"], parent=s.get("parent_id"), name=s["name"],
                          start=iso(s["start_time"]), error=str(s.get("status_code")).upper() == "ERROR"))
    return spans, None


def load_langfuse(doc):
    spans = []
    for o in doc["observations"]:
        spans.append(dict(id=o["id"], parent=o.get("parentObservationId"), name=o["name"],
                          start=iso(o["startTime"]), error=o.get("level") == "ERROR"))
    return spans, doc["name"]


def load_langsmith(doc):
    spans = []
    for r in doc:
        spans.append(dict(id=r["id"], parent=r.get("parent_run_id"), name=r["name"], start=iso(r["start_time"]),
                          error=r.get("error") not in (None, "") or r.get("status") == "error"))
    return spans, None


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".jsonl"):
        reqs = [json.loads(line) for line in text.splitlines() if line.strip()]
        return load_otlp_requests(reqs) + (text, reqs)
    doc = json.loads(text)
    if isinstance(doc, dict) and "resourceSpans" in doc:
        res = load_otlp_requests([doc])
    elif isinstance(doc, dict) and "spans" in doc:
        res = load_flat(doc)
    elif isinstance(doc, dict) and "data" in doc:
        res = load_jaeger(doc)
    elif isinstance(doc, dict) and "observations" in doc:
        res = load_langfuse(doc)
    elif isinstance(doc, list) and doc and "run_type" in doc[0]:
        res = load_langsmith(doc)
    elif isinstance(doc, list) and doc and "context" in doc[0]:
        res = load_phoenix(doc)
    elif isinstance(doc, list) and doc and "localEndpoint" in doc[0]:
        res = load_zipkin(doc)
    else:
        raise ValueError("unknown trace format")
    return res + (text, doc)


def esc(name):
    return name.replace("/", "\\/")


def compute_paths(spans, prefix):
    byid = {s["id"]: s for s in spans}
    kids = {}
    for s in spans:
        kids.setdefault(s["parent"], []).append(s)
    seg = {}
    for ch in kids.values():
        groups = {}
        for c in ch:
            groups.setdefault(c["name"], []).append(c)
        for name, g in groups.items():
            if len(g) == 1:
                seg[g[0]["id"]] = esc(name)
            else:
                for i, c in enumerate(sorted(g, key=lambda x: (x["start"], x["id"])), 1):
                    seg[c["id"]] = f"{esc(name)}[{i}]"
    out = {}
    for s in spans:
        parts, cur, guard = [], s, 0
        while cur is not None and guard < 1000:
            parts.append(seg[cur["id"]])
            cur = byid.get(cur["parent"]) if cur["parent"] else None
            guard += 1
        p = "/".join(reversed(parts))
        out[s["id"]] = (esc(prefix) + "/" + p) if prefix else p
    return out


def strings(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield str(k)
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)
    elif obj is not None and not isinstance(obj, bool):
        yield str(obj)


def check_run(folder, run):
    problems = []
    fname = None
    for ext in (".json", ".jsonl"):
        if os.path.exists(os.path.join(folder, run + ext)):
            fname = run + ext
    if not fname:
        return [f"{run}: trace file missing"], 0
    try:
        spans, prefix, text, doc = load(os.path.join(folder, fname))
    except Exception as e:  # noqa: BLE001
        return [f"{run}: does not parse: {e!r}"], 0
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        problems.append(f"{run}: duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] and s["parent"] not in idset:
            problems.append(f"{run}: span {s['id']} has missing parent {s['parent']}")
    if not 8 <= len(spans) <= 40:
        problems.append(f"{run}: {len(spans)} spans (want 8-40)")
    try:
        with open(os.path.join(folder, run + ".label.json"), encoding="utf-8") as f:
            lab = json.load(f)
    except Exception as e:  # noqa: BLE001
        return problems + [f"{run}: label missing or unreadable: {e!r}"], len(spans)
    for k in ("span", "spanId", "category", "why"):
        if k not in lab:
            problems.append(f"{run}: label lacks {k}")
    if lab.get("category") not in TRAIL:
        problems.append(f"{run}: category {lab.get('category')!r} is not a TRAIL leaf")
    if not problems:
        pmap = compute_paths(spans, prefix)
        hits = [i for i, p in pmap.items() if p == lab["span"]]
        if len(hits) != 1:
            problems.append(f"{run}: label path resolves to {len(hits)} spans: {lab['span']}")
        elif hits[0] != lab["spanId"]:
            problems.append(f"{run}: label path resolves to {hits[0]}, label spanId is {lab['spanId']}")
    if run not in NOT_CLEAN:
        errs = [s["id"] for s in spans if s["error"]]
        if errs:
            problems.append(f"{run}: clean run has error status on {errs}")
        for chunk in list(strings(doc)) + [text]:
            m = WORDS.search(chunk)
            if m:
                problems.append(f"{run}: clean run contains error wording {m.group(0)!r}: ...{chunk[max(0, m.start()-40):m.end()+40]!r}...")
                break
        for chunk in strings(doc):
            m = HTTP_CODE.search(chunk)
            if m:
                problems.append(f"{run}: clean run contains a 4xx/5xx-like number {m.group(0)!r}: ...{chunk[max(0, m.start()-40):m.end()+40]!r}...")
                break
    return problems, len(spans)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    all_problems = []
    cats = {}
    for run in RUNS:
        problems, n = check_run(folder, run)
        all_problems += problems
        try:
            with open(os.path.join(folder, run + ".label.json"), encoding="utf-8") as f:
                cats[run] = json.load(f).get("category")
        except Exception:  # noqa: BLE001
            cats[run] = None
        state = "clean" if run not in NOT_CLEAN else "has-errors"
        print(f"{run}: {n:2d} spans, {state:10s} {'OK' if not problems else 'PROBLEMS'}  [{cats[run]}]")
    dup = [c for c in set(cats.values()) if list(cats.values()).count(c) > 1]
    if dup:
        all_problems.append(f"categories used more than once: {dup}")
    for p in all_problems:
        print("  -", p)
    print("selfcheck:", "PASS" if not all_problems else f"FAIL ({len(all_problems)} problems)")
    return 0 if not all_problems else 1


if __name__ == "__main__":
    sys.exit(main())
