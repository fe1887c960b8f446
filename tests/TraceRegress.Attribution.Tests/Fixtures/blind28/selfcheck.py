#!/usr/bin/env python3
"""Self-check for the blind28 trace set (standard library only).

Usage: python3 selfcheck.py [folder]      (default: the folder this script sits in)

For every runNN it checks that the trace file parses, span ids are unique, every parent exists,
the label's path resolves to exactly one span whose id equals the label's spanId, the category is a
TRAIL leaf (and all twelve differ), the run has 8-40 spans, and that the runs meant to be clean carry
no error status and no error wording (error/fail/exception/invalid/timeout/timed out/unauthorized/
forbidden/too many requests, or a standalone 4xx/5xx number).
"""
import datetime
import glob
import json
import os
import re
import sys

TRAIL = {
    "Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval", "Tool Output Misinterpretation",
    "Incorrect Problem Identification", "Tool Selection Errors", "Formatting Errors", "Instruction Non-compliance",
    "Tool Definition Issues", "Environment Setup Errors", "Rate Limiting", "Authentication Errors", "Service Errors",
    "Resource Not Found", "Resource Exhaustion", "Timeout Issues", "Context Handling Failures", "Resource Abuse",
    "Goal Deviation", "Task Orchestration",
}
# runs that must contain no error status and no error wording at all
CLEAN = {"run01", "run02", "run03", "run04", "run06", "run07", "run08", "run10", "run11"}
WORDING = re.compile(r"error|fail|exception|invalid|timeout|timed out|unauthori[sz]ed|forbidden|too many requests", re.I)
HTTP_CODE = re.compile(r"\b[45]\d\d\b")


def iso_ns(s):
    s = s.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    m = re.match(r"^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$", s)
    base, frac, tz = m.group(1), (m.group(2) or ""), m.group(3)
    dt = datetime.datetime.fromisoformat(base + (tz or "+00:00"))
    return int(dt.timestamp()) * 10**9 + int((frac + "000000000")[:9])


class Span:
    def __init__(self, sid, parent, name, start, error=False):
        self.id, self.parent, self.name, self.start, self.error = sid, (parent or None), name, start, error


# ---------------------------------------------------------------- parsers

def otlp_spans(doc):
    out = []
    for rs in doc.get("resourceSpans", []):
        for ss in rs.get("scopeSpans", rs.get("instrumentationLibrarySpans", [])):
            for s in ss.get("spans", []):
                code = (s.get("status") or {}).get("code", 0)
                err = code in (2, "STATUS_CODE_ERROR", "ERROR")
                out.append(Span(s["spanId"], s.get("parentSpanId"), s["name"], int(s["startTimeUnixNano"]), err))
    return out


def parse(path):
    """Return (format, spans, prefix) where prefix is a leading pseudo-root name (Langfuse trace name) or None."""
    text = open(path, encoding="utf-8").read()
    if path.endswith(".jsonl"):
        spans = []
        for line in text.splitlines():
            if line.strip():
                spans += otlp_spans(json.loads(line))
        return "otlp-jsonl", spans, None
    doc = json.loads(text)
    if isinstance(doc, list):  # Zipkin v2
        spans = [Span(s["id"], s.get("parentId"), s.get("name", ""), int(s["timestamp"]),
                      "error" in (s.get("tags") or {}) or (s.get("tags") or {}).get("otel.status_code") == "ERROR") for s in doc]
        return "zipkin", spans, None
    if "resourceSpans" in doc:
        return "otlp", otlp_spans(doc), None
    if "observations" in doc:  # Langfuse trace
        spans = [Span(o["id"], o.get("parentObservationId"), o["name"], iso_ns(o["startTime"]), o.get("level") == "ERROR")
                 for o in doc["observations"]]
        return "langfuse", spans, doc["name"]
    if "runs" in doc:  # LangSmith
        spans = [Span(r["id"], r.get("parent_run_id"), r["name"], iso_ns(r["start_time"]),
                      bool(r.get("error")) or r.get("status") == "error") for r in doc["runs"]]
        return "langsmith", spans, None
    if "data" in doc and doc["data"] and "spans" in doc["data"][0]:  # Jaeger
        spans = []
        for tr in doc["data"]:
            for s in tr["spans"]:
                refs = [r for r in s.get("references", []) if r.get("refType") == "CHILD_OF"]
                tags = {t["key"]: t["value"] for t in s.get("tags", [])}
                err = tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"
                spans.append(Span(s["spanID"], refs[0]["spanID"] if refs else None, s["operationName"], int(s["startTime"]), err))
        return "jaeger", spans, None
    if "data" in doc:  # Phoenix REST span export
        spans = [Span(s["context"]["span_id"], s.get("parent_id"), s["name"], iso_ns(s["start_time"]), s.get("status_code") == "ERROR")
                 for s in doc["data"]]
        return "phoenix", spans, None
    if "spans" in doc:  # flat custom export
        spans = []
        for s in doc["spans"]:
            code = str((s.get("status") or {}).get("code", "")).upper()
            spans.append(Span(s["spanId"], s.get("parentSpanId"), s["operationName"], iso_ns(s["startTime"]), code in ("ERROR", "2")))
        return "flat", spans, None
    raise ValueError("unknown format")


# ---------------------------------------------------------------- path resolution

def split_path(p):
    parts, cur, i = [], "", 0
    while i < len(p):
        if p[i] == "\\" and i + 1 < len(p) and p[i + 1] == "/":
            cur += "/"
            i += 2
            continue
        if p[i] == "/":
            parts.append(cur)
            cur = ""
        else:
            cur += p[i]
        i += 1
    parts.append(cur)
    return parts


def resolve(spans, path, prefix):
    comps = split_path(path)
    if prefix is not None:
        if not comps or comps[0] != prefix:
            return [], f"path must start with trace name {prefix!r}"
        comps = comps[1:]
    ids = {s.id for s in spans}
    level = [s for s in spans if not s.parent or (prefix is None and s.parent not in ids)]
    found = None
    for k, comp in enumerate(comps):
        m = re.match(r"^(.*)\[(\d+)\]$", comp)
        name, idx = (m.group(1), int(m.group(2))) if m else (comp, None)
        cands = sorted([s for s in level if s.name == name], key=lambda s: s.start)
        if idx is None:
            if len(cands) != 1:
                return [], f"component {comp!r} matches {len(cands)} siblings (needs exactly 1 without [n])"
            found = cands[0]
        else:
            if len(cands) < 2:
                return [], f"component {comp!r} has an index but the name is unique among siblings"
            if idx < 1 or idx > len(cands):
                return [], f"component {comp!r} index out of range ({len(cands)} siblings)"
            found = cands[idx - 1]
        level = [s for s in spans if s.parent == found.id]
    return [found] if found else [], ""


# ---------------------------------------------------------------- main

def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    labels = sorted(glob.glob(os.path.join(folder, "run*.label.json")))
    failures = 0
    cats = {}
    print(f"checking {folder}: {len(labels)} labelled runs")
    for lp in labels:
        run = os.path.basename(lp).split(".")[0]
        problems = []
        files = [f for f in glob.glob(os.path.join(folder, run + ".*")) if not f.endswith(".label.json")]
        if len(files) != 1:
            print(f"FAIL {run}: expected one trace file, found {files}")
            failures += 1
            continue
        tf = files[0]
        try:
            fmt, spans, prefix = parse(tf)
        except Exception as e:  # noqa
            print(f"FAIL {run}: cannot parse {os.path.basename(tf)}: {e!r}")
            failures += 1
            continue
        label = json.load(open(lp, encoding="utf-8"))
        ids = [s.id for s in spans]
        if len(ids) != len(set(ids)):
            problems.append("duplicate span ids")
        idset = set(ids)
        orphans = [s.id for s in spans if s.parent and s.parent not in idset]
        if orphans:
            problems.append(f"{len(orphans)} spans with missing parent")
        if not 8 <= len(spans) <= 40:
            problems.append(f"{len(spans)} spans (want 8-40)")
        for k in ("span", "spanId", "category", "why"):
            if k not in label:
                problems.append(f"label missing {k}")
        hit, why = resolve(spans, label.get("span", ""), prefix)
        if len(hit) != 1:
            problems.append(f"path does not resolve: {why}")
        elif hit[0].id != label.get("spanId"):
            problems.append(f"path resolves to {hit[0].id}, label spanId is {label.get('spanId')}")
        cat = label.get("category")
        if cat not in TRAIL:
            problems.append(f"category {cat!r} is not a TRAIL leaf")
        cats.setdefault(cat, []).append(run)
        clean = run in CLEAN
        if clean:
            if any(s.error for s in spans):
                problems.append("clean run has a span with error status")
            text = open(tf, encoding="utf-8").read()
            w = WORDING.search(text)
            if w:
                problems.append(f"clean run contains error wording {text[max(0, w.start() - 40):w.end() + 40]!r}")
            h = HTTP_CODE.search(text)
            if h:
                problems.append(f"clean run contains a 4xx/5xx-like number {text[max(0, h.start() - 40):h.end() + 40]!r}")
        status = "ok" if not problems else "FAIL"
        print(f"{status:4} {run}: {os.path.basename(tf)} [{fmt}] {len(spans)} spans, {'clean' if clean else 'has errors'}, "
              f"{cat} @ {label.get('span')}")
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
    nclean = sum(1 for lp in labels if os.path.basename(lp).split(".")[0] in CLEAN)
    print(f"{len(labels)} runs, {len(cats)} distinct categories, {nclean} clean runs; "
          + ("ALL CHECKS PASSED" if not failures else f"{failures} FAILURE(S)"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
