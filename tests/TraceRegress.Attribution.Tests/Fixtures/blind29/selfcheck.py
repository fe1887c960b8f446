#!/usr/bin/env python3
"""Self-check for the blind29 attribution test set (standard library only).

Usage: python3 selfcheck.py [folder]      (default: the folder this file sits in)

For every runNN it checks that the trace file parses, span ids are unique, every parent id exists,
the label's path resolves to exactly one span whose id equals the label's spanId, and that the runs
meant to be clean carry no error status and no error wording.
"""
import datetime as dt
import glob
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
# runs that must carry no error status and no error wording at all
CLEAN = {"run01", "run03", "run04", "run05", "run06", "run07", "run09", "run10", "run12"}

WORDS = re.compile(r"error|fail|exception|invalid|timeout|timed out|unauthori[sz]|forbidden|unavailable|"
                   r"not found|too many requests|traceback|rate.?limit", re.I)
CODES = [re.compile(r"\b(?:http|status|code|statuscode)\b\W{0,3}[45]\d\d\b", re.I),
         re.compile(r"\b[45]\d\d\s+(?:unauthori|forbidden|not found|too many|internal|bad |service|gateway|conflict|"
                    r"unprocessable|payment required|request time)", re.I)]
STATUS_KEY = re.compile(r"(?:^|[._])(?:status|status_?code|statuscode)$", re.I)
STRUCTURAL_EMPTY_KEYS = {"error", "errors", "statusMessage", "status_message", "warnings"}


def ts(v):
    """Sortable number from an int / numeric string / ISO-8601 timestamp."""
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str) and re.fullmatch(r"\d+", v):
        return float(v)
    s = v.replace("Z", "+00:00")
    m = re.match(r"(.*T\d\d:\d\d:\d\d)(\.\d+)?(.*)$", s)
    base, frac, tz = m.group(1), (m.group(2) or ".0"), m.group(3)
    d = dt.datetime.fromisoformat(base + (tz or "+00:00"))
    return d.timestamp() * 1e9 + float("0" + frac) * 1e9


# ------------------------------------------------------------------ adapters
def otlp_spans(reqs):
    out = []
    for req in reqs:
        for rs in req["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    st = s.get("status") or {}
                    out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                                "start": ts(s["startTimeUnixNano"]),
                                "error": st.get("code") in (2, "STATUS_CODE_ERROR", "ERROR")})
    return out, None


def flat_spans(doc):
    return [{"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["operationName"],
             "start": ts(s["startTime"]), "error": str((s.get("status") or {}).get("code")).upper() in ("ERROR", "2")}
            for s in doc["spans"]], None


def jaeger_spans(doc):
    out = []
    for tr in doc["data"]:
        for s in tr["spans"]:
            refs = [r for r in s.get("references") or [] if r.get("refType") in ("CHILD_OF", "FOLLOWS_FROM")]
            tags = {t["key"]: t["value"] for t in s.get("tags") or []}
            err = tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"
            out.append({"id": s["spanID"], "parent": refs[0]["spanID"] if refs else None, "name": s["operationName"],
                        "start": float(s["startTime"]), "error": err})
    return out, None


def zipkin_spans(doc):
    out = []
    for s in doc:
        tags = s.get("tags") or {}
        out.append({"id": s["id"], "parent": s.get("parentId"), "name": s.get("name", ""), "start": float(s["timestamp"]),
                    "error": "error" in tags or tags.get("otel.status_code") == "ERROR"})
    return out, None


def phoenix_spans(doc):
    return [{"id": s["context"]["span_id"], "parent": s.get("parent_id"), "name": s["name"], "start": ts(s["start_time"]),
             "error": s.get("status_code") == "ERROR"} for s in doc], None


def langfuse_spans(doc):
    return [{"id": o["id"], "parent": o.get("parentObservationId"), "name": o["name"], "start": ts(o["startTime"]),
             "error": o.get("level") == "ERROR"} for o in doc["observations"]], doc["name"]


def langsmith_spans(doc):
    out, problems = [], []

    def walk(r, parent):
        if r.get("parent_run_id") != (parent["id"] if parent else None):
            problems.append(f"run {r['id']} parent_run_id {r.get('parent_run_id')} does not match its container")
        out.append({"id": r["id"], "parent": r.get("parent_run_id"), "name": r["name"], "start": ts(r["start_time"]),
                    "error": r.get("error") not in (None, "") or r.get("status") == "error"})
        for c in r.get("child_runs") or []:
            walk(c, r)

    roots = doc if isinstance(doc, list) else doc.get("runs", [doc]) if "runs" in doc else [doc]
    for r in roots:
        walk(r, None)
    return out, None, problems


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".jsonl"):
        objs = [json.loads(line) for line in text.splitlines() if line.strip()]
        spans, prefix = otlp_spans(objs)
        return objs, spans, prefix, [], "otlp-jsonl"
    doc = json.loads(text)
    if isinstance(doc, dict) and "resourceSpans" in doc:
        return [doc], *otlp_spans([doc]), [], "otlp-json"
    if isinstance(doc, dict) and "observations" in doc:
        return [doc], *langfuse_spans(doc), [], "langfuse"
    if isinstance(doc, dict) and "data" in doc and isinstance(doc["data"], list):
        return [doc], *jaeger_spans(doc), [], "jaeger"
    if isinstance(doc, dict) and "spans" in doc:
        return [doc], *flat_spans(doc), [], "flat"
    if isinstance(doc, dict) and "run_type" in doc or isinstance(doc, dict) and "runs" in doc:
        spans, prefix, probs = langsmith_spans(doc)
        return [doc], spans, prefix, probs, "langsmith"
    if isinstance(doc, list) and doc and "context" in doc[0]:
        return [doc], *phoenix_spans(doc), [], "phoenix"
    if isinstance(doc, list) and doc and "traceId" in doc[0]:
        return [doc], *zipkin_spans(doc), [], "zipkin"
    raise ValueError("unrecognised trace format")


# ------------------------------------------------------------------ paths
def split_path(p):
    segs, cur, i = [], "", 0
    while i < len(p):
        if p[i] == "\\" and i + 1 < len(p) and p[i + 1] == "/":
            cur += "/"
            i += 2
            continue
        if p[i] == "/":
            segs.append(cur)
            cur = ""
        else:
            cur += p[i]
        i += 1
    segs.append(cur)
    return segs


def paths(spans, prefix):
    kids = {}
    for s in spans:
        kids.setdefault(s["parent"], []).append(s)
    res = {}

    def seg(s, sibs):
        same = sorted([x for x in sibs if x["name"] == s["name"]], key=lambda x: x["start"])
        name = s["name"].replace("/", "\\/")
        return name + (f"[{same.index(s) + 1}]" if len(same) > 1 else "")

    def walk(s, sibs, base):
        p = (base + "/" if base else "") + seg(s, sibs)
        res.setdefault(p, []).append(s["id"])
        for c in kids.get(s["id"], []):
            walk(c, kids[s["id"]], p)

    roots = kids.get(None, [])
    for r in roots:
        walk(r, roots, prefix.replace("/", "\\/") if prefix else "")
    return res


# ------------------------------------------------------------------ wording
def unwrap(v):
    if isinstance(v, dict) and len(v) == 1:
        k = next(iter(v))
        if k in ("stringValue", "intValue", "boolValue", "doubleValue"):
            return v[k]
    return v


def pairs(o, key=None):
    """Yield (key, value) for every leaf, including OTLP/Jaeger key-value attribute lists."""
    if isinstance(o, dict):
        if isinstance(o.get("key"), str) and "value" in o:
            yield o["key"], unwrap(o["value"])
        for k, v in o.items():
            if isinstance(v, (dict, list)):
                yield from pairs(v, k)
            else:
                yield k, v
    elif isinstance(o, list):
        for x in o:
            yield from pairs(x, key)


def strings(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in STRUCTURAL_EMPTY_KEYS and v in (None, "", []):
                continue
            yield k
            yield from strings(v)
    elif isinstance(o, list):
        for x in o:
            yield from strings(x)
    elif isinstance(o, str):
        yield o


def wording_problems(objs):
    found = []
    for o in objs:
        for s in strings(o):
            m = WORDS.search(s)
            if m:
                found.append(f"error wording {m.group(0)!r} in {s[max(0, m.start() - 40):m.end() + 40]!r}")
            for rx in CODES:
                m = rx.search(s)
                if m:
                    found.append(f"4xx/5xx wording {m.group(0)!r}")
        for k, v in pairs(o):
            if isinstance(k, str) and STATUS_KEY.search(k):
                try:
                    n = int(v)
                except (TypeError, ValueError):
                    continue
                if 400 <= n <= 599:
                    found.append(f"status {k}={v}")
    return found


# ------------------------------------------------------------------ main
def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    labels = sorted(glob.glob(os.path.join(folder, "run*.label.json")))
    failures, cats, clean_ok = 0, {}, 0
    for lp in labels:
        run = os.path.basename(lp).split(".")[0]
        problems = []
        with open(lp, encoding="utf-8") as f:
            lab = json.load(f)
        if set(lab) != {"span", "spanId", "category", "why"}:
            problems.append(f"label keys {sorted(lab)}")
        if lab.get("category") not in TRAIL:
            problems.append(f"category {lab.get('category')!r} is not a TRAIL leaf")
        cats.setdefault(lab.get("category"), []).append(run)
        traces = [p for p in glob.glob(os.path.join(folder, run + ".*")) if not p.endswith(".label.json")]
        if len(traces) != 1:
            print(f"FAIL {run}: expected one trace file, found {traces}")
            failures += 1
            continue
        try:
            objs, spans, prefix, probs, fmt = load(traces[0])
        except Exception as e:  # noqa: BLE001
            print(f"FAIL {run}: does not parse ({type(e).__name__}: {e})")
            failures += 1
            continue
        problems += probs
        ids = [s["id"] for s in spans]
        if len(ids) != len(set(ids)):
            problems.append("duplicate span ids")
        idset = set(ids)
        for s in spans:
            if s["parent"] is not None and s["parent"] not in idset:
                problems.append(f"span {s['id']} ({s['name']}) has missing parent {s['parent']}")
        if not 8 <= len(spans) <= 40:
            problems.append(f"{len(spans)} spans (expected 8-40)")
        pm = paths(spans, prefix)
        target = "/".join(x.replace("/", "\\/") for x in split_path(lab["span"]))
        hits = pm.get(target, [])
        if len(hits) != 1:
            problems.append(f"label path resolves to {len(hits)} spans: {lab['span']}")
        elif hits[0] != lab["spanId"]:
            problems.append(f"label path resolves to {hits[0]}, label spanId is {lab['spanId']}")
        n_err = sum(1 for s in spans if s["error"])
        if run in CLEAN:
            if n_err:
                problems.append(f"{n_err} span(s) with error status in a clean run")
            problems += wording_problems(objs)[:5]
            if not n_err:
                clean_ok += 1
        status = "ok  " if not problems else "FAIL"
        extra = "clean" if run in CLEAN else f"{n_err} error span(s)"
        print(f"{status} {run}  {fmt:<11} {len(spans):>2} spans  {extra:<16} {lab['category']:<33} {lab['span']}")
        for p in problems:
            print(f"       - {p}")
        failures += bool(problems)
    dup = {c: r for c, r in cats.items() if len(r) > 1}
    if dup:
        print(f"FAIL categories used more than once: {dup}")
        failures += 1
    if len(labels) != 12:
        print(f"FAIL expected 12 labelled runs, found {len(labels)}")
        failures += 1
    if clean_ok < 9:
        print(f"FAIL only {clean_ok} clean runs (need at least 9)")
        failures += 1
    print(f"\n{len(labels)} runs, {len(cats)} distinct categories, {clean_ok} clean runs: "
          + ("ALL CHECKS PASSED" if not failures else f"{failures} FAILURE(S)"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
