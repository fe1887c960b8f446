"""Self-check for this folder.

For every run: the export parses in its own format, span ids are unique, every parent exists,
the trace is a single tree, the label's span path resolves to exactly one span and that span has
the label's spanId, the label category is a TRAIL category (all twelve distinct), the number of
LLM calls is 3-8, and runs declared error-free contain no error status and no error wording.
"""
import datetime as dt
import glob
import json
import os
import re
import sys

OUT = os.path.dirname(os.path.abspath(__file__))

TRAIL = {"Language-only hallucination", "Tool-related hallucination", "Poor Information Retrieval",
         "Tool Output Misinterpretation", "Incorrect Problem Identification", "Tool Selection Errors",
         "Formatting Errors", "Instruction Non-compliance", "Context Handling Failures", "Resource Abuse",
         "Goal Deviation", "Task Orchestration", "Tool Definition Issues", "Environment Setup Errors",
         "Rate Limiting", "Authentication Errors", "Service Errors", "Resource Not Found",
         "Resource Exhaustion", "Timeout Issues"}

# run -> (file, format, llm-span predicate, error profile: "clean" | "distractor" | "real")
RUNS = {
    "r01_heating_oil_meai": ("otlp", lambda s: s["name"].startswith("chat "), "clean"),
    "r02_golf_teetimes_openllmetry": ("otlp", lambda s: s["name"] == "openai.chat", "clean"),
    "r03_blinds_vercel_ai": ("otlp", lambda s: s["name"] == "ai.generateText.doGenerate", "clean"),
    "r04_hearing_aids_openai_v2": ("otlp", lambda s: s["name"].startswith("chat "), "distractor"),
    "r05_office_plants_adk": ("otlp", lambda s: s["name"] == "call_llm", "clean"),
    "r06_brewery_kegs_pydantic_collector": ("otlp-jsonl", lambda s: s["name"].startswith("chat "), "clean"),
    "r07_chimney_sweep_flat": ("flat", lambda s: s["name"] == "llm.generate", "real"),
    "r08_saas_seats_spring_jaeger": ("jaeger", lambda s: s["name"].startswith("chat "), "real"),
    "r09_riding_school_zipkin": ("zipkin", lambda s: s["name"].startswith("chat "), "clean"),
    "r10_worktops_phoenix_llamaindex": ("phoenix", lambda s: s["kind"] == "LLM", "clean"),
    "r11_dance_studio_langfuse": ("langfuse", lambda s: s["kind"] == "GENERATION", "distractor"),
    "r12_water_cooler_langsmith": ("langsmith", lambda s: s["kind"] == "llm", "clean"),
}

ERROR_WORDS = re.compile(r"error|fail|exception|timed? ?out|timeout|retr(y|ies|ying)|unauthori[sz]ed|forbidden|"
                         r"denied|invalid|not found|rate.?limit|bad gateway|unavailable|too many requests", re.I)
STATUS_WORDS = re.compile(r"\b[45]\d\d (Bad|Unauthorized|Forbidden|Not|Too|Internal|Service|Gateway|Request)")


def parse_time(v):
    if isinstance(v, (int, float)):
        return int(v)
    if isinstance(v, str) and v.isdigit():
        return int(v)
    s = v.replace("Z", "+00:00")
    d = dt.datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return int(d.timestamp() * 1_000_000)


def load(run, fmt):
    """Return (spans, prefix, raw_strings, error_flags). spans: dicts id/parent/name/start/kind."""
    spans, errs = [], []
    prefix = None
    if fmt in ("otlp", "otlp-jsonl"):
        path = os.path.join(OUT, run + (".jsonl" if fmt == "otlp-jsonl" else ".json"))
        docs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()] if fmt == "otlp-jsonl" \
            else [json.load(open(path, encoding="utf-8"))]
        if fmt == "otlp-jsonl" and not (2 <= len(docs) <= 4):
            raise AssertionError(f"collector file has {len(docs)} lines")
        tids = set()
        for d in docs:
            for rs in d["resourceSpans"]:
                for ss in rs["scopeSpans"]:
                    for s in ss["spans"]:
                        tids.add(s["traceId"])
                        spans.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                                      "start": int(s["startTimeUnixNano"]), "kind": s.get("kind")})
                        if (s.get("status") or {}).get("code") in (2, "STATUS_CODE_ERROR"):
                            errs.append(f"status ERROR on {s['name']}")
        assert len(tids) == 1, f"trace ids {tids}"
    elif fmt == "flat":
        d = json.load(open(os.path.join(OUT, run + ".json"), encoding="utf-8"))
        for s in d["spans"]:
            spans.append({"id": s["spanId"], "parent": s.get("parentSpanId"), "name": s["operationName"],
                          "start": parse_time(s["startTime"]), "kind": None})
            if str(s.get("status")).upper() == "ERROR":
                errs.append(f"status ERROR on {s['operationName']}")
    elif fmt == "jaeger":
        d = json.load(open(os.path.join(OUT, run + ".json"), encoding="utf-8"))
        assert len(d["data"]) == 1
        tr = d["data"][0]
        for s in tr["spans"]:
            assert s["processID"] in tr["processes"]
            refs = [r for r in s.get("references", []) if r["refType"] == "CHILD_OF"]
            spans.append({"id": s["spanID"], "parent": refs[0]["spanID"] if refs else None, "name": s["operationName"],
                          "start": s["startTime"], "kind": None})
            for t in s["tags"]:
                if (t["key"] == "error" and t["value"] is True) or (t["key"] == "otel.status_code" and t["value"] == "ERROR"):
                    errs.append(f"error tag on {s['operationName']}")
    elif fmt == "zipkin":
        d = json.load(open(os.path.join(OUT, run + ".json"), encoding="utf-8"))
        assert isinstance(d, list)
        assert len({s["traceId"] for s in d}) == 1
        for s in d:
            spans.append({"id": s["id"], "parent": s.get("parentId"), "name": s["name"], "start": s["timestamp"],
                          "kind": s.get("kind")})
            if "error" in s.get("tags", {}):
                errs.append(f"error tag on {s['name']}")
    elif fmt == "phoenix":
        d = json.load(open(os.path.join(OUT, run + ".json"), encoding="utf-8"))
        for s in d["data"]:
            spans.append({"id": s["context"]["span_id"], "parent": s.get("parent_id"), "name": s["name"],
                          "start": parse_time(s["start_time"]), "kind": s["span_kind"]})
            if s.get("status_code") == "ERROR":
                errs.append(f"status ERROR on {s['name']}")
    elif fmt == "langfuse":
        d = json.load(open(os.path.join(OUT, run + ".json"), encoding="utf-8"))
        prefix = d["name"]
        for o in d["observations"]:
            assert o["traceId"] == d["id"]
            spans.append({"id": o["id"], "parent": o.get("parentObservationId"), "name": o["name"],
                          "start": parse_time(o["startTime"]), "kind": o["type"]})
            if o.get("level") == "ERROR":
                errs.append(f"level ERROR on {o['name']}")
    elif fmt == "langsmith":
        d = json.load(open(os.path.join(OUT, run + ".json"), encoding="utf-8"))

        def walk(r, parent):
            assert r.get("parent_run_id") == parent, f"parent_run_id mismatch on {r['name']}"
            spans.append({"id": r["id"], "parent": r.get("parent_run_id"), "name": r["name"],
                          "start": parse_time(r["start_time"]), "kind": r["run_type"]})
            if r.get("error"):
                errs.append(f"error on {r['name']}")
            assert r.get("child_run_ids", [c["id"] for c in r["child_runs"]]) == [c["id"] for c in r["child_runs"]]
            for c in r.get("child_runs") or []:
                walk(c, r["id"])
        walk(d, None)
    else:
        raise ValueError(fmt)
    return spans, prefix, errs


def all_strings(obj, out, parent_key=None):
    """String values only (attribute keys such as OTLP 'key' fields and dict keys are skipped)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "key":
                continue
            all_strings(v, out, k)
    elif isinstance(obj, list):
        for v in obj:
            all_strings(v, out, parent_key)
    elif isinstance(obj, str):
        out.append(obj)  # JSON-encoded payloads are scanned as raw text


def split_path(p):
    parts, buf, i = [], "", 0
    while i < len(p):
        if p[i] == "\\" and i + 1 < len(p) and p[i + 1] == "/":
            buf += "/"
            i += 2
            continue
        if p[i] == "/":
            parts.append(buf)
            buf = ""
        else:
            buf += p[i]
        i += 1
    parts.append(buf)
    return parts


def resolve(spans, prefix, path):
    parts = split_path(path)
    if prefix is not None:
        if parts[0] != prefix:
            return []
        parts = parts[1:]
    level = [s for s in spans if not s["parent"]]
    matches = []
    for depth, part in enumerate(parts):
        m = re.fullmatch(r"(.*)\[(\d+)\]", part)
        name, idx = (m.group(1), int(m.group(2))) if m else (part, None)
        same = sorted([s for s in level if s["name"] == name], key=lambda s: s["start"])
        if idx is None:
            if len(same) != 1:
                return []
            chosen = same[0]
        else:
            if len(same) < 2 or idx > len(same):
                return []
            chosen = same[idx - 1]
        matches = [chosen]
        level = [s for s in spans if s["parent"] == chosen["id"]]
    return matches


def check(run, fmt, is_llm, profile):
    msgs = []
    spans, prefix, errs = load(run, fmt)
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        msgs.append("duplicate span ids")
    idset = set(ids)
    for s in spans:
        if s["parent"] and s["parent"] not in idset:
            msgs.append(f"missing parent {s['parent']} for {s['name']}")
    roots = [s for s in spans if not s["parent"]]
    if len(roots) != 1:
        msgs.append(f"{len(roots)} roots")
    label = json.load(open(os.path.join(OUT, run + ".label.json"), encoding="utf-8"))
    for k in ("span", "spanId", "category", "why"):
        if k not in label:
            msgs.append(f"label missing {k}")
    if label.get("category") not in TRAIL:
        msgs.append(f"bad category {label.get('category')}")
    res = resolve(spans, prefix, label["span"])
    if len(res) != 1:
        msgs.append(f"label path resolves to {len(res)} spans")
    elif res[0]["id"] != label["spanId"]:
        msgs.append(f"label path resolves to {res[0]['id']} not {label['spanId']}")
    n_llm = sum(1 for s in spans if is_llm(s))
    if not 3 <= n_llm <= 8:
        msgs.append(f"{n_llm} LLM calls")
    # error profile
    path = os.path.join(OUT, run + (".jsonl" if fmt == "otlp-jsonl" else ".json"))
    raw = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()] if fmt == "otlp-jsonl" else json.load(open(path, encoding="utf-8"))
    strings = []
    all_strings(raw, strings)
    wording = sorted({m.group(0).lower() for s in strings for rx in (ERROR_WORDS, STATUS_WORDS)
                      for m in rx.finditer(s)})
    if profile == "clean":
        if errs:
            msgs.append(f"clean run has error status: {errs}")
        if wording:
            msgs.append(f"clean run has error wording: {wording}")
    elif profile in ("distractor", "real"):
        if not errs:
            msgs.append("expected an error status in this run")
    return msgs, len(spans), n_llm, label, errs, wording


def main():
    ok = True
    cats = []
    print(f"{'run':40} {'spans':>5} {'llm':>3}  profile     category")
    for run, (fmt, is_llm, profile) in RUNS.items():
        try:
            msgs, n, n_llm, label, errs, wording = check(run, fmt, is_llm, profile)
        except Exception as e:  # noqa: BLE001
            msgs, n, n_llm, label = [f"could not check: {e!r}"], 0, 0, {}
        cats.append(label.get("category"))
        status = "OK " if not msgs else "BAD"
        ok &= not msgs
        print(f"{status} {run:36} {n:5} {n_llm:3}  {profile:10}  {label.get('category')}")
        print(f"      span: {label.get('span')}  ({label.get('spanId')})")
        for m in msgs:
            print("      !!", m)
    if len(set(cats)) != len(cats):
        ok = False
        print("!! categories are not all distinct")
    expected_files = {f"{r}.label.json" for r in RUNS} | {f"{r}.json" for r in RUNS if RUNS[r][0] != "otlp-jsonl"} | \
                     {f"{r}.jsonl" for r in RUNS if RUNS[r][0] == "otlp-jsonl"} | {"LABELS.md", "selfcheck.py"}
    present = {os.path.basename(p) for p in glob.glob(os.path.join(OUT, "*"))}
    if expected_files - present:
        ok = False
        print("!! missing files:", sorted(expected_files - present))
    if present - expected_files:
        ok = False
        print("!! unexpected files:", sorted(present - expected_files))
    clean = sum(1 for r in RUNS.values() if r[2] == "clean")
    print(f"runs: {len(RUNS)}, error-free runs: {clean}, distinct categories: {len(set(cats))}")
    print("SELFCHECK PASSED" if ok else "SELFCHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
