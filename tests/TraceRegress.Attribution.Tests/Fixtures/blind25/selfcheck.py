#!/usr/bin/env python3
"""Self-check for the blind25 attribution test set (standard library only).

Usage: python3 selfcheck.py [FOLDER]     (defaults to the folder this script sits in)

For every runNN.* trace with a runNN.label.json it checks that:
  * the file parses and its format is recognised;
  * span / observation / run ids are unique and every parent id exists;
  * the trace has 8-40 spans;
  * the label has span, spanId, category (a TRAIL leaf) and why, and its path resolves to exactly one
    span whose id equals spanId;
  * runs meant to be clean carry no error status and no error wording (error, failed, exception, invalid,
    timeout, unauthorized, forbidden, unavailable, rate limit ...) and no 4xx/5xx-looking number.
Exit code 0 when everything passes.
"""
import datetime as dt
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
CLEAN = {f"run{i:02d}" for i in range(1, 11)}
WORDING = re.compile(r"(?i)error|fail|exception|invalid|time[d]?[ _-]?out|unauthori[sz]ed|forbidden|unavailable|denied|"
                     r"too many requests|rate[ _-]?limit|refused|traceback")
STATUSLIKE = re.compile(r"(?<![\w.])[45]\d\d(?!\w|\.\d)")


def ts(v):
    """Sortable start time from ns/us integers or ISO strings."""
    if isinstance(v, (int, float)):
        return float(v) / (1e9 if v > 1e17 else 1e6)
    if isinstance(v, str) and v.isdigit():
        return ts(int(v))
    s = v.replace("Z", "+00:00")
    d = dt.datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.timestamp()


def node(i, parent, name, start, err, order):
    return {"id": i, "parent": parent or None, "name": name, "start": ts(start), "err": err, "order": order}


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".jsonl"):
        return text, [json.loads(line) for line in text.splitlines() if line.strip()]
    return text, json.loads(text)


def nodes_of(doc):
    out = []
    # OTLP/JSON (single request or JSON Lines of requests)
    reqs = doc if isinstance(doc, list) and doc and isinstance(doc[0], dict) and "resourceSpans" in doc[0] else \
        ([doc] if isinstance(doc, dict) and "resourceSpans" in doc else None)
    if reqs is not None:
        for r in reqs:
            for rs in r["resourceSpans"]:
                for ss in rs.get("scopeSpans", []):
                    for sp in ss.get("spans", []):
                        code = (sp.get("status") or {}).get("code")
                        out.append(node(sp["spanId"], sp.get("parentSpanId"), sp["name"], sp["startTimeUnixNano"],
                                        code in (2, "STATUS_CODE_ERROR"), len(out)))
        return "otlp", out
    if isinstance(doc, dict) and isinstance(doc.get("data"), list) and doc["data"] and "spans" in doc["data"][0]:
        for t in doc["data"]:
            for sp in t["spans"]:
                refs = [r for r in sp.get("references") or [] if r.get("refType") in ("CHILD_OF", "FOLLOWS_FROM")]
                tags = {x["key"]: x.get("value") for x in sp.get("tags", [])}
                err = tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"
                out.append(node(sp["spanID"], refs[0]["spanID"] if refs else None, sp["operationName"], sp["startTime"], err, len(out)))
        return "jaeger", out
    if isinstance(doc, list) and doc and "traceId" in doc[0] and "id" in doc[0]:
        for sp in doc:
            tags = sp.get("tags") or {}
            err = "error" in tags or tags.get("otel.status_code") == "ERROR"
            out.append(node(sp["id"], sp.get("parentId"), sp.get("name", ""), sp["timestamp"], err, len(out)))
        return "zipkin", out
    if isinstance(doc, dict) and isinstance(doc.get("spans"), list):
        for sp in doc["spans"]:
            code = (sp.get("status") or {}).get("code")
            out.append(node(sp["spanId"], sp.get("parentSpanId"), sp["operationName"], sp["startTime"],
                            str(code).upper() in ("ERROR", "2", "STATUS_CODE_ERROR"), len(out)))
        return "flat", out
    if isinstance(doc, dict) and isinstance(doc.get("data"), list) and doc["data"] and "context" in doc["data"][0]:
        for sp in doc["data"]:
            out.append(node(sp["context"]["span_id"], sp.get("parent_id"), sp["name"], sp["start_time"],
                            sp.get("status_code") == "ERROR", len(out)))
        return "phoenix", out
    if isinstance(doc, dict) and "observations" in doc:
        out.append(node(doc["id"], None, doc["name"], doc["timestamp"], False, 0))
        for o in doc["observations"]:
            err = o.get("level") in ("ERROR", "WARNING") or bool(o.get("statusMessage"))
            out.append(node(o["id"], o.get("parentObservationId") or doc["id"], o["name"], o["startTime"], err, len(out)))
        return "langfuse", out
    if isinstance(doc, dict) and "run_type" in doc or isinstance(doc, list) and doc and "run_type" in doc[0]:
        def walk(r, parent):
            out.append(node(r["id"], parent, r["name"], r["start_time"], r.get("error") is not None or r.get("status") == "error", len(out)))
            for c in r.get("child_runs") or []:
                walk(c, r["id"])
        if isinstance(doc, list):  # flat list of runs
            for r in doc:
                out.append(node(r["id"], r.get("parent_run_id"), r["name"], r["start_time"], r.get("error") is not None, len(out)))
        else:
            walk(doc, None)
        return "langsmith", out
    raise ValueError("unrecognised trace format")


def paths(nodes):
    kids = {}
    for n in nodes:
        kids.setdefault(n["parent"], []).append(n)
    res = {}

    def visit(parent_path, siblings):
        by_name = {}
        for n in siblings:
            by_name.setdefault(n["name"], []).append(n)
        for name, group in by_name.items():
            group.sort(key=lambda n: (n["start"], n["order"]))
            for i, n in enumerate(group, 1):
                seg = name.replace("/", "\\/") + (f"[{i}]" if len(group) > 1 else "")
                p = seg if parent_path is None else parent_path + "/" + seg
                res.setdefault(p, []).append(n["id"])
                visit(p, kids.get(n["id"], []))

    visit(None, kids.get(None, []))
    return res


def check(folder):
    problems, lines = [], []
    traces = sorted(p for p in glob.glob(os.path.join(folder, "run[0-9][0-9].*"))
                    if not p.endswith(".label.json"))
    if not traces:
        return ["no runNN trace files found in " + folder], lines
    seen_cats = {}
    for path in traces:
        run = os.path.basename(path).split(".")[0]
        bad = []
        try:
            text, doc = load(path)
            fmt, nodes = nodes_of(doc)
        except Exception as e:  # noqa: BLE001
            problems.append(f"{run}: cannot parse {os.path.basename(path)}: {e}")
            continue
        ids = [n["id"] for n in nodes]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            bad.append(f"duplicate ids {sorted(dup)}")
        idset = set(ids)
        orphans = [n["id"] for n in nodes if n["parent"] is not None and n["parent"] not in idset]
        if orphans:
            bad.append(f"parents missing for {orphans}")
        roots = [n for n in nodes if n["parent"] is None]
        if len(roots) != 1:
            bad.append(f"{len(roots)} roots")
        if not 8 <= len(nodes) <= 40:
            bad.append(f"{len(nodes)} spans (want 8-40)")
        label_path = os.path.join(folder, run + ".label.json")
        try:
            with open(label_path, encoding="utf-8") as f:
                label = json.load(f)
        except Exception as e:  # noqa: BLE001
            problems.append(f"{run}: label unreadable: {e}")
            continue
        for k in ("span", "spanId", "category", "why"):
            if not label.get(k):
                bad.append(f"label lacks {k}")
        if label.get("category") not in TRAIL:
            bad.append(f"category {label.get('category')!r} is not a TRAIL leaf")
        seen_cats.setdefault(label.get("category"), []).append(run)
        hits = paths(nodes).get(label.get("span"), [])
        if len(hits) != 1:
            bad.append(f"label path resolves to {len(hits)} spans")
        elif hits[0] != label.get("spanId"):
            bad.append(f"label path resolves to {hits[0]}, label spanId is {label.get('spanId')}")
        errs = [n["name"] for n in nodes if n["err"]]
        if run in CLEAN:
            if errs:
                bad.append(f"clean run has error status on {errs}")
            w = sorted({m.group(0) for m in WORDING.finditer(text)})
            if w:
                bad.append(f"clean run contains error wording {w}")
            s = sorted({m.group(0) for m in STATUSLIKE.finditer(text)})
            if s:
                bad.append(f"clean run contains 4xx/5xx-looking numbers {s}")
        state = "clean" if run in CLEAN else f"carries error status on {errs}"
        if bad:
            problems += [f"{run}: {b}" for b in bad]
            lines.append(f"FAIL {run:6} {fmt:9} {len(nodes):3} spans  {label.get('category')}")
        else:
            lines.append(f"ok   {run:6} {fmt:9} {len(nodes):3} spans  {label.get('category'):34} {state}")
    for cat, runs in seen_cats.items():
        if len(runs) > 1:
            problems.append(f"category {cat!r} used by {runs}")
    return problems, lines


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    problems, lines = check(folder)
    print("\n".join(lines))
    if problems:
        print("\nPROBLEMS:")
        print("\n".join("  " + p for p in problems))
        sys.exit(1)
    print(f"\nselfcheck passed: {len(lines)} runs")


if __name__ == "__main__":
    main()
