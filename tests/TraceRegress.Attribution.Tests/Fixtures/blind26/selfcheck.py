#!/usr/bin/env python3
"""Self-check for the blind26 attribution test set (standard library only).

Usage: python3 selfcheck.py [folder]   (defaults to the folder this file sits in)

For every runNN trace file it checks:
  * the file parses (JSON, or JSON Lines for the collector export)
  * span ids are unique and every parent id exists
  * the run has 8..40 spans
  * runNN.label.json: the "span" path resolves to exactly one span and its id equals "spanId";
    the category is a TRAIL leaf; categories are all different across runs
  * runs meant to be clean carry no error status and no error wording (no error/failed/exception/
    invalid/timeout..., no 3-digit 4xx/5xx number anywhere in the file)
Path rule: span names from the root down joined with "/"; a "/" inside a name is written "\\/";
siblings under the same parent sharing a name get a 1-based "[n]" suffix in start-time order.
Langfuse paths start with the trace name.
"""
import json
import os
import re
import sys
from datetime import datetime, timezone

TRAIL = {
    "Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval",
    "Tool Output Misinterpretation", "Incorrect Problem Identification", "Tool Selection Errors",
    "Formatting Errors", "Instruction Non-compliance", "Tool Definition Issues", "Environment Setup Errors",
    "Rate Limiting", "Authentication Errors", "Service Errors", "Resource Not Found", "Resource Exhaustion",
    "Timeout Issues", "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration",
}
# runs that deliberately carry an error status (root cause or a retried distractor); all others must be clean
NOT_CLEAN = {"run04", "run07", "run08"}

WORDS = re.compile(r"error|\bfail|exception|invalid|time[ _-]?out|timed out|unauthori[sz]ed|forbidden|not found|"
                   r"too many requests|rate[ _-]?limit|unavailable|denied|refused|overloaded", re.I)
HTTPISH = re.compile(r"(?<![\w.])[45]\d\d(?!\w)")


def parse_time(v):
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str) and v.isdigit():
        return float(v)
    s = v.replace("Z", "+00:00")
    dt = datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def sp(id_, parent, name, start, error):
    return {"id": id_, "parent": parent or None, "name": name, "start": start, "error": bool(error)}


def norm_otlp(reqs):
    out = []
    for req in reqs:
        for rs in req.get("resourceSpans", []):
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    code = (s.get("status") or {}).get("code")
                    out.append(sp(s["spanId"], s.get("parentSpanId"), s["name"], int(s["startTimeUnixNano"]),
                                  code in (2, "STATUS_CODE_ERROR", "ERROR")))
    return "otlp", out, None


def norm_jaeger(doc):
    out = []
    for tr in doc["data"]:
        for s in tr["spans"]:
            parent = None
            for ref in s.get("references") or []:
                if ref.get("refType") == "CHILD_OF":
                    parent = ref["spanID"]
            tags = {t["key"]: t["value"] for t in s.get("tags") or []}
            err = tags.get("error") is True or tags.get("otel.status_code") == "ERROR"
            out.append(sp(s["spanID"], parent, s["operationName"], s["startTime"], err))
    return "jaeger", out, None


def norm_zipkin(doc):
    out = []
    for s in doc:
        tags = s.get("tags") or {}
        err = "error" in tags or tags.get("otel.status_code") == "ERROR"
        out.append(sp(s["id"], s.get("parentId"), s["name"], s["timestamp"], err))
    return "zipkin", out, None


def norm_phoenix(doc):
    out = []
    for s in doc:
        out.append(sp(s["context"]["span_id"], s.get("parent_id"), s["name"], parse_time(s["start_time"]),
                      s.get("status_code") == "ERROR"))
    return "phoenix", out, None


def norm_flat(doc):
    out = []
    for s in doc["spans"]:
        code = (s.get("status") or {}).get("code")
        out.append(sp(s["spanId"], s.get("parentSpanId"), s["operationName"], parse_time(s["startTime"]),
                      code in ("ERROR", 2, "STATUS_CODE_ERROR")))
    return "flat", out, None


def norm_langfuse(doc):
    out = []
    for o in doc["observations"]:
        out.append(sp(o["id"], o.get("parentObservationId"), o["name"], parse_time(o["startTime"]),
                      o.get("level") == "ERROR"))
    return "langfuse", out, doc["name"]


def norm_langsmith(doc):
    out = []

    def walk(run):
        out.append(sp(run["id"], run.get("parent_run_id"), run["name"], parse_time(run["start_time"]),
                      run.get("error") is not None or run.get("status") == "error"))
        for c in run.get("child_runs") or []:
            walk(c)
    if isinstance(doc, dict) and "runs" in doc:
        for run in doc["runs"]:
            walk(run)
    else:
        walk(doc)
    return "langsmith", out, None


def normalise(doc, jsonl):
    if jsonl:
        return norm_otlp(doc)
    if isinstance(doc, list):
        if doc and "context" in doc[0]:
            return norm_phoenix(doc)
        return norm_zipkin(doc)
    if "resourceSpans" in doc:
        return norm_otlp([doc])
    if "data" in doc:
        return norm_jaeger(doc)
    if "observations" in doc:
        return norm_langfuse(doc)
    if "run_type" in doc or "runs" in doc:
        return norm_langsmith(doc)
    if "spans" in doc:
        return norm_flat(doc)
    raise ValueError("unknown trace format")


def paths(spans, prefix):
    kids = {}
    for i, s in enumerate(spans):
        kids.setdefault(s["parent"], []).append((s["start"], i, s))
    result = {}

    def visit(parent_key, base):
        group = sorted(kids.get(parent_key, []), key=lambda t: (t[0], t[1]))
        counts = {}
        for _, _, s in group:
            counts[s["name"]] = counts.get(s["name"], 0) + 1
        seen = {}
        for _, _, s in group:
            seg = s["name"].replace("/", "\\/")
            if counts[s["name"]] > 1:
                seen[s["name"]] = seen.get(s["name"], 0) + 1
                seg += f"[{seen[s['name']]}]"
            p = f"{base}/{seg}" if base else seg
            result.setdefault(p, []).append(s)
            visit(s["id"], p)
    visit(None, prefix or "")
    return result


def wording_problems(obj, where="$"):
    probs = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "error":
                if v not in (None, False, ""):
                    probs.append(f"{where}.error is set")
            elif WORDS.search(k):
                probs.append(f"key {where}.{k}")
            probs += wording_problems(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            probs += wording_problems(v, f"{where}[{i}]")
    elif isinstance(obj, str):
        m = WORDS.search(obj)
        if m:
            probs.append(f"{where}: ...{obj[max(0, m.start() - 30):m.end() + 30]}...")
    return probs


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    runs = sorted({f.split(".")[0] for f in os.listdir(folder) if re.match(r"run\d\d\.", f)})
    failures = []
    cats = {}
    for run in runs:
        errs = []
        trace_files = [f for f in os.listdir(folder) if f.startswith(run + ".") and not f.endswith(".label.json")]
        if len(trace_files) != 1:
            failures.append(f"{run}: expected one trace file, found {trace_files}")
            continue
        tf = trace_files[0]
        raw = open(os.path.join(folder, tf), encoding="utf-8").read()
        try:
            if tf.endswith(".jsonl"):
                doc = [json.loads(line) for line in raw.splitlines() if line.strip()]
            else:
                doc = json.loads(raw)
            fmt, spans, prefix = normalise(doc, tf.endswith(".jsonl"))
        except Exception as e:  # noqa
            failures.append(f"{run}: does not parse ({e!r})")
            continue
        ids = [s["id"] for s in spans]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            errs.append(f"duplicate span ids {sorted(dup)}")
        idset = set(ids)
        orphans = [s["id"] for s in spans if s["parent"] is not None and s["parent"] not in idset]
        if orphans:
            errs.append(f"parents missing for {orphans}")
        if not 8 <= len(spans) <= 40:
            errs.append(f"{len(spans)} spans (want 8..40)")
        lab_path = os.path.join(folder, run + ".label.json")
        label = None
        try:
            label = json.load(open(lab_path, encoding="utf-8"))
        except Exception as e:  # noqa
            errs.append(f"label unreadable ({e!r})")
        if label:
            for k in ("span", "spanId", "category", "why"):
                if k not in label:
                    errs.append(f"label missing {k}")
            pmap = paths(spans, prefix)
            hits = pmap.get(label.get("span"), [])
            if len(hits) != 1:
                errs.append(f"label path resolves to {len(hits)} spans: {label.get('span')}")
            elif hits[0]["id"] != label.get("spanId"):
                errs.append(f"label spanId {label.get('spanId')} != resolved {hits[0]['id']}")
            if label.get("category") not in TRAIL:
                errs.append(f"category not a TRAIL leaf: {label.get('category')}")
            cats.setdefault(label.get("category"), []).append(run)
        n_err = sum(s["error"] for s in spans)
        clean = run not in NOT_CLEAN
        if clean:
            if n_err:
                errs.append(f"{n_err} span(s) with error status in a clean run")
            wp = wording_problems(doc)
            if wp:
                errs.append(f"error wording: {wp[:3]}")
            m = HTTPISH.search(raw)
            if m:
                errs.append(f"4xx/5xx-looking number {m.group(0)!r} near: {raw[max(0, m.start() - 40):m.end() + 20]!r}")
        elif n_err == 0:
            errs.append("run listed as carrying an error but no span has error status")
        status = "OK  " if not errs else "FAIL"
        print(f"{status} {run}  {tf:<14} format={fmt:<9} spans={len(spans):<3} errors={n_err} "
              f"clean={'yes' if clean else 'no '}  {label.get('category') if label else '?'}")
        for e in errs:
            print(f"       - {e}")
            failures.append(f"{run}: {e}")
    for c, rs in cats.items():
        if len(rs) > 1:
            failures.append(f"category {c!r} used by {rs}")
    if len(runs) != 12:
        failures.append(f"expected 12 runs, found {len(runs)}")
    clean_n = len([r for r in runs if r not in NOT_CLEAN])
    print(f"{len(runs)} runs, {len(cats)} distinct categories, {clean_n} clean runs")
    if failures:
        print("SELFCHECK FAILED")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("SELFCHECK PASSED")


if __name__ == "__main__":
    main()
