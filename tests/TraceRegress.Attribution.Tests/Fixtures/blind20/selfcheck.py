#!/usr/bin/env python3
"""Self-check for the blind20 set: parse every run, rebuild span paths, verify labels."""
import datetime
import glob
import json
import os
import re
import sys

OUT = os.environ.get("BLIND20_OUT", "/tmp/incoming/blind20")
TRAIL = {"Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval",
         "Tool Output Misinterpretation", "Incorrect Problem Identification", "Tool Selection Errors", "Formatting Errors",
         "Instruction Non-compliance", "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration",
         "Tool Definition Issues", "Environment Setup Errors", "Rate Limiting", "Authentication Errors", "Service Errors",
         "Resource Not Found", "Resource Exhaustion", "Timeout Issues"}
CLEAN = {"salon_booking_meai", "drycleaning_openllmetry", "framing_vercel", "firewood_openai_v2", "garden_centre_adk",
         "jeweller_pydantic_collector", "pottery_flat", "butcher_jaeger", "foodbank_phoenix"}
ERROR_WORDS = re.compile(r"\b(error\w*|fail\w*|exception\w*|timed?[ _-]?out|unavailable|denied|invalid\w*|unauthori[sz]ed|"
                         r"forbidden|refused|reject\w*|retry\w*|retried|warning\w*)\b", re.I)


def iso_key(s):
    s = s.replace("Z", "+00:00")
    dt = datetime.datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


def otlp_spans(reqs):
    out = []
    for req in reqs:
        for rs in req["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                                "start": int(s["startTimeUnixNano"]), "error": s.get("status", {}).get("code") == 2})
    return out


def load(path):
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as f:
            lines = [l for l in f if l.strip()]
        return "collector-jsonl", otlp_spans([json.loads(l) for l in lines]), None, len(lines)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, dict) and "resourceSpans" in doc:
        return "otlp-json", otlp_spans([doc]), None, 1
    if isinstance(doc, list):  # zipkin v2
        return "zipkin-v2", [{"id": s["id"], "parent": s.get("parentId"), "name": s["name"], "start": s["timestamp"],
                              "error": "error" in s.get("tags", {})} for s in doc], None, 1
    if isinstance(doc, dict) and "data" in doc and doc["data"] and "traceID" in doc["data"][0]:
        spans = []
        for tr in doc["data"]:
            for s in tr["spans"]:
                parent = next((r["spanID"] for r in s.get("references", []) if r["refType"] == "CHILD_OF"), None)
                spans.append({"id": s["spanID"], "parent": parent, "name": s["operationName"], "start": s["startTime"],
                              "error": any(t["key"] == "error" and t["value"] in (True, "true") for t in s["tags"])})
        return "jaeger", spans, None, 1
    if isinstance(doc, dict) and "data" in doc:  # phoenix
        return "phoenix", [{"id": s["context"]["span_id"], "parent": s.get("parent_id"), "name": s["name"],
                            "start": iso_key(s["start_time"]), "error": s["status_code"] == "ERROR"} for s in doc["data"]], None, 1
    if isinstance(doc, dict) and "observations" in doc:  # langfuse
        spans = [{"id": "__trace__", "parent": None, "name": doc["name"], "start": iso_key(doc["timestamp"]) - 1e-6, "error": False}]
        for o in doc["observations"]:
            spans.append({"id": o["id"], "parent": o.get("parentObservationId") or "__trace__", "name": o["name"],
                          "start": iso_key(o["startTime"]), "error": o.get("level") == "ERROR"})
        return "langfuse", spans, "__trace__", 1
    if isinstance(doc, dict) and "child_runs" in doc:  # langsmith
        spans = []
        def walk(r, parent):
            spans.append({"id": r["id"], "parent": parent, "name": r["name"], "start": iso_key(r["start_time"]),
                          "error": bool(r.get("error"))})
            if parent is not None and r.get("parent_run_id") != parent:
                raise ValueError(f"parent_run_id mismatch on {r['id']}")
            for c in r.get("child_runs") or []:
                walk(c, r["id"])
        walk(doc, None)
        return "langsmith", spans, None, 1
    if isinstance(doc, dict) and "spans" in doc:  # flat
        return "flat", [{"id": s["spanId"], "parent": s.get("parentSpanId"), "name": s["operationName"],
                         "start": iso_key(s["startTime"]), "error": str(s.get("status", "")).upper() == "ERROR"}
                        for s in doc["spans"]], None, 1
    raise ValueError("unknown format")


def paths(spans):
    by_id = {s["id"]: s for s in spans}
    kids = {}
    for s in spans:
        kids.setdefault(s["parent"], []).append(s)
    res = {}
    def seg(s):
        sib = [x for x in kids[s["parent"]] if x["name"] == s["name"]]
        nm = s["name"].replace("/", "\\/")
        if len(sib) > 1:
            sib.sort(key=lambda x: x["start"])
            starts = [x["start"] for x in sib]
            if len(set(starts)) != len(starts):
                raise ValueError(f"tied start times among siblings named {s['name']}")
            nm += f"[{sib.index(s) + 1}]"
        return nm
    def p(s):
        if s["id"] in res:
            return res[s["id"]]
        out = seg(s) if s["parent"] is None else p(by_id[s["parent"]]) + "/" + seg(s)
        res[s["id"]] = out
        return out
    for s in spans:
        p(s)
    return res


def main():
    ok = True
    cats = {}
    rows = []
    files = sorted(glob.glob(os.path.join(OUT, "*.json")) + glob.glob(os.path.join(OUT, "*.jsonl")))
    runs = [f for f in files if not f.endswith(".label.json")]
    for path in runs:
        run = os.path.basename(path).rsplit(".", 1)[0]
        problems = []
        try:
            fmt, spans, virtual_root, nlines = load(path)
        except Exception as e:  # noqa
            print(f"FAIL {run}: does not parse ({e})")
            ok = False
            continue
        ids = [s["id"] for s in spans]
        if len(ids) != len(set(ids)):
            problems.append("duplicate span ids")
        idset = set(ids)
        roots = [s for s in spans if s["parent"] is None]
        if len(roots) != 1:
            problems.append(f"{len(roots)} roots")
        for s in spans:
            if s["parent"] is not None and s["parent"] not in idset:
                problems.append(f"span {s['id']} has missing parent {s['parent']}")
        try:
            pm = paths(spans)
        except Exception as e:  # noqa
            problems.append(str(e))
            pm = {}
        lpath = os.path.join(OUT, run + ".label.json")
        label = json.load(open(lpath, encoding="utf-8")) if os.path.exists(lpath) else None
        if label is None:
            problems.append("missing label")
        else:
            for k in ("span", "spanId", "category", "why"):
                if k not in label:
                    problems.append(f"label lacks {k}")
            hits = [sid for sid, pp in pm.items() if pp == label.get("span")]
            if len(hits) != 1:
                problems.append(f"label path resolves to {len(hits)} spans")
            elif hits[0] != label.get("spanId"):
                problems.append(f"label path resolves to {hits[0]}, label spanId is {label.get('spanId')}")
            if label.get("category") not in TRAIL:
                problems.append(f"unknown category {label.get('category')}")
            cats.setdefault(label.get("category"), []).append(run)
        n_err = sum(1 for s in spans if s["error"])
        if run in CLEAN:
            text = open(path, encoding="utf-8").read()
            words = sorted(set(m.group(0).lower() for m in ERROR_WORDS.finditer(text)))
            if words or n_err:
                problems.append(f"clean run has error status/wording: {words} err_spans={n_err}")
        kind = "clean" if run in CLEAN else ("distractor" if label and label["category"] not in
                                              {"Authentication Errors", "Rate Limiting", "Service Errors", "Timeout Issues",
                                               "Resource Not Found", "Resource Exhaustion", "Environment Setup Errors"} else "real-error")
        status = "ok" if not problems else "FAIL"
        ok = ok and not problems
        n = len(spans) - (1 if virtual_root else 0)
        rows.append((run, fmt, n, n_err, kind, label["category"] if label else "-", label["span"] if label else "-", status, problems, nlines))
    for r in rows:
        extra = f" lines={r[9]}" if r[1] == "collector-jsonl" else ""
        print(f"{r[7]:4} {r[0]:28} {r[1]:15} spans={r[2]:<3} error_spans={r[3]} {r[4]:10} {r[5]:28} -> {r[6]}{extra}")
        for pr in r[8]:
            print(f"       - {pr}")
    dup = {c: rs for c, rs in cats.items() if len(rs) > 1}
    if dup:
        ok = False
        print("FAIL duplicate categories:", dup)
    if len(rows) != 12:
        ok = False
        print(f"FAIL expected 12 runs, found {len(rows)}")
    print(f"\n{len(rows)} runs, {len(cats)} distinct categories, "
          f"{sum(1 for r in rows if r[4] == 'clean')} clean / {sum(1 for r in rows if r[4] == 'distractor')} distractor / "
          f"{sum(1 for r in rows if r[4] == 'real-error')} real-error")
    print("SELFCHECK PASSED" if ok else "SELFCHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
