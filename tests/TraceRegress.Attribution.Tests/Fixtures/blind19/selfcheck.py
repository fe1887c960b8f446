#!/usr/bin/env python3
"""Self-check for the blind19 set: every file parses, every label's span path resolves to exactly one span with that
spanId, span ids are unique, parents exist, children sit inside their parents in time, categories are distinct, and the
runs meant to be clean carry no error status or error wording."""
import glob
import json
import os
import re
import sys
from datetime import datetime, timezone

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/incoming/blind19"
TRAIL = {"Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval", "Tool Output Misinterpretation",
         "Incorrect Problem Identification", "Tool Selection Errors", "Formatting Errors", "Instruction Non-compliance",
         "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration", "Tool Definition Issues",
         "Environment Setup Errors", "Rate Limiting", "Authentication Errors", "Service Errors", "Resource Not Found",
         "Resource Exhaustion", "Timeout Issues"}
CLEAN = {"01", "02", "03", "04", "06", "08", "10", "12"}      # no error status / wording at all
DISTRACTOR = {"07", "11"}                                   # contain a retried error that is not the cause
REAL_ERROR = {"05", "09"}                                   # a real error is the root cause
ERR_RE = re.compile(r"error|fail|exception|timed? ?out|timeout|unauthori[sz]ed|forbidden|too many requests|unavailable|bad gateway|not found", re.I)


def iso_to_us(s):
    s = s.replace("Z", "+00:00")
    d = datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return int(d.timestamp() * 1_000_000)


def otlp_nodes(doc):
    nodes, errs = [], []
    for rs in doc["resourceSpans"]:
        for ss in rs["scopeSpans"]:
            for s in ss["spans"]:
                nodes.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                              "start": int(s["startTimeUnixNano"]) // 1000, "end": int(s["endTimeUnixNano"]) // 1000,
                              "trace": s["traceId"]})
                if s.get("status", {}).get("code") == 2:
                    errs.append(s["name"])
    return nodes, errs


def load(path):
    """Return (format, nodes, error_status_span_names)."""
    if path.endswith(".jsonl"):
        nodes, errs = [], []
        with open(path, encoding="utf-8") as f:
            lines = [l for l in f if l.strip()]
        for line in lines:
            n, e = otlp_nodes(json.loads(line))
            nodes += n
            errs += e
        return f"otlp-collector-jsonl({len(lines)} lines)", nodes, errs
    doc = json.load(open(path, encoding="utf-8"))
    if isinstance(doc, dict) and "resourceSpans" in doc:
        n, e = otlp_nodes(doc)
        return "otlp-json", n, e
    if isinstance(doc, dict) and "data" in doc:
        nodes, errs = [], []
        for t in doc["data"]:
            for s in t["spans"]:
                refs = [r for r in s.get("references", []) if r["refType"] == "CHILD_OF"]
                nodes.append({"id": s["spanID"], "parent": refs[0]["spanID"] if refs else None, "name": s["operationName"],
                              "start": s["startTime"], "end": s["startTime"] + s["duration"], "trace": s["traceID"]})
                if any(tg["key"] == "error" and tg["value"] in (True, "true") for tg in s["tags"]):
                    errs.append(s["operationName"])
        return "jaeger", nodes, errs
    if isinstance(doc, list) and doc and "localEndpoint" in doc[0]:
        nodes = [{"id": s["id"], "parent": s.get("parentId"), "name": s["name"], "start": s["timestamp"],
                  "end": s["timestamp"] + s["duration"], "trace": s["traceId"]} for s in doc]
        errs = [s["name"] for s in doc if "error" in s.get("tags", {})]
        return "zipkin", nodes, errs
    if isinstance(doc, list) and doc and "context" in doc[0]:
        nodes = [{"id": s["context"]["span_id"], "parent": s.get("parent_id"), "name": s["name"], "start": iso_to_us(s["start_time"]),
                  "end": iso_to_us(s["end_time"]), "trace": s["context"]["trace_id"]} for s in doc]
        errs = [s["name"] for s in doc if s.get("status_code") == "ERROR"]
        return "phoenix", nodes, errs
    if isinstance(doc, dict) and "observations" in doc:
        nodes = [{"id": doc["id"], "parent": None, "name": doc["name"], "start": iso_to_us(doc["timestamp"]), "end": None,
                  "trace": doc["id"], "virtual": True}]
        for o in doc["observations"]:
            nodes.append({"id": o["id"], "parent": o.get("parentObservationId") or doc["id"], "name": o["name"],
                          "start": iso_to_us(o["startTime"]), "end": iso_to_us(o["endTime"]) if o.get("endTime") else None,
                          "trace": o["traceId"]})
        errs = [o["name"] for o in doc["observations"] if o.get("level") == "ERROR"]
        return "langfuse", nodes, errs
    if isinstance(doc, dict) and "child_runs" in doc:
        nodes, errs = [], []

        def walk(r, parent):
            nodes.append({"id": r["id"], "parent": parent, "name": r["name"], "start": iso_to_us(r["start_time"]),
                          "end": iso_to_us(r["end_time"]), "trace": r.get("trace_id"), "declared_parent": r.get("parent_run_id")})
            if r.get("error"):
                errs.append(r["name"])
            for c in r.get("child_runs") or []:
                walk(c, r["id"])
        walk(doc, None)
        return "langsmith", nodes, errs
    if isinstance(doc, dict) and "spans" in doc:
        nodes = [{"id": s["spanId"], "parent": s.get("parentSpanId"), "name": s["operationName"], "start": iso_to_us(s["startTime"]),
                  "end": iso_to_us(s["startTime"]) + int(round(s["duration"] * 1000)), "trace": s.get("traceId")} for s in doc["spans"]]
        errs = [s["operationName"] for s in doc["spans"] if str(s.get("status")).upper() == "ERROR"]
        return "flat", nodes, errs
    raise ValueError("unknown format")


def esc(name):
    return name.replace("/", "\\/")


def paths(nodes):
    by_id = {n["id"]: n for n in nodes}
    kids = {}
    for i, n in enumerate(nodes):
        n["_i"] = i
        kids.setdefault(n["parent"], []).append(n)
    seg = {}
    for parent, ch in kids.items():
        groups = {}
        for n in ch:
            groups.setdefault(n["name"], []).append(n)
        for name, g in groups.items():
            g.sort(key=lambda n: (n["start"], n["_i"]))
            for k, n in enumerate(g, 1):
                seg[n["id"]] = esc(name) + (f"[{k}]" if len(g) > 1 else "")
    out = {}
    for n in nodes:
        parts, cur, guard = [], n, 0
        while cur is not None and guard < 200:
            parts.append(seg[cur["id"]])
            cur = by_id.get(cur["parent"]) if cur["parent"] else None
            guard += 1
        out[n["id"]] = "/".join(reversed(parts))
    return out


def scrub_nulls(text):
    # schema keys whose value is null ("error": null in LangSmith runs) are not error wording
    return re.sub(r'"(error|statusMessage|status_message)"\s*:\s*(null|"")', "", text)


def main():
    labels = sorted(glob.glob(os.path.join(OUT, "*.label.json")))
    problems, rows, cats, fmts = [], [], {}, {}
    for lp in labels:
        run = os.path.basename(lp)[:-len(".label.json")]
        key = run[:2]
        data = [p for p in (os.path.join(OUT, run + ".json"), os.path.join(OUT, run + ".jsonl")) if os.path.exists(p)]
        if len(data) != 1:
            problems.append(f"{run}: expected one data file, found {data}")
            continue
        label = json.load(open(lp, encoding="utf-8"))
        for k in ("span", "spanId", "category", "why"):
            if k not in label:
                problems.append(f"{run}: label missing {k}")
        try:
            fmt, nodes, errs = load(data[0])
        except Exception as ex:  # noqa
            problems.append(f"{run}: parse failed: {ex}")
            continue
        ids = [n["id"] for n in nodes]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            problems.append(f"{run}: duplicate ids {dup}")
        idset = set(ids)
        roots = [n for n in nodes if not n["parent"]]
        if len(roots) != 1:
            problems.append(f"{run}: expected 1 root, found {len(roots)}")
        for n in nodes:
            if n["parent"] and n["parent"] not in idset:
                problems.append(f"{run}: span {n['id']} parent {n['parent']} missing")
            if n.get("declared_parent") is not None and n["declared_parent"] != n["parent"]:
                problems.append(f"{run}: run {n['id']} parent_run_id disagrees with tree")
        traces = {n["trace"] for n in nodes if n.get("trace")}
        if len(traces) != 1:
            problems.append(f"{run}: {len(traces)} trace ids")
        by_id = {n["id"]: n for n in nodes}
        for n in nodes:
            p = by_id.get(n["parent"]) if n["parent"] else None
            if p and not p.get("virtual") and n["end"] is not None and p["end"] is not None:
                if n["start"] < p["start"] or n["end"] > p["end"]:
                    problems.append(f"{run}: {n['name']} ({n['id']}) outside parent {p['name']} in time")
        pm = paths(nodes)
        hits = [i for i, p in pm.items() if p == label["span"]]
        if len(hits) != 1:
            problems.append(f"{run}: path {label['span']!r} resolves to {len(hits)} spans")
        elif hits[0] != label["spanId"]:
            problems.append(f"{run}: path resolves to {hits[0]}, label says {label['spanId']}")
        if label["category"] not in TRAIL:
            problems.append(f"{run}: unknown category {label['category']}")
        cats.setdefault(label["category"], []).append(run)
        fmts.setdefault(fmt.split("(")[0], []).append(run)
        raw = open(data[0], encoding="utf-8").read()
        words = sorted({m.group(0).lower() for m in ERR_RE.finditer(scrub_nulls(raw))})
        if key in CLEAN and (errs or words):
            problems.append(f"{run}: meant to be clean but has error status {errs} / wording {words}")
        if key in DISTRACTOR and not errs:
            problems.append(f"{run}: distractor run has no error span")
        if key in REAL_ERROR and not errs:
            problems.append(f"{run}: real-error run has no error span")
        if key in (DISTRACTOR | REAL_ERROR):
            kind = "distractor error (not the cause)" if key in DISTRACTOR else "real error = root cause"
        else:
            kind = "clean (content-only failure)"
        rows.append((run, fmt, len(nodes), label["category"], kind, errs))
    for c, rs in cats.items():
        if len(rs) > 1:
            problems.append(f"category {c} used by {rs}")
    print(f"checked {len(rows)} runs in {OUT}")
    for run, fmt, n, cat, kind, errs in rows:
        print(f"  {run:52s} {fmt:28s} spans={n:3d}  {cat:34s} {kind}" + (f"  error spans: {errs}" if errs else ""))
    print(f"distinct categories: {len(cats)}; formats: {', '.join(sorted(fmts))}")
    if problems:
        print("PROBLEMS:")
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("RESULT: OK - all files parse; every label path resolves to exactly one span with the labelled id; ids unique; parents exist; "
          "clean runs carry no error status or wording.")


if __name__ == "__main__":
    main()
