"""Self-check for the blind24 set (this folder) (standard library only).

For every run file: it parses; span ids are unique; every parent id exists; the label's span path
resolves to exactly one span and that span's id equals the label's spanId. Also checks that the runs
meant to be clean carry no error status and no error wording (the LangSmith schema field "error": null
is the only allowed occurrence of the word)."""
import datetime as dt
import glob
import json
import os
import re
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
CLEAN = {"run01", "run02", "run03", "run05", "run06", "run07", "run08", "run10", "run12"}
ERROR_WORDS = re.compile(r"error|fail|exception|timeout|timed out|unauthori[sz]ed|denied|invalid|\b5\d\d\b "
                         r"service unavailable", re.I)


def iso_key(s):
    s = s.replace("Z", "+00:00")
    if "+" not in s[10:] and "-" not in s[10:]:
        s += "+00:00"
    return dt.datetime.fromisoformat(s).timestamp()


# ------------------------------------------------------------------ adapters -> (nodes, prefix, error_flags)
def otlp_nodes(docs):
    nodes, errs = [], []
    for doc in docs:
        for rs in doc["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    nodes.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                                  "start": int(s["startTimeUnixNano"])})
                    if s.get("status", {}).get("code") == 2:
                        errs.append(s["spanId"])
    return nodes, "", errs


def jaeger_nodes(doc):
    nodes, errs = [], []
    for t in doc["data"]:
        for s in t["spans"]:
            parent = None
            for r in s["references"]:
                if r["refType"] == "CHILD_OF":
                    parent = r["spanID"]
            nodes.append({"id": s["spanID"], "parent": parent, "name": s["operationName"], "start": s["startTime"]})
            if any(tg["key"] in ("error", "otel.status_code") and str(tg["value"]).lower() in ("true", "error")
                   for tg in s["tags"]):
                errs.append(s["spanID"])
            assert s["processID"] in t["processes"], "unknown processID"
    return nodes, "", errs


def zipkin_nodes(doc):
    nodes = [{"id": s["id"], "parent": s.get("parentId"), "name": s["name"], "start": s["timestamp"]} for s in doc]
    errs = [s["id"] for s in doc if "error" in s.get("tags", {})]
    return nodes, "", errs


def flat_nodes(doc):
    nodes = [{"id": s["spanId"], "parent": s.get("parentSpanId"), "name": s["operationName"],
              "start": iso_key(s["startTime"])} for s in doc["spans"]]
    errs = [s["spanId"] for s in doc["spans"] if s["status"] != "OK"]
    return nodes, "", errs


def phoenix_nodes(doc):
    nodes = [{"id": s["context"]["span_id"], "parent": s.get("parent_id"), "name": s["name"],
              "start": iso_key(s["start_time"])} for s in doc["data"]]
    errs = [s["context"]["span_id"] for s in doc["data"] if s["status_code"] == "ERROR"]
    return nodes, "", errs


def langfuse_nodes(doc):
    obs = doc["observations"]
    nodes = [{"id": o["id"], "parent": o.get("parentObservationId"), "name": o["name"],
              "start": iso_key(o["startTime"])} for o in obs]
    for o in obs:
        assert o["traceId"] == doc["id"], "observation traceId mismatch"
    errs = [o["id"] for o in obs if o["level"] == "ERROR"]
    return nodes, doc["name"] + "/", errs


def langsmith_nodes(doc):
    nodes, errs = [], []

    def walk(run, parent):
        assert run.get("parent_run_id") == parent, f"parent_run_id mismatch on {run['id']}"
        assert run["child_run_ids"] == [c["id"] for c in run["child_runs"]], "child_run_ids mismatch"
        nodes.append({"id": run["id"], "parent": parent, "name": run["name"], "start": iso_key(run["start_time"])})
        if run.get("error"):
            errs.append(run["id"])
        for c in run["child_runs"]:
            walk(c, run["id"])

    walk(doc, None)
    return nodes, "", errs


def detect(path):
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as f:
            docs = [json.loads(line) for line in f if line.strip()]
        assert 2 <= len(docs) <= 4, f"collector file must have 2-4 lines, has {len(docs)}"
        return "otel-collector-jsonl", otlp_nodes(docs)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, list):
        return "zipkin-v2", zipkin_nodes(doc)
    if "resourceSpans" in doc:
        return "otlp-json", otlp_nodes([doc])
    if "observations" in doc:
        return "langfuse", langfuse_nodes(doc)
    if "child_runs" in doc:
        return "langsmith", langsmith_nodes(doc)
    if "spans" in doc:
        return "flat", flat_nodes(doc)
    if "data" in doc and doc["data"] and "processes" in doc["data"][0]:
        return "jaeger", jaeger_nodes(doc)
    if "data" in doc and doc["data"] and "context" in doc["data"][0]:
        return "phoenix", phoenix_nodes(doc)
    raise ValueError("unknown format")


# ------------------------------------------------------------------ paths
def esc(n):
    return n.replace("/", "\\/")


def all_paths(nodes):
    by_id = {n["id"]: n for n in nodes}
    groups = {}
    for n in nodes:
        groups.setdefault(n["parent"], []).append(n)
    seg = {}
    for kids in groups.values():
        kids.sort(key=lambda k: k["start"])
        total = {}
        for k in kids:
            total[k["name"]] = total.get(k["name"], 0) + 1
        idx = {}
        for k in kids:
            if total[k["name"]] > 1:
                idx[k["name"]] = idx.get(k["name"], 0) + 1
                seg[k["id"]] = f"{esc(k['name'])}[{idx[k['name']]}]"
            else:
                seg[k["id"]] = esc(k["name"])
    out = {}
    for n in nodes:
        parts, cur = [], n
        while cur is not None:
            parts.append(seg[cur["id"]])
            cur = by_id.get(cur["parent"]) if cur["parent"] else None
        out[n["id"]] = "/".join(reversed(parts))
    return out


def main():
    files = sorted(f for f in glob.glob(os.path.join(OUT, "run*")) if not f.endswith(".label.json"))
    ok_all = True
    cats = set()
    print(f"{'run':<40} {'format':<22} spans  label-path-check")
    for path in files:
        run = os.path.basename(path).rsplit(".", 1)[0]
        problems = []
        try:
            fmt, (nodes, prefix, errs) = detect(path)
        except Exception as e:  # noqa
            print(f"{run:<40} PARSE FAILURE: {e}")
            ok_all = False
            continue
        ids = [n["id"] for n in nodes]
        if len(ids) != len(set(ids)):
            problems.append("duplicate span ids")
        idset = set(ids)
        roots = [n for n in nodes if not n["parent"]]
        if len(roots) != 1:
            problems.append(f"{len(roots)} root spans")
        for n in nodes:
            if n["parent"] and n["parent"] not in idset:
                problems.append(f"missing parent {n['parent']} for {n['id']}")
        paths = all_paths(nodes)
        with open(os.path.join(OUT, run + ".label.json"), encoding="utf-8") as f:
            label = json.load(f)
        for key in ("span", "spanId", "category", "why"):
            if key not in label:
                problems.append(f"label missing {key}")
        cats.add(label.get("category"))
        matches = [i for i, p in paths.items() if prefix + p == label["span"]]
        if len(matches) != 1:
            problems.append(f"label path matches {len(matches)} spans")
        elif matches[0] != label["spanId"]:
            problems.append(f"label path resolves to {matches[0]}, label spanId {label['spanId']}")
        short = run[:5]
        if short in CLEAN:
            if errs:
                problems.append(f"clean run has error-status spans {errs}")
            with open(path, encoding="utf-8") as f:
                txt = f.read().replace('"error": null', "")
            m = ERROR_WORDS.search(txt)
            if m:
                problems.append(f"clean run contains error wording near: {txt[max(0, m.start()-40):m.end()+20]!r}")
        status = "OK" if not problems else "FAIL: " + "; ".join(problems)
        ok_all &= not problems
        print(f"{run:<40} {fmt:<22} {len(nodes):>5}  {status}")
        print(f"    -> {label['span']}  [{label['category']}]  errors:{len(errs)}")
    if len(cats) != len(files):
        print(f"categories not distinct: {len(cats)} distinct for {len(files)} runs")
        ok_all = False
    print("SELFCHECK", "PASSED" if ok_all else "FAILED", f"({len(files)} runs, {len(cats)} distinct categories)")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
