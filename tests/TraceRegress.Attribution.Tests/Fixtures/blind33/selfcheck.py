#!/usr/bin/env python3
"""Self-check for the blind33 attribution test set (standard library only).

Usage: python3 selfcheck.py [folder]      (default: the folder this file sits in)

For every run it checks that the trace parses, holds 8-40 spans, span ids are unique, every parent exists, the label's
path resolves to exactly one span whose id equals the label's spanId, the category is a TRAIL leaf, and that runs meant
to be clean carry no error status, no error wording and no 4xx/5xx-looking numbers.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime

TRAIL = {
    "Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval", "Tool Output Misinterpretation",
    "Incorrect Problem Identification", "Tool Selection Errors", "Formatting Errors", "Instruction Non-compliance",
    "Tool Definition Issues", "Environment Setup Errors", "Rate Limiting", "Authentication Errors", "Service Errors",
    "Resource Not Found", "Resource Exhaustion", "Timeout Issues", "Context Handling Failures", "Resource Abuse",
    "Goal Deviation", "Task Orchestration",
}
RUNS = {
    "run01": "run01.json", "run02": "run02.json", "run03": "run03.json", "run04": "run04.json",
    "run05": "run05.json", "run06": "run06.jsonl", "run07": "run07.json", "run08": "run08.json",
    "run09": "run09.json", "run10": "run10.json", "run11": "run11.json", "run12": "run12.json",
}
# Runs whose failure shows only in content: no error status, no error wording, no 4xx/5xx anywhere.
CLEAN = {"run01", "run02", "run03", "run04", "run05", "run07", "run09", "run10", "run12"}

ERROR_WORDS = ["error", "fail", "exception", "invalid", "timeout", "timed out", "too many requests", "unauthori",
               "forbidden", "unavailable", "rate limit", "rate_limit", "denied", "refused", "traceback"]
# keys that exist structurally in some formats; allowed only when empty/null
STRUCTURAL_KEYS = {"error", "errors", "statusMessage", "status_message", "warnings"}
STATUS_LIKE = re.compile(r"\b[45]\d\d\b")


# ------------------------------------------------------------------ loading / normalising
def _ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def otlp_spans(docs):
    out = []
    for doc in docs:
        for rs in doc.get("resourceSpans", []):
            for ss in rs.get("scopeSpans", []):
                for sp in ss.get("spans", []):
                    st = sp.get("status") or {}
                    err = st.get("code") in (2, "STATUS_CODE_ERROR", "ERROR") or any(
                        e.get("name") == "exception" for e in sp.get("events", []))
                    out.append({"id": sp["spanId"], "parent": sp.get("parentSpanId") or None, "name": sp["name"],
                                "start": int(sp["startTimeUnixNano"]), "err": err})
    return out


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".jsonl"):
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
        return "otlp-jsonl", docs, otlp_spans(docs), None
    doc = json.loads(text)
    if isinstance(doc, dict) and "resourceSpans" in doc:
        return "otlp", doc, otlp_spans([doc]), None
    if isinstance(doc, dict) and "observations" in doc:  # Langfuse
        spans = [{"id": o["id"], "parent": o.get("parentObservationId"), "name": o["name"], "start": _ts(o["startTime"]),
                  "err": o.get("level") in ("ERROR", "WARNING") or bool(o.get("statusMessage"))} for o in doc["observations"]]
        return "langfuse", doc, spans, doc["name"]
    if isinstance(doc, dict) and "runs" in doc:  # LangSmith
        spans = [{"id": r["id"], "parent": r.get("parent_run_id"), "name": r["name"], "start": _ts(r["start_time"]),
                  "err": bool(r.get("error")) or r.get("status") == "error"} for r in doc["runs"]]
        return "langsmith", doc, spans, None
    if isinstance(doc, dict) and "data" in doc:  # Jaeger
        spans = []
        for t in doc["data"]:
            for sp in t["spans"]:
                parents = [r["spanID"] for r in sp.get("references", []) if r.get("refType") == "CHILD_OF"]
                tags = {tg["key"]: tg["value"] for tg in sp.get("tags", [])}
                err = tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"
                spans.append({"id": sp["spanID"], "parent": parents[0] if parents else None, "name": sp["operationName"],
                              "start": sp["startTime"], "err": err})
        return "jaeger", doc, spans, None
    if isinstance(doc, dict) and "spans" in doc:  # flat custom export
        spans = [{"id": s["spanId"], "parent": s.get("parentSpanId"), "name": s["operationName"], "start": _ts(s["startTime"]),
                  "err": str((s.get("status") or {}).get("code", "")).upper() in ("ERROR", "2")} for s in doc["spans"]]
        return "flat", doc, spans, None
    if isinstance(doc, list) and doc and "context" in doc[0]:  # Phoenix / OpenInference
        spans = [{"id": s["context"]["span_id"], "parent": s.get("parent_id"), "name": s["name"], "start": _ts(s["start_time"]),
                  "err": s.get("status_code") == "ERROR"} for s in doc]
        return "phoenix", doc, spans, None
    if isinstance(doc, list) and doc and "traceId" in doc[0]:  # Zipkin v2
        spans = []
        for s in doc:
            tags = s.get("tags", {})
            err = "error" in tags or tags.get("otel.status_code") == "ERROR"
            spans.append({"id": s["id"], "parent": s.get("parentId"), "name": s["name"], "start": s["timestamp"], "err": err})
        return "zipkin", doc, spans, None
    raise ValueError("unrecognised trace format")


# ------------------------------------------------------------------ paths
def esc(name):
    return name.replace("/", "\\/")


def all_paths(spans, prefix=None):
    """Span id -> path. Names from the root down joined with '/', '/' inside a name written '\\/', siblings sharing a
    name get a 1-based [n] in start-time order (file order breaks ties)."""
    for i, s in enumerate(spans):
        s["_idx"] = i
    ids = {s["id"] for s in spans}
    kids = defaultdict(list)
    for s in spans:
        p = s["parent"] if s["parent"] in ids else None
        kids[p].append(s)
    out = {}

    def walk(group, base):
        counts = Counter(s["name"] for s in group)
        seen = Counter()
        for s in sorted(group, key=lambda x: (x["start"], x["_idx"])):
            seen[s["name"]] += 1
            seg = esc(s["name"]) + (f"[{seen[s['name']]}]" if counts[s["name"]] > 1 else "")
            path = base + [seg]
            out[s["id"]] = "/".join(path)
            walk(kids[s["id"]], path)

    walk(kids[None], [esc(prefix)] if prefix else [])
    return out


# ------------------------------------------------------------------ clean-content scan
def scan(obj, hits, key=None):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in STRUCTURAL_KEYS:
                if v not in (None, "", [], {}, False):
                    hits.append(f"non-empty structural field {k!r}")
                continue
            low = k.lower()
            for w in ERROR_WORDS:
                if w in low:
                    hits.append(f"key {k!r} contains {w!r}")
            scan(v, hits, k)
    elif isinstance(obj, list):
        for v in obj:
            scan(v, hits, key)
    elif isinstance(obj, str):
        low = obj.lower()
        for w in ERROR_WORDS:
            if w in low:
                i = low.index(w)
                hits.append(f"wording {w!r}: ...{obj[max(0, i - 40):i + 40]}...")
        # nested JSON strings are scanned as text above; numbers that look like HTTP status codes:
        for m in STATUS_LIKE.finditer(obj):
            hits.append(f"status-like number {m.group(0)!r}: ...{obj[max(0, m.start() - 30):m.end() + 30]}...")
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        if key and ("status" in key.lower() or "code" in key.lower()) and 400 <= obj <= 599:
            hits.append(f"status field {key}={obj}")
        elif isinstance(obj, int) and 400 <= obj <= 599:
            hits.append(f"status-like number {obj} at {key}")


def check(folder):
    ok = True
    for run, fname in RUNS.items():
        problems = []
        path = os.path.join(folder, fname)
        lpath = os.path.join(folder, f"{run}.label.json")
        try:
            fmt, doc, spans, prefix = load(path)
        except Exception as exc:  # noqa: BLE001
            print(f"{run}: FAIL cannot parse {fname}: {exc}")
            ok = False
            continue
        n = len(spans)
        if not 8 <= n <= 40:
            problems.append(f"{n} spans (want 8-40)")
        dup = [k for k, c in Counter(s["id"] for s in spans).items() if c > 1]
        if dup:
            problems.append(f"duplicate span ids {dup}")
        ids = {s["id"] for s in spans}
        orphans = [s["id"] for s in spans if s["parent"] and s["parent"] not in ids]
        if orphans:
            problems.append(f"parents missing for {orphans}")
        roots = [s for s in spans if not s["parent"]]
        if fmt != "langfuse" and len(roots) != 1:
            problems.append(f"{len(roots)} root spans")
        try:
            with open(lpath, encoding="utf-8") as f:
                label = json.load(f)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"label unreadable: {exc}")
            label = {}
        if set(label) != {"span", "spanId", "category", "why"}:
            problems.append(f"label keys {sorted(label)}")
        if label.get("category") not in TRAIL:
            problems.append(f"category {label.get('category')!r} is not a TRAIL leaf")
        paths = all_paths(spans, prefix)
        if len(set(paths.values())) != len(paths):
            problems.append("two spans share a path")
        matches = [sid for sid, p in paths.items() if p == label.get("span")]
        if len(matches) != 1:
            problems.append(f"label path resolves to {len(matches)} spans: {label.get('span')!r}")
        elif matches[0] != label.get("spanId"):
            problems.append(f"label path resolves to {matches[0]} but spanId is {label.get('spanId')}")
        err_spans = [s["name"] for s in spans if s["err"]]
        if run in CLEAN:
            if err_spans:
                problems.append(f"clean run has error status on {err_spans}")
            hits = []
            scan(doc, hits)
            if hits:
                problems.append(f"clean run has error wording/codes: {hits[:5]}")
        note = "clean" if run in CLEAN else f"carries error status on {len(err_spans)} span(s)"
        if problems:
            ok = False
            print(f"{run}: FAIL ({fmt}) " + "; ".join(problems))
        else:
            print(f"{run}: ok  {fmt:<10} {n:>2} spans  {note:<32} {label['category']}  <- {label['span']}")
    print("ALL CHECKS PASSED" if ok else "SOME CHECKS FAILED")
    return ok


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    sys.exit(0 if check(folder) else 1)
