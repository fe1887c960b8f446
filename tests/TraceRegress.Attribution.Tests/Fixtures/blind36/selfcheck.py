#!/usr/bin/env python3
"""Self-check for the blind36 attribution test set (standard library only).

Usage: python3 selfcheck.py [folder]     (default: the folder this script sits in)

For every runNN.* trace it checks that the file parses, span ids are unique, every parent exists, the label's
path resolves to exactly one span whose id equals the label's spanId, and - for the runs meant to be clean - that no
span carries an error status and no string contains error wording or a 4xx/5xx code.
"""
import datetime as dt
import json
import os
import re
import sys

HERE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
CLEAN = {"run01", "run02", "run03", "run04", "run05", "run07", "run10", "run11", "run12"}
CATEGORIES = {
    "Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval",
    "Tool Output Misinterpretation", "Incorrect Problem Identification", "Tool Selection Errors", "Formatting Errors",
    "Instruction Non-compliance", "Tool Definition Issues", "Environment Setup Errors", "Rate Limiting",
    "Authentication Errors", "Service Errors", "Resource Not Found", "Resource Exhaustion", "Timeout Issues",
    "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration"}
BANNED = re.compile(
    r"(?<![A-Za-z])(errors?|failed|failures?|fail|fails|exceptions?|invalid|timeouts?|timed[ -]?out|"
    r"unauthori[sz]ed|forbidden|unavailable|denied)(?![A-Za-z])", re.I)
CODE = re.compile(r"\b[45]\d\d\b")


def iso_key(s):
    s = s.replace("Z", "+00:00")
    return dt.datetime.fromisoformat(s).timestamp()


def otlp_spans(doc, out):
    for rs in doc.get("resourceSpans", []):
        for ss in rs.get("scopeSpans", []):
            for s in ss.get("spans", []):
                code = (s.get("status") or {}).get("code")
                out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                            "start": int(s["startTimeUnixNano"]), "err": code in (2, "STATUS_CODE_ERROR")})


def load(path):
    """Return (spans, path_prefix). Each span: id, parent, name, start, err, idx."""
    spans, prefix = [], ""
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    otlp_spans(json.loads(line), spans)
    else:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if isinstance(doc, dict) and "resourceSpans" in doc:
            otlp_spans(doc, spans)
        elif isinstance(doc, dict) and "data" in doc:  # Jaeger
            for tr in doc["data"]:
                for s in tr["spans"]:
                    par = [r["spanID"] for r in s.get("references", []) if r.get("refType") == "CHILD_OF"]
                    tags = {t["key"]: t["value"] for t in s.get("tags", [])}
                    spans.append({"id": s["spanID"], "parent": par[0] if par else None, "name": s["operationName"],
                                  "start": s["startTime"],
                                  "err": tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"})
        elif isinstance(doc, dict) and "observations" in doc:  # Langfuse
            prefix = doc["name"]
            for o in doc["observations"]:
                spans.append({"id": o["id"], "parent": o.get("parentObservationId"), "name": o["name"],
                              "start": iso_key(o["startTime"]), "err": o.get("level") == "ERROR"})
        elif isinstance(doc, dict) and "spans" in doc:  # flat custom export
            for s in doc["spans"]:
                code = (s.get("status") or {}).get("code")
                spans.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["operationName"],
                              "start": iso_key(s["startTime"]), "err": code in ("ERROR", 2)})
        elif isinstance(doc, list) and doc and "run_type" in doc[0]:  # LangSmith
            for r in doc:
                spans.append({"id": r["id"], "parent": r.get("parent_run_id"), "name": r["name"],
                              "start": iso_key(r["start_time"]),
                              "err": r.get("error") is not None or r.get("status") == "error"})
        elif isinstance(doc, list) and doc and "context" in doc[0]:  # Phoenix / OpenInference
            for s in doc:
                spans.append({"id": s["context"]["span_id"], "parent": s.get("parent_id"), "name": s["name"],
                              "start": iso_key(s["start_time"]), "err": s.get("status_code") == "ERROR"})
        elif isinstance(doc, list) and doc and "localEndpoint" in doc[0]:  # Zipkin v2
            for s in doc:
                spans.append({"id": s["id"], "parent": s.get("parentId"), "name": s["name"], "start": s["timestamp"],
                              "err": "error" in (s.get("tags") or {})})
        else:
            raise ValueError("unrecognised trace format")
    for i, s in enumerate(spans):
        s["idx"] = i
    return spans, prefix


def esc(name):
    return name.replace("/", "\\/")


def paths(spans, prefix):
    kids = {}
    for s in spans:
        kids.setdefault(s["parent"], []).append(s)
    out = {}

    def walk(parent_key, base):
        group = sorted(kids.get(parent_key, []), key=lambda s: (s["start"], s["idx"]))
        counts = {}
        for s in group:
            counts[s["name"]] = counts.get(s["name"], 0) + 1
        seen = {}
        for s in group:
            seg = esc(s["name"])
            if counts[s["name"]] > 1:
                seen[s["name"]] = seen.get(s["name"], 0) + 1
                seg += f"[{seen[s['name']]}]"
            p = f"{base}/{seg}" if base else seg
            out[s["id"]] = p
            walk(s["id"], p)

    walk(None, prefix)
    return out


def strings(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("error", "errors") and v is None:
                continue  # schema field present but empty (LangSmith "error": null)
            yield k
            yield from strings(v)
    elif isinstance(o, list):
        for x in o:
            yield from strings(x)
    elif isinstance(o, bool) or o is None:
        return
    elif isinstance(o, (int, float)):
        yield repr(o)
    else:
        yield str(o)


def wording(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            docs = [json.loads(l) for l in f if l.strip()]
        else:
            docs = [json.load(f)]
    hits = []
    for d in docs:
        for s in strings(d):
            for rx in (BANNED, CODE):
                m = rx.search(s)
                if m:
                    hits.append(f"{m.group(0)!r} in ...{s[max(0, m.start() - 40):m.end() + 40]}...")
    return hits


def main():
    files = sorted(f for f in os.listdir(HERE) if re.fullmatch(r"run\d\d\.(json|jsonl)", f))
    ok_all = True
    cats = {}
    for fname in files:
        run = fname.split(".")[0]
        problems = []
        try:
            spans, prefix = load(os.path.join(HERE, fname))
        except Exception as e:  # noqa
            print(f"FAIL {fname}: does not parse ({e})")
            ok_all = False
            continue
        ids = [s["id"] for s in spans]
        if len(ids) != len(set(ids)):
            problems.append("duplicate span ids")
        idset = set(ids)
        for s in spans:
            if s["parent"] is not None and s["parent"] not in idset:
                problems.append(f"span {s['id']} ({s['name']}) has missing parent {s['parent']}")
        if not 8 <= len(spans) <= 40:
            problems.append(f"{len(spans)} spans (expected 8-40)")
        lpath = os.path.join(HERE, f"{run}.label.json")
        try:
            with open(lpath, encoding="utf-8") as f:
                label = json.load(f)
        except Exception as e:  # noqa
            problems.append(f"label missing/unreadable ({e})")
            label = None
        if label:
            if set(label) != {"span", "spanId", "category", "why"}:
                problems.append(f"label keys {sorted(label)}")
            if label.get("category") not in CATEGORIES:
                problems.append(f"category {label.get('category')!r} is not a TRAIL leaf")
            cats[run] = label.get("category")
            pm = paths(spans, prefix)
            matches = [i for i, p in pm.items() if p == label["span"]]
            if len(matches) != 1:
                problems.append(f"label path resolves to {len(matches)} spans: {label['span']}")
            elif matches[0] != label["spanId"]:
                problems.append(f"label path resolves to {matches[0]}, label spanId is {label['spanId']}")
        err_spans = [s["name"] for s in spans if s["err"]]
        if run in CLEAN:
            if err_spans:
                problems.append(f"clean run has error-status spans: {err_spans}")
            w = wording(os.path.join(HERE, fname))
            if w:
                problems.append(f"clean run has error wording: {w[:3]}")
        status = "OK  " if not problems else "FAIL"
        kind = "clean" if run in CLEAN else f"errors-in-trace({len(err_spans)} span(s))"
        print(f"{status} {fname:12s} spans={len(spans):2d} {kind:26s} {label['category'] if label else '?'}")
        for p in problems:
            print(f"       - {p}")
        ok_all &= not problems
    if len(set(cats.values())) != len(cats):
        print("FAIL categories are not all different")
        ok_all = False
    if len(files) != 12:
        print(f"FAIL expected 12 runs, found {len(files)}")
        ok_all = False
    print("ALL CHECKS PASSED" if ok_all else "SOME CHECKS FAILED")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
