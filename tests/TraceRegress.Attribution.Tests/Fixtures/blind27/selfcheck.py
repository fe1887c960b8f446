#!/usr/bin/env python3
"""Self-check for the blind27 attribution test set (standard library only).

Usage: python3 selfcheck.py [folder]      (default: the folder this script sits in)

For every runNN trace file it checks that the file parses, span ids are unique, every parent exists,
the label path resolves to exactly one span whose id equals the label's spanId, the category is a
TRAIL leaf, the span count is 8-40, and that runs meant to be clean carry no error status and no
error wording. Exit code 0 when everything passes.
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
    "Timeout Issues", "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration",
}
# runs that must carry no error status and no error wording anywhere
CLEAN_RUNS = {"run01", "run02", "run03", "run05", "run06", "run07", "run09", "run10", "run11"}

WORDING = re.compile(r"error|fail(?:ed|ure|ing)?\b|exception|invalid|time[d ]?out|unauthori[sz]ed|forbidden|"
                     r"too many requests|service unavailable|rate[ _-]?limit|traceback|\bnot found\b", re.I)
STATUS_TEXT = re.compile(r"\b(?:HTTP|status|code)\s*[:=]?\s*[45]\d\d\b|\b[45]\d\d (?:Client|Server|Unauthorized|Forbidden|"
                         r"Not Found|Too Many|Service Unavailable|Internal|Bad Request|Gateway)", re.I)


def ts(s):
    """ISO 8601 -> sortable float seconds."""
    s = s.replace("Z", "+00:00")
    d = dt.datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.timestamp()


class Node:
    def __init__(self, sid, parent, name, start, error):
        self.id, self.parent, self.name, self.start, self.error = sid, parent or None, name, start, error


# ------------------------------------------------------------------ format readers
def otlp_nodes(docs):
    out = []
    for doc in docs:
        for rs in doc["resourceSpans"]:
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    st = s.get("status") or {}
                    err = st.get("code") in (2, "STATUS_CODE_ERROR", "ERROR")
                    out.append(Node(s["spanId"], s.get("parentSpanId"), s["name"], int(s["startTimeUnixNano"]), err))
    return out, "otlp"


def jaeger_nodes(doc):
    out = []
    for tr in doc["data"]:
        for s in tr["spans"]:
            parent = None
            for r in s.get("references") or []:
                if r.get("refType") == "CHILD_OF":
                    parent = r["spanID"]
            tags = {t["key"]: t["value"] for t in s.get("tags", [])}
            err = tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"
            out.append(Node(s["spanID"], parent, s["operationName"], s["startTime"], err))
    return out, "jaeger"


def zipkin_nodes(doc):
    out = []
    for s in doc:
        tags = s.get("tags") or {}
        err = "error" in tags or tags.get("otel.status_code") == "ERROR"
        out.append(Node(s["id"], s.get("parentId"), s["name"], s["timestamp"], err))
    return out, "zipkin"


def phoenix_nodes(doc):
    out = []
    for s in doc["data"]:
        out.append(Node(s["context"]["span_id"], s.get("parent_id"), s["name"], ts(s["start_time"]),
                        s.get("status_code") == "ERROR"))
    return out, "phoenix"


def flat_nodes(doc):
    out = []
    for s in doc["spans"]:
        code = (s.get("status") or {}).get("code")
        out.append(Node(s["spanId"], s.get("parentSpanId"), s["operationName"], ts(s["startTime"]),
                        code in ("ERROR", 2, "STATUS_CODE_ERROR")))
    return out, "flat"


def langfuse_nodes(doc):
    root = "trace:" + doc["id"]
    out = [Node(root, None, doc["name"], float("-inf"), False)]
    for o in doc["observations"]:
        out.append(Node(o["id"], o.get("parentObservationId") or root, o["name"], ts(o["startTime"]),
                        o.get("level") == "ERROR"))
    return out, "langfuse"


def langsmith_nodes(doc):
    out = []
    runs = doc if isinstance(doc, list) else [doc]
    stack = list(runs)
    while stack:
        r = stack.pop()
        err = r.get("error") not in (None, "") or r.get("status") == "error"
        out.append(Node(r["id"], r.get("parent_run_id"), r["name"], ts(r["start_time"]), err))
        stack.extend(r.get("child_runs") or [])
    return out, "langsmith"


def read_trace(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".jsonl"):
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
        return text, docs, otlp_nodes(docs)
    doc = json.loads(text)
    if isinstance(doc, list):
        return text, doc, zipkin_nodes(doc)
    if "resourceSpans" in doc:
        return text, doc, otlp_nodes([doc])
    if "observations" in doc:
        return text, doc, langfuse_nodes(doc)
    if "run_type" in doc:
        return text, doc, langsmith_nodes(doc)
    if "spans" in doc:
        return text, doc, flat_nodes(doc)
    if "data" in doc and doc["data"] and "processes" in doc["data"][0]:
        return text, doc, jaeger_nodes(doc)
    if "data" in doc and doc["data"] and "context" in doc["data"][0]:
        return text, doc, phoenix_nodes(doc)
    raise ValueError("unrecognised trace format")


# ------------------------------------------------------------------ paths
def esc(name):
    return name.replace("/", "\\/")


def paths_of(nodes):
    ids = {n.id for n in nodes}
    kids = {}
    for n in nodes:
        kids.setdefault(n.parent if n.parent in ids else None, []).append(n)
    seg = {}
    for group in kids.values():
        group = sorted(group, key=lambda n: n.start)
        count = {}
        for n in group:
            count[n.name] = count.get(n.name, 0) + 1
        seen = {}
        for n in group:
            if count[n.name] > 1:
                seen[n.name] = seen.get(n.name, 0) + 1
                seg[n.id] = f"{esc(n.name)}[{seen[n.name]}]"
            else:
                seg[n.id] = esc(n.name)
    by = {n.id: n for n in nodes}
    memo = {}

    def path(i):
        if i not in memo:
            n = by[i]
            memo[i] = seg[i] if n.parent not in ids else path(n.parent) + "/" + seg[i]
        return memo[i]

    return {n.id: path(n.id) for n in nodes}


# ------------------------------------------------------------------ error wording / status codes
def status_codes(obj, found):
    """Collect HTTP-ish status codes >= 400 from any attribute layout."""
    if isinstance(obj, dict):
        if "key" in obj and "value" in obj and isinstance(obj["key"], str):  # OTLP / Jaeger key-value
            k, v = obj["key"], obj["value"]
            if isinstance(v, dict):
                v = v.get("intValue", v.get("stringValue"))
            check_code(k, v, found)
        for k, v in obj.items():
            if not isinstance(v, (dict, list)):
                check_code(k, v, found)
            status_codes(v, found)
    elif isinstance(obj, list):
        for x in obj:
            status_codes(x, found)


def check_code(key, val, found):
    if "status" in str(key).lower() and "code" in str(key).lower() or str(key).lower() in ("status", "http.status"):
        try:
            if 400 <= int(str(val)) <= 599:
                found.append(f"{key}={val}")
        except ValueError:
            pass


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = sorted(f for f in glob.glob(os.path.join(folder, "run[0-9][0-9].*")) if not f.endswith(".label.json"))
    problems = 0
    cats = {}
    print(f"checking {len(files)} trace files in {folder}")
    for f in files:
        run = os.path.basename(f).split(".")[0]
        msgs = []
        try:
            text, doc, (nodes, fmt) = read_trace(f)
        except Exception as e:  # noqa: BLE001
            print(f"FAIL {run}: does not parse: {e}")
            problems += 1
            continue
        ids = [n.id for n in nodes]
        if len(ids) != len(set(ids)):
            msgs.append("duplicate span ids")
        idset = set(ids)
        orphans = [n.id for n in nodes if n.parent and n.parent not in idset]
        if orphans:
            msgs.append(f"parents missing for {orphans}")
        real = [n for n in nodes if not str(n.id).startswith("trace:")]
        if not 8 <= len(real) <= 40:
            msgs.append(f"span count {len(real)} outside 8-40")
        lp = os.path.join(folder, f"{run}.label.json")
        try:
            with open(lp, encoding="utf-8") as fh:
                label = json.load(fh)
        except Exception as e:  # noqa: BLE001
            msgs.append(f"label missing/unreadable: {e}")
            label = None
        if label:
            if set(label) != {"span", "spanId", "category", "why"}:
                msgs.append(f"label keys {sorted(label)}")
            if label.get("category") not in TRAIL:
                msgs.append(f"category not a TRAIL leaf: {label.get('category')}")
            cats.setdefault(label.get("category"), []).append(run)
            pmap = paths_of(nodes)
            hits = [i for i, p in pmap.items() if p == label.get("span")]
            if len(hits) != 1:
                msgs.append(f"label path resolves to {len(hits)} spans")
            elif hits[0] != label.get("spanId"):
                msgs.append(f"label path resolves to {hits[0]}, label spanId is {label.get('spanId')}")
            if len(label.get("why", "")) < 40:
                msgs.append("why too short")
        if run in CLEAN_RUNS:
            errs = [n.id for n in nodes if n.error]
            if errs:
                msgs.append(f"error status on {errs}")
            words = sorted({m.group(0).lower() for m in WORDING.finditer(text)})
            if words:
                msgs.append(f"error wording: {words}")
            codes = []
            status_codes(doc, codes)
            if codes:
                msgs.append(f"4xx/5xx status codes: {codes}")
            st = sorted({m.group(0) for m in STATUS_TEXT.finditer(text)})
            if st:
                msgs.append(f"status text: {st}")
        kind = "clean" if run in CLEAN_RUNS else "has error signal"
        if msgs:
            problems += 1
            print(f"FAIL {run} ({fmt}, {len(real)} spans): " + "; ".join(msgs))
        else:
            print(f"ok   {run} ({fmt}, {len(real)} spans, {kind}): {label['category']} @ {label['span']}")
    dup = {c: r for c, r in cats.items() if len(r) > 1}
    if dup:
        problems += 1
        print(f"FAIL categories reused: {dup}")
    present = {os.path.basename(f).split(".")[0] for f in files}
    missing = [f"run{i:02d}" for i in range(1, 13) if f"run{i:02d}" not in present]
    if missing:
        problems += 1
        print(f"FAIL missing runs: {missing}")
    clean_count = sum(1 for f in files if os.path.basename(f).split(".")[0] in CLEAN_RUNS)
    print(f"{len(files)} runs, {clean_count} clean, {len(cats)} distinct categories, problems: {problems}")
    print("PASS" if problems == 0 else "FAIL")
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
