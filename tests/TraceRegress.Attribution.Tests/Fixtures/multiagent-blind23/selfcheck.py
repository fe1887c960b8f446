#!/usr/bin/env python3
"""Self-check for multiagent-blind23: parse every file, check ids/parents, resolve each label to a root child."""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def attr_map(span):
    a = span.get("attributes", {})
    if isinstance(a, dict):
        return a
    out = {}
    for kv in a:
        v = kv["value"]
        out[kv["key"]] = next(iter(v.values())) if v else None
    return out


def load_spans(doc):
    """Return list of dicts: id, parent, name, start (ns int), attrs, status_ok."""
    res = []
    if "spans" in doc:
        import datetime as dt
        for s in doc["spans"]:
            t = dt.datetime.strptime(s["startTime"], "%Y-%m-%dT%H:%M:%S.%fZ")
            ns = int((t - dt.datetime(1970, 1, 1)).total_seconds() * 1000) * 1000000
            res.append(dict(id=s["spanId"], parent=s.get("parentSpanId"), name=s.get("name") or s.get("operationName"),
                            start=ns, end=ns + int(float(s["duration"]) * 1e6), attrs=attr_map(s),
                            ok=s.get("status", {}).get("code") == "OK"))
    else:
        for rs in doc["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    res.append(dict(id=s["spanId"], parent=s.get("parentSpanId") or None, name=s["name"],
                                    start=int(s["startTimeUnixNano"]), end=int(s["endTimeUnixNano"]),
                                    attrs=attr_map(s), ok=s.get("status", {}).get("code") == 1 and s.get("kind") == 1))
    return res


def turn_text(attrs):
    if "output.value" in attrs:
        return attrs["output.value"]
    m = json.loads(attrs["gen_ai.output.messages"])
    return "".join(p["content"] for msg in m for p in msg["parts"])


def check(run_path):
    errs = []
    rid = os.path.basename(run_path)[:-5]
    doc = json.load(open(run_path, encoding="utf-8"))
    label = json.load(open(os.path.join(HERE, rid + ".label.json"), encoding="utf-8"))
    expected = json.load(open(os.path.join(HERE, rid + ".expected.json"), encoding="utf-8"))
    spans = load_spans(doc)
    ids = [s["id"] for s in spans]
    if len(ids) != len(set(ids)):
        errs.append("duplicate span ids")
    idset = set(ids)
    roots = [s for s in spans if not s["parent"]]
    if len(roots) != 1:
        errs.append("expected exactly one root, got %d" % len(roots))
        return rid, errs, None
    root = roots[0]
    for s in spans:
        if s["parent"] and s["parent"] not in idset:
            errs.append("span %s has missing parent %s" % (s["id"], s["parent"]))
        if not s["ok"]:
            errs.append("span %s status/kind not OK" % s["id"])
    if "spans" not in doc:
        all_spans = [s for rs in doc["resourceSpans"] for ss in rs["scopeSpans"] for s in ss["spans"]]
        ends = [int(s["endTimeUnixNano"]) for s in all_spans]
        if ends != sorted(ends) or "parentSpanId" in all_spans[-1]:
            errs.append("OTLP spans not in end-time order with root last")
    want_root = "magentic_one.run" if rid.startswith("mo-") else "invoke_agent chat_manager"
    if root["name"] != want_root:
        errs.append("root name %r" % root["name"])
    if not root["attrs"].get("input.value") or not root["attrs"].get("output.value"):
        errs.append("root lacks input.value/output.value")
    steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
    starts = [s["start"] for s in steps]
    if len(set(starts)) != len(starts):
        errs.append("tied step start times")
    if not 10 <= len(steps) <= 25:
        errs.append("run has %d turns" % len(steps))
    for i, s in enumerate(steps):
        if not s["attrs"].get("gen_ai.agent.name"):
            errs.append("step %d has no gen_ai.agent.name" % i)
        try:
            if not turn_text(s["attrs"]).strip():
                errs.append("step %d has empty text" % i)
        except Exception as e:  # noqa: BLE001
            errs.append("step %d text unreadable: %s" % (i, e))
        if not (root["start"] <= s["start"] and s["end"] <= root["end"]):
            errs.append("step %d outside root interval" % i)
    for s in spans:
        if s["parent"] and s["parent"] != root["id"]:
            p = next(x for x in spans if x["id"] == s["parent"])
            if not (p["start"] <= s["start"] and s["end"] <= p["end"]):
                errs.append("child %s outside parent interval" % s["id"])
    if rid.startswith("mo-") and steps and steps[0]["attrs"].get("gen_ai.agent.name") != "human":
        errs.append("mo step 0 is not human")
    if rid.startswith("gc-") and steps and steps[0]["attrs"].get("gen_ai.agent.name") == "Computer_terminal":
        errs.append("gc step 0 is the terminal")
    st = label.get("step")
    if not isinstance(st, int) or not 0 <= st < len(steps):
        errs.append("label step %r out of range" % st)
    elif steps[st]["attrs"].get("gen_ai.agent.name") != label.get("agent"):
        errs.append("label agent %r != step %d agent %r" % (label.get("agent"), st, steps[st]["attrs"].get("gen_ai.agent.name")))
    if not label.get("why"):
        errs.append("label has no why")
    if not expected.get("answer"):
        errs.append("expected has no answer")
    elif str(expected["answer"]).strip().lower() == str(root["attrs"].get("output.value")).strip().lower():
        errs.append("final answer equals expected answer")
    info = "%d spans, %d steps, label step %s (%s), final %r vs expected %r" % (
        len(spans), len(steps), st, label.get("agent"), root["attrs"].get("output.value"), expected.get("answer"))
    return rid, errs, info


def main():
    runs = sorted(p for p in glob.glob(os.path.join(HERE, "*.json"))
                  if not p.endswith(".label.json") and not p.endswith(".expected.json"))
    bad = 0
    seen_ids = set()
    for p in runs:
        rid, errs, info = check(p)
        if rid in seen_ids:
            errs.append("duplicate run id")
        seen_ids.add(rid)
        status = "OK  " if not errs else "FAIL"
        print("%s %-32s %s" % (status, rid, info or ""))
        for e in errs:
            print("      - " + e)
        bad += bool(errs)
    labels = glob.glob(os.path.join(HERE, "*.label.json"))
    if len(labels) != len(runs):
        print("FAIL label file count %d != run count %d" % (len(labels), len(runs)))
        bad += 1
    print("\n%d runs checked, %d failing" % (len(runs), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
