#!/usr/bin/env python3
"""Self-check for the blind35 attribution test set (standard library only).

Usage: python3 selfcheck.py [folder]      (default: the folder this file sits in)

For every runNN.<ext> with a runNN.label.json it checks that:
  * the trace parses (OTLP/JSON, collector JSON Lines, Jaeger, Zipkin v2, Phoenix/OpenInference,
    flat custom export, Langfuse trace, LangSmith run list);
  * span ids are unique and every parent id exists;
  * the run has 8..40 spans;
  * the label's path resolves to exactly one span and that span's id equals the label's spanId;
  * the label's category is a TRAIL leaf, and the twelve categories are all different;
  * runs meant to be clean carry no error status, no HTTP 4xx/5xx status and no error wording.
"""
import datetime as dt
import glob
import json
import os
import re
import sys

TRAIL = {"Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval",
         "Tool Output Misinterpretation", "Incorrect Problem Identification", "Tool Selection Errors", "Formatting Errors",
         "Instruction Non-compliance", "Tool Definition Issues", "Environment Setup Errors", "Rate Limiting",
         "Authentication Errors", "Service Errors", "Resource Not Found", "Resource Exhaustion", "Timeout Issues",
         "Context Handling Failures", "Resource Abuse", "Goal Deviation", "Task Orchestration"}
# Runs that deliberately contain an error: run08 (the root cause is a 401), run03 and run11 (retried distractor errors).
NOT_CLEAN = {"run03", "run08", "run11"}
WORDING = re.compile(r"\berror|\bfail|exception|invalid|time[\s_-]?out|timed[\s_-]out|unauthori[sz]ed|forbidden|"
                     r"too many requests|unavailable|rate[\s_-]?limit|\bdenied\b|not found|refused", re.I)
CODE_IN_TEXT = re.compile(r"(?:HTTP/\d(?:\.\d)?\s+|\bstatus(?:[ _.-]?code)?\W{1,4})[45]\d\d\b", re.I)
STATUS_KEY = re.compile(r"(status_code|status\.code|http\.status|^status$|^http\.response\.status_code$)", re.I)


def parse_time(v):
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v)
    if s.isdigit():
        return float(s)
    s = s.replace("Z", "+00:00")
    t = dt.datetime.fromisoformat(s)
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.timestamp() * 1e9


def node(i, p, name, start, err):
    return {"id": i, "parent": p or None, "name": name, "start": parse_time(start), "err": bool(err), "pseudo": False}


def otlp_nodes(reqs):
    out = []
    for req in reqs:
        for rs in req["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    st = s.get("status") or {}
                    err = st.get("code") in (2, "STATUS_CODE_ERROR")
                    out.append(node(s["spanId"], s.get("parentSpanId"), s["name"], int(s["startTimeUnixNano"]), err))
    return out


def load(path):
    """Returns (format, docs, nodes)."""
    if path.endswith(".jsonl"):
        docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        return "otlp-jsonl", docs, otlp_nodes(docs)
    doc = json.load(open(path, encoding="utf-8"))
    if isinstance(doc, dict) and "resourceSpans" in doc:
        return "otlp", [doc], otlp_nodes([doc])
    if isinstance(doc, dict) and "data" in doc:
        out = []
        for tr in doc["data"]:
            for s in tr["spans"]:
                tags = {t["key"]: t["value"] for t in s.get("tags", [])}
                parent = next((r["spanID"] for r in s.get("references", []) if r.get("refType") == "CHILD_OF"), None)
                err = tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR"
                out.append(node(s["spanID"], parent, s["operationName"], s["startTime"], err))
        return "jaeger", [doc], out
    if isinstance(doc, dict) and "observations" in doc:
        out = [{"id": doc["id"], "parent": None, "name": doc["name"], "start": parse_time(doc["timestamp"]),
                "err": False, "pseudo": True}]
        for o in doc["observations"]:
            out.append(node(o["id"], o.get("parentObservationId") or doc["id"], o["name"], o["startTime"],
                            o.get("level") == "ERROR"))
        return "langfuse", [doc], out
    if isinstance(doc, dict) and "spans" in doc:
        out = [node(s["spanId"], s.get("parentSpanId"), s["operationName"], s["startTime"],
                    str((s.get("status") or {}).get("code", "")).upper() in ("ERROR", "2")) for s in doc["spans"]]
        return "flat", [doc], out
    if isinstance(doc, list) and doc and "run_type" in doc[0]:
        out = [node(r["id"], r.get("parent_run_id"), r["name"], r["start_time"],
                    r.get("error") is not None or r.get("status") == "error") for r in doc]
        return "langsmith", [doc], out
    if isinstance(doc, list) and doc and "context" in doc[0]:
        out = [node(s["context"]["span_id"], s.get("parent_id"), s["name"], s["start_time"], s.get("status_code") == "ERROR")
               for s in doc]
        return "phoenix", [doc], out
    if isinstance(doc, list) and doc and "localEndpoint" in doc[0]:
        out = [node(s["id"], s.get("parentId"), s["name"], s["timestamp"],
                    "error" in (s.get("tags") or {}) or (s.get("tags") or {}).get("otel.status_code") == "ERROR") for s in doc]
        return "zipkin", [doc], out
    raise ValueError("unrecognised trace format")


def children_map(nodes):
    ch = {}
    for n in nodes:
        ch.setdefault(n["parent"], []).append(n)
    for v in ch.values():
        v.sort(key=lambda n: n["start"])
    return ch


def esc(name):
    return name.replace("/", "\\/")


def path_of(nodes, sid):
    by = {n["id"]: n for n in nodes}
    ch = children_map(nodes)
    parts = []
    n = by[sid]
    while n is not None:
        sib = [m for m in ch.get(n["parent"], []) if m["name"] == n["name"]]
        seg = esc(n["name"])
        if len(sib) > 1:
            seg += "[%d]" % (sib.index(n) + 1)
        parts.append(seg)
        n = by.get(n["parent"]) if n["parent"] else None
    return "/".join(reversed(parts))


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


def resolve(nodes, path):
    ch = children_map(nodes)
    level = ch.get(None, [])
    found = None
    for seg in split_path(path):
        m = re.match(r"^(.*)\[(\d+)\]$", seg)
        name, idx = (m.group(1), int(m.group(2))) if m else (seg, None)
        same = [n for n in level if n["name"] == name]
        if idx is None:
            if len(same) != 1:
                return None, "segment %r matches %d spans" % (seg, len(same))
            found = same[0]
        else:
            if len(same) < 2 or idx < 1 or idx > len(same):
                return None, "segment %r: %d spans share the name" % (seg, len(same))
            found = same[idx - 1]
        level = ch.get(found["id"], [])
    return found, None


def walk_pairs(o, out):
    """Collect (key, value) pairs, including OTLP/Jaeger {'key':..,'value':..} attribute records."""
    if isinstance(o, dict):
        if "key" in o and "value" in o and isinstance(o["key"], str):
            v = o["value"]
            if isinstance(v, dict) and len(v) == 1:
                v = list(v.values())[0]
            out.append((o["key"], v))
        for k, v in o.items():
            out.append((k, v))
            walk_pairs(v, out)
    elif isinstance(o, list):
        for x in o:
            walk_pairs(x, out)


def wording_hits(o, hits, where="$"):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("error", "errors") and v is None:
                continue  # empty structural field of the export format (LangSmith run, Jaeger envelope)
            if WORDING.search(k):
                hits.append("%s key %r" % (where, k))
            wording_hits(v, hits, where + "." + k)
    elif isinstance(o, list):
        for i, x in enumerate(o):
            wording_hits(x, hits, "%s[%d]" % (where, i))
    elif isinstance(o, str):
        m = WORDING.search(o) or CODE_IN_TEXT.search(o)
        if m:
            hits.append("%s: ...%s..." % (where, o[max(0, m.start() - 40): m.end() + 40].replace("\n", " ")))


def http_hits(docs):
    hits = []
    pairs = []
    for d in docs:
        walk_pairs(d, pairs)
    for k, v in pairs:
        if isinstance(k, str) and STATUS_KEY.search(k):
            try:
                code = int(str(v))
            except (TypeError, ValueError):
                continue
            if 400 <= code <= 599:
                hits.append("%s=%s" % (k, v))
    return hits


def main():
    folder = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
    labels = sorted(glob.glob(os.path.join(folder, "run*.label.json")))
    problems, cats, clean_count = [], {}, 0
    if len(labels) != 12:
        problems.append("expected 12 label files, found %d" % len(labels))
    for lp in labels:
        run = os.path.basename(lp).split(".")[0]
        traces = [p for p in glob.glob(os.path.join(folder, run + ".*")) if not p.endswith(".label.json")]
        errs = []
        if len(traces) != 1:
            problems.append("%s: expected one trace file, found %s" % (run, traces))
            continue
        tp = traces[0]
        try:
            label = json.load(open(lp, encoding="utf-8"))
            fmt, docs, nodes = load(tp)
        except Exception as e:  # noqa: BLE001
            problems.append("%s: cannot parse (%s)" % (run, e))
            continue
        if set(label) != {"span", "spanId", "category", "why"}:
            errs.append("label fields are %s" % sorted(label))
        ids = [n["id"] for n in nodes]
        if len(ids) != len(set(ids)):
            errs.append("duplicate span ids")
        idset = set(ids)
        orphans = [n["id"] for n in nodes if n["parent"] and n["parent"] not in idset]
        if orphans:
            errs.append("parents missing for %s" % orphans)
        nspans = len([n for n in nodes if not n["pseudo"]])
        if not 8 <= nspans <= 40:
            errs.append("%d spans (want 8..40)" % nspans)
        found, why = resolve(nodes, label["span"])
        if found is None:
            errs.append("path does not resolve: %s" % why)
        elif found["id"] != label["spanId"]:
            errs.append("path resolves to %s, label spanId is %s" % (found["id"], label["spanId"]))
        if label["category"] not in TRAIL:
            errs.append("category %r is not a TRAIL leaf" % label["category"])
        cats.setdefault(label["category"], []).append(run)
        clean = run not in NOT_CLEAN
        status_errs = [n["name"] for n in nodes if n["err"]]
        if clean:
            clean_count += 1
            hits = []
            for d in docs:
                wording_hits(d, hits)
            hits += ["HTTP status " + h for h in http_hits(docs)]
            if status_errs:
                errs.append("error status on %s" % status_errs)
            if hits:
                errs.append("error wording/status: %s" % hits[:5])
        print("%s %-4s %-10s spans=%-3d clean=%-3s %-34s %s" % (run, "OK" if not errs else "FAIL", fmt, nspans,
                                                              "yes" if clean else "no", label["category"], label["span"]))
        for e in errs:
            print("      - " + e)
        problems += ["%s: %s" % (run, e) for e in errs]
    dup = {c: r for c, r in cats.items() if len(r) > 1}
    if dup:
        problems.append("categories used more than once: %s" % dup)
    if clean_count < 9:
        problems.append("only %d clean runs (need >= 9)" % clean_count)
    print("clean runs: %d/%d, distinct categories: %d" % (clean_count, len(labels), len(cats)))
    if problems:
        print("SELFCHECK FAILED (%d problem(s))" % len(problems))
        sys.exit(1)
    print("SELFCHECK PASSED")


if __name__ == "__main__":
    main()
