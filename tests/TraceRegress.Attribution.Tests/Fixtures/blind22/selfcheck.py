#!/usr/bin/env python3
"""Self-check for the blind22 set.

Usage: python3 selfcheck.py [DATA_DIR]
Default DATA_DIR is ../blind22 relative to this file.

Checks, per run:
  * the trace file parses (JSON, or JSON Lines for the Collector file export)
  * span ids are unique and every parent id exists
  * the label's span path resolves to exactly one span, and that span has the label's spanId
  * the label category is a TRAIL category and categories / formats are all distinct
  * runs declared error-free carry no error status and no error wording in any string value
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(os.path.dirname(HERE), "blind22")

TRAIL = {"Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval", "Tool Output Misinterpretation",
         "Incorrect Problem Identification", "Tool Selection Errors", "Formatting Errors", "Instruction Non-compliance",
         "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration", "Tool Definition Issues",
         "Environment Setup Errors", "Rate Limiting", "Authentication Errors", "Service Errors", "Resource Not Found",
         "Resource Exhaustion", "Timeout Issues"}

# run -> (format, kind) ; kind: clean | distractor | real_error
RUNS = {
    "tollway_dispute": ("meai-otlp", "distractor"),
    "trampoline_party": ("openllmetry-js-otlp", "clean"),
    "tile_order": ("vercel-ai-otlp", "clean"),
    "pet_microchip": ("openai-v2-otlp-events", "clean"),
    "junior_football": ("google-adk-otlp", "clean"),
    "tool_hire": ("collector-jsonl-pydantic-ai", "clean"),
    "shoe_repair": ("flat-custom", "clean"),
    "transit_pass": ("jaeger-spring-ai", "real_error"),
    "trophy_engraving": ("zipkin-v2", "distractor"),
    "instrument_rental": ("phoenix-openinference", "clean"),
    "day_spa": ("langfuse", "clean"),
    "fence_quote": ("langsmith", "clean"),
}

ERR_WORDS = re.compile(r"\b(error|errors|exception|exceptions|fail|failed|failure|failing|timeout|timed out|time-out|unauthori[sz]ed|"
                       r"forbidden|denied|invalid|unavailable|traceback|stack ?trace|rejected|retry|retrying)\b", re.I)


# ------------------------------------------------------------------ loaders -> generic spans
# generic span: dict(id, parent, name, start(float), status_error(bool))
def otlp_spans(doc):
    out = []
    for rs in doc["resourceSpans"]:
        for ss in rs["scopeSpans"]:
            for s in ss["spans"]:
                out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                            "start": int(s["startTimeUnixNano"]), "err": (s.get("status") or {}).get("code") in (2, "STATUS_CODE_ERROR")})
    return out


def load(path):
    if path.endswith(".jsonl"):
        spans = []
        with open(path, encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
        docs = [json.loads(l) for l in lines]
        for d in docs:
            spans += otlp_spans(d)
        return docs, spans, "otlp-jsonl(%d lines)" % len(lines)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, dict) and "resourceSpans" in doc:
        return doc, otlp_spans(doc), "otlp-json"
    if isinstance(doc, list):  # zipkin v2
        return doc, [{"id": s["id"], "parent": s.get("parentId"), "name": s["name"], "start": s["timestamp"],
                      "err": "error" in (s.get("tags") or {})} for s in doc], "zipkin-v2"
    if isinstance(doc, dict) and "data" in doc and doc["data"] and "traceID" in doc["data"][0]:
        spans = []
        for t in doc["data"]:
            for s in t["spans"]:
                par = [r["spanID"] for r in s.get("references", []) if r["refType"] == "CHILD_OF"]
                tags = {x["key"]: x["value"] for x in s.get("tags", [])}
                spans.append({"id": s["spanID"], "parent": par[0] if par else None, "name": s["operationName"], "start": s["startTime"],
                              "err": tags.get("error") in (True, "true")})
        return doc, spans, "jaeger"
    if isinstance(doc, dict) and "data" in doc:  # phoenix
        return doc, [{"id": s["context"]["span_id"], "parent": s.get("parent_id"), "name": s["name"], "start": s["start_time"],
                      "err": s.get("status_code") == "ERROR"} for s in doc["data"]], "phoenix"
    if isinstance(doc, dict) and "spans" in doc:  # flat
        return doc, [{"id": s["spanId"], "parent": s.get("parentSpanId"), "name": s["operationName"], "start": s["startTime"],
                      "err": str(s.get("status", "OK")).upper() not in ("OK", "UNSET")} for s in doc["spans"]], "flat"
    if isinstance(doc, dict) and "observations" in doc:  # langfuse: trace is the root
        spans = [{"id": doc["id"], "parent": None, "name": doc["name"], "start": doc["timestamp"], "err": False}]
        for o in doc["observations"]:
            spans.append({"id": o["id"], "parent": o.get("parentObservationId") or doc["id"], "name": o["name"], "start": o["startTime"],
                          "err": o.get("level") == "ERROR"})
        return doc, spans, "langfuse"
    if isinstance(doc, dict) and "child_runs" in doc:  # langsmith
        spans = []

        def walk(r, parent):
            spans.append({"id": r["id"], "parent": parent, "name": r["name"], "start": r["start_time"],
                          "err": r.get("error") is not None or r.get("status") == "error"})
            for c in r.get("child_runs") or []:
                walk(c, r["id"])
        walk(doc, None)
        return doc, spans, "langsmith"
    raise ValueError("unknown format")


# ------------------------------------------------------------------ path resolution
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
    out = []
    for s in segs:
        m = re.match(r"^(.*)\[(\d+)\]$", s)
        out.append((m.group(1), int(m.group(2))) if m else (s, None))
    return out


def resolve(spans, path):
    children = {}
    for s in spans:
        children.setdefault(s["parent"], []).append(s)
    for k in children:
        children[k].sort(key=lambda s: s["start"])
    level = children.get(None, [])
    node = None
    for name, idx in split_path(path):
        same = [s for s in level if s["name"] == name]
        if not same:
            return [], "no sibling named %r" % name
        if idx is None:
            if len(same) != 1:
                return same, "%r is not unique among siblings (%d) but has no [n]" % (name, len(same))
            node = same[0]
        else:
            if len(same) == 1:
                return same, "%r is unique among siblings but has [%d]" % (name, idx)
            if idx < 1 or idx > len(same):
                return [], "%r[%d] out of range (%d)" % (name, idx, len(same))
            node = same[idx - 1]
        level = children.get(node["id"], [])
    return [node], None


def strings(o):
    if isinstance(o, str):
        yield o
    elif isinstance(o, dict):
        for v in o.values():
            yield from strings(v)
    elif isinstance(o, list):
        for v in o:
            yield from strings(v)


def main():
    ok_all = True
    cats, fmts = {}, {}
    rows = []
    for run, (fmt, kind) in RUNS.items():
        problems = []
        path = os.path.join(DATA, run + (".jsonl" if fmt.startswith("collector") else ".json"))
        try:
            doc, spans, detected = load(path)
        except Exception as e:  # noqa: BLE001
            print("FAIL %-18s cannot parse: %s" % (run, e))
            ok_all = False
            continue
        with open(os.path.join(DATA, run + ".label.json"), encoding="utf-8") as f:
            label = json.load(f)
        ids = [s["id"] for s in spans]
        if len(ids) != len(set(ids)):
            problems.append("duplicate span ids")
        idset = set(ids)
        orphans = [s["id"] for s in spans if s["parent"] is not None and s["parent"] not in idset]
        if orphans:
            problems.append("parents missing for %s" % orphans)
        roots = [s for s in spans if s["parent"] is None]
        if len(roots) != 1:
            problems.append("%d roots" % len(roots))
        found, why = resolve(spans, label["span"])
        if why:
            problems.append("path: " + why)
        elif len(found) != 1:
            problems.append("path resolves to %d spans" % len(found))
        elif found[0]["id"] != label["spanId"]:
            problems.append("path resolves to %s, label says %s" % (found[0]["id"], label["spanId"]))
        if label["category"] not in TRAIL:
            problems.append("unknown category " + label["category"])
        if label["category"] in cats:
            problems.append("category reused from " + cats[label["category"]])
        cats[label["category"]] = run
        if fmt in fmts:
            problems.append("format reused")
        fmts[fmt] = run
        n_err = sum(1 for s in spans if s["err"])
        words = sorted({m.group(0).lower() for t in strings(doc) for m in [ERR_WORDS.search(t)] if m})
        if kind == "clean" and (n_err or words):
            problems.append("declared clean but has %d error spans, words %s" % (n_err, words))
        if kind != "clean" and not n_err:
            problems.append("declared %s but no error status" % kind)
        cited_err = [s for s in spans if s["id"] == label["spanId"]][0]["err"] if label["spanId"] in idset else None
        if kind == "distractor" and cited_err:
            problems.append("distractor run cites an errored span")
        if kind == "real_error" and not cited_err:
            problems.append("real-error run does not cite the errored span")
        status = "ok  " if not problems else "FAIL"
        ok_all &= not problems
        rows.append((status, run, detected, len(spans), n_err, kind, label["category"], label["span"], problems))
    for status, run, detected, n, n_err, kind, cat, span, problems in rows:
        print("%s %-18s %-22s spans=%-3d err_spans=%d %-10s %-33s %s" % (status, run, detected, n, n_err, kind, cat, span))
        for p in problems:
            print("       - " + p)
    print()
    print("runs: %d  distinct categories: %d  distinct formats: %d  clean runs: %d" % (
        len(rows), len(cats), len(fmts), sum(1 for r in rows if r[5] == "clean")))
    print("SELFCHECK " + ("PASSED" if ok_all else "FAILED") + " (data: %s)" % DATA)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
