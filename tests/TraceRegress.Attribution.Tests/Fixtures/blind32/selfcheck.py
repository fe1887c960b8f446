#!/usr/bin/env python3
"""Self-check for the blind32 set (standard library only).

Usage: python3 selfcheck.py [folder]     (default: the folder this script sits in)

For every runNN trace file it checks that the file parses, span ids are unique, every parent exists,
the span count is 8-40, the label's path resolves to exactly one span whose id equals the label's
spanId, the label uses a TRAIL leaf category (all twelve different), and that runs meant to be clean
carry no error status and no error wording.
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
    "Timeout Issues", "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration"}
# runs allowed to carry an error (run02: real auth error; run08, run11: retried distractors)
ERROR_RUNS = {"run02", "run08", "run11"}

WORDS = re.compile(r"error|fail|exception|invalid|timed?[\s_-]?out|unauthori[sz]ed|forbidden|rate[\s_-]?limit|"
                   r"too many requests|unavailable|denied|traceback", re.I)
HTTP_TXT = [
    re.compile(r"\b(?:HTTP(?:/\d(?:\.\d)?)?|status(?:[ _]?code)?|code)\W{0,4}[45]\d\d\b", re.I),
    re.compile(r"\b[45]\d\d\s+(?:Bad Request|Unauthorized|Payment Required|Forbidden|Not Found|Conflict|Gone|"
               r"Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)", re.I)]
STATUS_KEY = re.compile(r"(^|[._])status(_code)?$|status_code", re.I)


def ts(v):
    """Sortable timestamp from ns/us integers (or digit strings) or ISO 8601 strings."""
    if isinstance(v, (int, float)):
        return float(v) / (1e9 if v > 1e17 else 1e6)
    if isinstance(v, str) and v.isdigit():
        return ts(int(v))
    s = v.replace("Z", "+00:00")
    d = dt.datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.timestamp()


# ------------------------------------------------------------------ loaders -> (format, spans, prefix)
def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".jsonl"):
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
        return "otlp-jsonl", otlp_spans(docs), None, docs
    obj = json.loads(text)
    if isinstance(obj, dict) and "resourceSpans" in obj:
        return "otlp", otlp_spans([obj]), None, obj
    if isinstance(obj, dict) and "observations" in obj:
        sp = [dict(id=o["id"], parent=o.get("parentObservationId"), name=o["name"], start=ts(o["startTime"]),
                   err=o.get("level") in ("ERROR", "WARNING")) for o in obj["observations"]]
        return "langfuse", sp, obj["name"], obj
    if isinstance(obj, dict) and "data" in obj and obj["data"] and "processes" in obj["data"][0]:
        sp = []
        for tr in obj["data"]:
            for s in tr["spans"]:
                refs = [r for r in s.get("references") or [] if r.get("refType") == "CHILD_OF"]
                tags = {t["key"]: t["value"] for t in s.get("tags", [])}
                sp.append(dict(id=s["spanID"], parent=refs[0]["spanID"] if refs else None, name=s["operationName"],
                               start=ts(s["startTime"]),
                               err=tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"))
        return "jaeger", sp, None, obj
    if isinstance(obj, dict) and "data" in obj:
        sp = [dict(id=s["context"]["span_id"], parent=s.get("parent_id"), name=s["name"], start=ts(s["start_time"]),
                   err=s.get("status_code") == "ERROR") for s in obj["data"]]
        return "phoenix", sp, None, obj
    if isinstance(obj, dict) and "spans" in obj:
        sp = [dict(id=s["spanId"], parent=s.get("parentSpanId"), name=s["operationName"], start=ts(s["startTime"]),
                   err=str((s.get("status") or {}).get("code", "")).upper() in ("ERROR", "2", "STATUS_CODE_ERROR"))
              for s in obj["spans"]]
        return "flat", sp, None, obj
    if isinstance(obj, list) and obj and "run_type" in obj[0]:
        sp = [dict(id=r["id"], parent=r.get("parent_run_id"), name=r["name"], start=ts(r["start_time"]),
                   err=bool(r.get("error")) or r.get("status") == "error") for r in obj]
        return "langsmith", sp, None, obj
    if isinstance(obj, list) and obj and "localEndpoint" in obj[0]:
        sp = [dict(id=s["id"], parent=s.get("parentId"), name=s["name"], start=ts(s["timestamp"]),
                   err="error" in (s.get("tags") or {}) or (s.get("tags") or {}).get("otel.status_code") == "ERROR")
              for s in obj]
        return "zipkin", sp, None, obj
    raise ValueError("unrecognised trace format")


def otlp_spans(docs):
    sp = []
    for d in docs:
        for rs in d["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    code = (s.get("status") or {}).get("code", 0)
                    sp.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                                   start=ts(s["startTimeUnixNano"]), err=code in (2, "STATUS_CODE_ERROR")))
    return sp


# ------------------------------------------------------------------ path resolution
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
    segs = split_path(path)
    if prefix is not None:
        if not segs or segs[0] != prefix:
            return [], "path must start with trace name %r" % prefix
        segs = segs[1:]
    parent = None
    found = None
    for seg in segs:
        m = re.match(r"^(.*)\[(\d+)\]$", seg)
        name, idx = (m.group(1), int(m.group(2))) if m else (seg, None)
        sibs = sorted([s for s in spans if s["parent"] == parent and s["name"] == name], key=lambda s: s["start"])
        if not sibs:
            return [], "no span named %r under %r" % (name, parent)
        if idx is None:
            if len(sibs) != 1:
                return sibs, "%r is ambiguous (%d siblings share the name)" % (name, len(sibs))
            found = sibs[0]
        else:
            if len(sibs) < 2:
                return sibs, "%r has an [n] suffix but its name is unique among siblings" % seg
            if not 1 <= idx <= len(sibs):
                return [], "index out of range in %r" % seg
            found = sibs[idx - 1]
        parent = found["id"]
    return [found], None


# ------------------------------------------------------------------ error wording scan
def unwrap(v):
    if isinstance(v, dict) and len(v) == 1:
        (k, x), = v.items()
        if k.endswith("Value"):
            return x
    return v


def scan(obj, hits, where="$"):
    if isinstance(obj, dict):
        if "key" in obj and "value" in obj and isinstance(obj["key"], str):
            check_kv(obj["key"], unwrap(obj["value"]), hits, where)
        for k, v in obj.items():
            check_kv(k, v, hits, where)
            scan(v, hits, where + "." + str(k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            scan(v, hits, "%s[%d]" % (where, i))
    elif isinstance(obj, str):
        if WORDS.search(obj):
            hits.append("%s: wording %r" % (where, WORDS.search(obj).group(0)))
        for rx in HTTP_TXT:
            if rx.search(obj):
                hits.append("%s: http status text %r" % (where, rx.search(obj).group(0)))


def check_kv(k, v, hits, where):
    if k in ("error", "errors"):
        if v not in (None, "", [], {}, False):
            hits.append("%s.%s: non-empty %s field" % (where, k, k))
    elif WORDS.search(k):
        hits.append("%s: key %r" % (where, k))
    if STATUS_KEY.search(k):
        try:
            n = int(v)
        except (TypeError, ValueError):
            return
        if 400 <= n <= 599:
            hits.append("%s.%s = %s" % (where, k, v))


# ------------------------------------------------------------------ main
def main(folder):
    problems = []
    cats = {}
    clean_runs = 0
    runs = sorted({os.path.basename(p)[:5] for p in glob.glob(os.path.join(folder, "run[0-9][0-9].*"))})
    for run in runs:
        files = [p for p in glob.glob(os.path.join(folder, run + ".*")) if not p.endswith(".label.json")]
        if len(files) != 1:
            problems.append("%s: expected one trace file, found %d" % (run, len(files)))
            continue
        path = files[0]
        bad = []
        try:
            fmt, spans, prefix, raw = load(path)
        except Exception as e:  # noqa
            problems.append("%s: does not parse: %s" % (run, e))
            continue
        ids = [s["id"] for s in spans]
        if len(ids) != len(set(ids)):
            bad.append("duplicate span ids")
        idset = set(ids)
        orphans = [s["id"] for s in spans if s["parent"] is not None and s["parent"] not in idset]
        if orphans:
            bad.append("parents missing for %s" % orphans)
        roots = [s for s in spans if s["parent"] is None]
        if len(roots) != 1 and prefix is None:
            bad.append("%d root spans" % len(roots))
        if not 8 <= len(spans) <= 40:
            bad.append("%d spans (want 8-40)" % len(spans))
        try:
            with open(os.path.join(folder, run + ".label.json"), encoding="utf-8") as f:
                lab = json.load(f)
        except Exception as e:  # noqa
            problems.append("%s: label: %s" % (run, e))
            continue
        if set(lab) != {"span", "spanId", "category", "why"}:
            bad.append("label keys %s" % sorted(lab))
        if lab.get("category") not in TRAIL:
            bad.append("category %r is not a TRAIL leaf" % lab.get("category"))
        cats.setdefault(lab.get("category"), []).append(run)
        hit, why = resolve(spans, lab["span"], prefix)
        if why:
            bad.append("label path %r: %s" % (lab["span"], why))
        elif len(hit) != 1 or hit[0]["id"] != lab["spanId"]:
            bad.append("label path %r resolves to %s, label says %s" % (lab["span"], [h["id"] for h in hit], lab["spanId"]))
        clean = run not in ERROR_RUNS
        nerr = sum(1 for s in spans if s["err"])
        if clean:
            clean_runs += 1
            if nerr:
                bad.append("meant to be clean but %d span(s) have error status" % nerr)
            hits = []
            scan(raw, hits)
            if hits:
                bad.append("meant to be clean but has error wording: " + "; ".join(hits[:5]))
        status = "OK" if not bad else "FAIL"
        print("%s  %-10s %-12s %2d spans  %-6s %-34s %s" % (run, os.path.basename(path), fmt, len(spans),
                                                          "clean" if clean else "errors(%d)" % nerr,
                                                          lab.get("category"), status))
        for b in bad:
            problems.append("%s: %s" % (run, b))
    for c, rs in cats.items():
        if len(rs) > 1:
            problems.append("category %r used by %s" % (c, rs))
    if len(runs) != 12:
        problems.append("expected 12 runs, found %d" % len(runs))
    if clean_runs < 9:
        problems.append("only %d clean runs (need >= 9)" % clean_runs)
    if problems:
        print("\nFAILED:")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nAll %d runs pass: %d clean, %d with errors, %d distinct TRAIL categories." %
          (len(runs), clean_runs, len(runs) - clean_runs, len(cats)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))))
