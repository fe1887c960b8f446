"""Self-check for the blind23 set: every file parses, ids are unique, parents exist, and every label's span path
resolves to exactly one span carrying the labelled spanId. Also confirms the designated clean runs carry no
error status or error wording and counts LLM calls per run."""
import glob
import json
import os
import re
import sys
from datetime import datetime, timezone

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
CLEAN_RUNS = {"alarm_monitoring", "travel_money", "tattoo_booking", "paint_store", "lawn_care", "carpet_fitting",
              "boardgame_cafe", "mattress_delivery", "phone_repair"}
DISTRACTOR_RUNS = {"credit_union_loan", "pet_food_subscription"}
REAL_ERROR_RUNS = {"home_care_visits"}
ERR_WORDS = re.compile(r"error|fail|exception|timeout|timed out|unavailable|unauthori[sz]ed|denied|invalid|retry|retries|traceback",
                       re.I)


def ts(v):
    """Normalise a timestamp to integer nanoseconds."""
    if isinstance(v, (int, float)):
        return int(v)
    s = str(v)
    if s.isdigit():
        return int(s)
    s = s.replace("Z", "+00:00")
    dt = datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(dt.timestamp() * 1_000_000) * 1000 + 0


class Node:
    def __init__(self, sid, name, parent, start, raw, llm=False, error=False):
        self.id, self.name, self.parent, self.start, self.raw, self.llm, self.error = sid, name, parent, start, raw, llm, error


def otlp_nodes(docs):
    out = []
    for d in docs:
        for rs in d["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    n = s["name"]
                    llm = n.startswith("chat ") or n == "openai.chat" or n == "ai.generateText.doGenerate" or n == "call_llm"
                    err = s.get("status", {}).get("code") == 2
                    out.append(Node(s["spanId"], n, s.get("parentSpanId") or None, int(s["startTimeUnixNano"]), s, llm, err))
    return out


def load(path):
    """Return (format, nodes, prefix)."""
    if path.endswith(".jsonl"):
        docs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        return "otel-collector-file-jsonl", otlp_nodes(docs), None
    d = json.load(open(path, encoding="utf-8"))
    if isinstance(d, list):  # zipkin v2
        nodes = [Node(s["id"], s["name"], s.get("parentId"), s["timestamp"] * 1000, s, s["name"].startswith("chat "),
                      "error" in s.get("tags", {})) for s in d]
        return "zipkin-v2", nodes, None
    if "resourceSpans" in d:
        return "otlp-json", otlp_nodes([d]), None
    if "observations" in d:  # langfuse
        nodes = [Node(o["id"], o["name"], o.get("parentObservationId"), ts(o["startTime"]), o, o["type"] == "GENERATION",
                      o.get("level") == "ERROR") for o in d["observations"]]
        return "langfuse", nodes, d["name"]
    if "child_runs" in d:  # langsmith
        nodes = []

        def walk(r, parent):
            nodes.append(Node(r["id"], r["name"], parent, ts(r["start_time"]), r, r["run_type"] == "llm", bool(r.get("error"))))
            if r.get("parent_run_id") != parent:
                raise ValueError(f"parent_run_id mismatch on {r['id']}")
            for c in r["child_runs"]:
                walk(c, r["id"])
        walk(d, None)
        return "langsmith", nodes, None
    if "spans" in d:  # flat custom
        nodes = [Node(s["spanId"], s["operationName"], s.get("parentSpanId"), ts(s["startTime"]), s,
                      s["operationName"].startswith("llm."), s.get("status") != "OK") for s in d["spans"]]
        return "flat-custom", nodes, None
    if "data" in d and d["data"] and "traceID" in d["data"][0]:  # jaeger
        nodes = []
        for t in d["data"]:
            for s in t["spans"]:
                refs = [r for r in s["references"] if r["refType"] == "CHILD_OF"]
                err = any(tg["key"] == "error" and tg["value"] is True for tg in s["tags"])
                nodes.append(Node(s["spanID"], s["operationName"], refs[0]["spanID"] if refs else None, s["startTime"] * 1000,
                                  s, s["operationName"].startswith("chat "), err))
        return "jaeger", nodes, None
    if "data" in d:  # phoenix
        nodes = [Node(s["context"]["span_id"], s["name"], s.get("parent_id"), ts(s["start_time"]), s,
                      s.get("span_kind") == "LLM", s.get("status_code") == "ERROR") for s in d["data"]]
        return "phoenix-openinference", nodes, None
    raise ValueError("unknown format")


def esc(name):
    return name.replace("/", "\\/")


def paths(nodes, prefix):
    kids = {}
    for i, n in enumerate(nodes):
        kids.setdefault(n.parent, []).append((n.start, i, n))
    out = {}

    def visit(parent_key, base):
        ch = sorted(kids.get(parent_key, []), key=lambda x: (x[0], x[1]))
        counts = {}
        for _, _, n in ch:
            counts[n.name] = counts.get(n.name, 0) + 1
        seen = {}
        for _, _, n in ch:
            seg = esc(n.name)
            if counts[n.name] > 1:
                seen[n.name] = seen.get(n.name, 0) + 1
                seg += f"[{seen[n.name]}]"
            p = seg if base is None else base + "/" + seg
            out.setdefault(p, []).append(n)
            visit(n.id, p)
    visit(None, esc(prefix) if prefix else None)
    return out


def main():
    ok = True
    rows = []
    labels = sorted(glob.glob(os.path.join(OUT, "*.label.json")))
    cats = []
    for lp in labels:
        run = os.path.basename(lp)[: -len(".label.json")]
        data = [p for p in (os.path.join(OUT, run + ".json"), os.path.join(OUT, run + ".jsonl")) if os.path.exists(p)]
        problems = []
        if len(data) != 1:
            print(f"FAIL {run}: expected one data file, found {data}")
            ok = False
            continue
        fmt, nodes, prefix = load(data[0])
        ids = [n.id for n in nodes]
        if len(ids) != len(set(ids)):
            problems.append("duplicate span ids")
        idset = set(ids)
        roots = [n for n in nodes if not n.parent]
        for n in nodes:
            if n.parent and n.parent not in idset:
                problems.append(f"missing parent {n.parent} for {n.id}")
        if prefix is None and len(roots) != 1:
            problems.append(f"{len(roots)} root spans")
        lab = json.load(open(lp, encoding="utf-8"))
        for k in ("span", "spanId", "category", "why"):
            if k not in lab:
                problems.append(f"label missing {k}")
        pm = paths(nodes, prefix)
        hit = pm.get(lab["span"], [])
        if len(hit) != 1:
            problems.append(f"path resolves to {len(hit)} spans: {lab['span']}")
        elif hit[0].id != lab["spanId"]:
            problems.append(f"path resolves to {hit[0].id}, label says {lab['spanId']}")
        raw = open(data[0], encoding="utf-8").read()
        n_err = sum(1 for n in nodes if n.error)
        if run in CLEAN_RUNS:
            m = ERR_WORDS.search(raw)
            if m or n_err:
                problems.append(f"clean run has error status/wording: {m.group(0) if m else ''} errspans={n_err}")
        if run in DISTRACTOR_RUNS | REAL_ERROR_RUNS and not n_err:
            problems.append("expected an error span")
        n_llm = sum(1 for n in nodes if n.llm)
        if not 3 <= n_llm <= 8:
            problems.append(f"{n_llm} LLM calls")
        cats.append(lab["category"])
        kind = "clean" if run in CLEAN_RUNS else ("distractor" if run in DISTRACTOR_RUNS else "real-error")
        status = "OK " if not problems else "FAIL"
        ok &= not problems
        rows.append(f"{status} {run:24s} {fmt:26s} spans={len(nodes):3d} llm={n_llm} errspans={n_err} {kind:10s} "
                    f"{lab['category']}  ->  {lab['span']}")
        for p in problems:
            rows.append(f"      - {p}")
    for r in rows:
        print(r)
    if len(cats) != len(set(cats)):
        print("FAIL: categories are not all different")
        ok = False
    print(f"\n{len(labels)} runs, {len(set(cats))} distinct categories, "
          f"{sum(1 for l in labels if os.path.basename(l)[:-11] in CLEAN_RUNS)} clean runs")
    print("SELFCHECK PASSED" if ok else "SELFCHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
