#!/usr/bin/env python3
"""Self-check for the blind31 trace set (standard library only).

Usage: python3 selfcheck.py [folder]      (default: the folder this script sits in)

For every runNN trace file it checks that:
  * the file parses in its export format and holds 8-40 spans;
  * span ids are unique and every parent id exists (and nests in start time);
  * runNN.label.json has span/spanId/category/why, the category is a TRAIL leaf, categories are distinct,
    and the label's path resolves to exactly one span whose id equals spanId;
  * runs meant to be clean carry no error status and no error wording (error/failed/exception/invalid/
    timeout/... or an HTTP 4xx/5xx status) anywhere in the file.
Exit status 0 when everything passes.
"""
import datetime
import glob
import json
import os
import re
import sys

CLEAN = {"run01", "run02", "run03", "run04", "run06", "run07", "run09", "run10", "run11"}

TRAIL = {
    "Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval",
    "Tool Output Misinterpretation", "Incorrect Problem Identification", "Tool Selection Errors",
    "Formatting Errors", "Instruction Non-compliance", "Tool Definition Issues", "Environment Setup Errors",
    "Rate Limiting", "Authentication Errors", "Service Errors", "Resource Not Found", "Resource Exhaustion",
    "Timeout Issues", "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration",
}

WORDS = re.compile(r"(?i)\b(errors?|erroring|failed|failures?|fails?|exceptions?|invalid|time[- ]?outs?|timed[- ]out|"
                   r"unauthori[sz]ed|forbidden|too many requests|rate[- ]limit(?:ed|s|ing)?|throttl\w*|"
                   r"unavailable|not found|denied|refused|traceback)\b")
HTTP_TXT = re.compile(r"(?i)\b(?:http|status|code)\W{0,3}[45]\d\d\b")
KEY_SUBSTR = ("error", "exception", "invalid", "timeout", "fail", "traceback")
STATUS_KEYS = {"http.status_code", "http.response.status_code", "status_code", "statuscode", "http_status",
               "status", "code", "response.status_code"}


def iso_key(s):
    s = s.replace("Z", "+00:00")
    if "+" not in s[10:] and "-" not in s[10:]:
        s += "+00:00"
    m = re.match(r"^(.*T\d\d:\d\d:\d\d)(\.\d+)?(.*)$", s)
    base, frac, tz = m.group(1), (m.group(2) or ".0")[1:], m.group(3)
    dt = datetime.datetime.fromisoformat(base + tz)
    return int(dt.timestamp()) * 10**9 + int((frac + "000000000")[:9])


# ------------------------------------------------------------------ loaders -> (format, spans, docs, prefix)
def otlp_spans(doc):
    out = []
    for rs in doc.get("resourceSpans", []):
        for ss in rs.get("scopeSpans", []):
            for sp in ss.get("spans", []):
                st = sp.get("status") or {}
                out.append({"id": sp["spanId"], "parent": sp.get("parentSpanId") or None, "name": sp["name"],
                            "start": int(sp["startTimeUnixNano"]),
                            "err": st.get("code") in (2, "STATUS_CODE_ERROR")})
    return out


def load(path):
    if path.endswith(".jsonl"):
        docs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        spans = [s for d in docs for s in otlp_spans(d)]
        return "otlp-jsonl", spans, docs, None
    doc = json.load(open(path, encoding="utf-8"))
    if isinstance(doc, dict) and "resourceSpans" in doc:
        return "otlp-json", otlp_spans(doc), [doc], None
    if isinstance(doc, dict) and "observations" in doc:
        spans = [{"id": o["id"], "parent": o.get("parentObservationId"), "name": o["name"],
                  "start": iso_key(o["startTime"]), "err": o.get("level") == "ERROR"} for o in doc["observations"]]
        return "langfuse", spans, [doc], doc["name"]
    if isinstance(doc, dict) and "run_type" in doc:
        spans = []

        def walk(r, parent):
            if (r.get("parent_run_id") or None) != parent:
                raise ValueError(f"run {r['id']} parent_run_id {r.get('parent_run_id')} != enclosing run {parent}")
            spans.append({"id": r["id"], "parent": r.get("parent_run_id"), "name": r["name"],
                          "start": iso_key(r["start_time"]), "err": bool(r.get("error")) or r.get("status") == "error"})
            for c in r.get("child_runs") or []:
                walk(c, r["id"])
        walk(doc, None)
        return "langsmith", spans, [doc], None
    if isinstance(doc, dict) and isinstance(doc.get("data"), list) and doc["data"] and "spans" in doc["data"][0]:
        spans = []
        for tr in doc["data"]:
            for sp in tr["spans"]:
                parent = None
                for ref in sp.get("references") or []:
                    if ref.get("refType") == "CHILD_OF":
                        parent = ref["spanID"]
                tags = {t["key"]: t["value"] for t in sp.get("tags", [])}
                spans.append({"id": sp["spanID"], "parent": parent, "name": sp["operationName"], "start": sp["startTime"],
                              "err": tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"})
        return "jaeger", spans, [doc], None
    if isinstance(doc, dict) and isinstance(doc.get("data"), list) and doc["data"] and "context" in doc["data"][0]:
        spans = [{"id": s["context"]["span_id"], "parent": s.get("parent_id"), "name": s["name"],
                  "start": iso_key(s["start_time"]), "err": s.get("status_code") == "ERROR"} for s in doc["data"]]
        return "phoenix", spans, [doc], None
    if isinstance(doc, dict) and isinstance(doc.get("spans"), list):
        spans = [{"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["operationName"],
                  "start": iso_key(s["startTime"]),
                  "err": (s.get("status") or {}).get("code") in ("ERROR", 2)} for s in doc["spans"]]
        return "flat", spans, [doc], None
    if isinstance(doc, list) and doc and "localEndpoint" in doc[0]:
        spans = [{"id": s["id"], "parent": s.get("parentId"), "name": s["name"], "start": s["timestamp"],
                  "err": "error" in (s.get("tags") or {}) or (s.get("tags") or {}).get("otel.status_code") == "ERROR"}
                 for s in doc]
        return "zipkin", spans, [doc], None
    raise ValueError("unrecognised trace format")


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
    return segs


def resolve(spans, path, prefix):
    segs = split_path(path)
    if prefix is not None:
        if not segs or segs[0] != prefix:
            return [], f"path must start with trace name {prefix!r}"
        segs = segs[1:]
    ids = {s["id"] for s in spans}
    kids = {}
    for s in spans:
        par = s["parent"] if s["parent"] in ids else None
        kids.setdefault(par, []).append(s)
    level = kids.get(None, [])
    found = None
    for seg in segs:
        exact = [s for s in level if s["name"] == seg]
        m = re.match(r"^(.*)\[(\d+)\]$", seg)
        if exact:
            if len(exact) != 1:
                return [], f"segment {seg!r} is shared by {len(exact)} siblings but has no [n] suffix"
            found = exact[0]
        elif m:
            same = sorted([s for s in level if s["name"] == m.group(1)], key=lambda s: s["start"])
            n = int(m.group(2))
            if len(same) < 2:
                return [], f"segment {seg!r} has a [n] suffix but the name is not shared"
            if not 1 <= n <= len(same):
                return [], f"segment {seg!r} out of range (only {len(same)})"
            found = same[n - 1]
        else:
            return [], f"segment {seg!r} not present"
        level = kids.get(found["id"], [])
    return [found] if found else [], None


# ------------------------------------------------------------------ wording scan
def scan(obj, hits, where="$"):
    if isinstance(obj, dict):
        for k, v in obj.items():
            kl = k.lower()
            empty = v is None or v == "" or v == [] or v == {}
            if not empty and any(w in kl for w in KEY_SUBSTR):
                hits.append(f"{where}.{k}: key suggests an error ({str(v)[:60]!r})")
            if kl in STATUS_KEYS:
                try:
                    n = int(v)
                    if 400 <= n <= 599:
                        hits.append(f"{where}.{k}: HTTP status {n}")
                except (TypeError, ValueError):
                    pass
                if isinstance(v, str) and v.upper() in ("ERROR", "STATUS_CODE_ERROR"):
                    hits.append(f"{where}.{k}: status {v}")
            scan(v, hits, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            scan(v, hits, f"{where}[{i}]")
    elif isinstance(obj, str):
        m = WORDS.search(obj) or HTTP_TXT.search(obj)
        if m:
            a = max(0, m.start() - 40)
            hits.append(f"{where}: {obj[a:m.end() + 30]!r}")


# ------------------------------------------------------------------ main
def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    labels = sorted(glob.glob(os.path.join(folder, "run[0-9][0-9].label.json")))
    problems = 0
    cats = {}
    print(f"checking {folder}")
    for lp in labels:
        run = os.path.basename(lp).split(".")[0]
        msgs = []
        files = [f for f in glob.glob(os.path.join(folder, run + ".*")) if not f.endswith(".label.json")]
        if len(files) != 1:
            print(f"FAIL {run}: expected one trace file, found {files}")
            problems += 1
            continue
        tf = files[0]
        try:
            fmt, spans, docs, prefix = load(tf)
        except Exception as e:  # report and continue
            print(f"FAIL {run}: cannot parse {os.path.basename(tf)}: {e}")
            problems += 1
            continue
        ids = [s["id"] for s in spans]
        if len(ids) != len(set(ids)):
            msgs.append("duplicate span ids")
        if not 8 <= len(spans) <= 40:
            msgs.append(f"{len(spans)} spans (want 8-40)")
        byid = {s["id"]: s for s in spans}
        roots = [s for s in spans if not s["parent"]]
        if len(roots) != 1:
            msgs.append(f"{len(roots)} root spans")
        for s in spans:
            if s["parent"] and s["parent"] not in byid:
                msgs.append(f"span {s['id']} has missing parent {s['parent']}")
            elif s["parent"] and s["start"] < byid[s["parent"]]["start"]:
                msgs.append(f"span {s['id']} starts before its parent")
        label = json.load(open(lp, encoding="utf-8"))
        for k in ("span", "spanId", "category", "why"):
            if not label.get(k):
                msgs.append(f"label lacks {k}")
        if label.get("category") not in TRAIL:
            msgs.append(f"category {label.get('category')!r} is not a TRAIL leaf")
        cats.setdefault(label.get("category"), []).append(run)
        hit, why = resolve(spans, label.get("span", ""), prefix)
        if why:
            msgs.append("path: " + why)
        elif len(hit) != 1:
            msgs.append("path does not resolve to exactly one span")
        elif hit[0]["id"] != label.get("spanId"):
            msgs.append(f"path resolves to {hit[0]['id']} but label spanId is {label.get('spanId')}")
        n_err = sum(1 for s in spans if s["err"])
        wording = []
        for d in docs:
            scan(d, wording)
        if run in CLEAN:
            if n_err:
                msgs.append(f"{n_err} span(s) with error status in a clean run")
            for w in wording[:5]:
                msgs.append("error wording: " + w)
            if len(wording) > 5:
                msgs.append(f"... {len(wording) - 5} more wording hits")
        state = "clean" if run in CLEAN else f"not clean by design ({n_err} error-status span(s), {len(wording)} error-wording hit(s))"
        if msgs:
            problems += 1
            print(f"FAIL {run} [{fmt}, {len(spans)} spans] " + "; ".join(msgs))
        else:
            print(f"ok   {run} [{fmt}, {len(spans)} spans, {state}] {label['category']} -> {label['span']}")
    for c, runs in cats.items():
        if len(runs) > 1:
            print(f"FAIL category {c!r} used by {runs}")
            problems += 1
    if len(labels) != 12:
        print(f"FAIL expected 12 labelled runs, found {len(labels)}")
        problems += 1
    n_clean = len([r for r in CLEAN if os.path.exists(os.path.join(folder, r + '.label.json'))])
    print(f"{len(labels)} runs, {n_clean} clean, {len(cats)} distinct categories, problems: {problems}")
    print("PASS" if problems == 0 else "FAILED")
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
