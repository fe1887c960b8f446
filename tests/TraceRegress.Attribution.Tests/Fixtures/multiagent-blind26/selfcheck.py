#!/usr/bin/env python3
"""Self-check for multiagent-blind26: parses every file, checks span ids/parents, and resolves each label."""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def attr_map(attrs):
    if isinstance(attrs, dict):
        return attrs
    out = {}
    for a in attrs or []:
        v = a.get("value", {})
        out[a["key"]] = next(iter(v.values())) if v else None
    return out


def load_spans(doc):
    """Return list of (id, parent, name, start_ns, attrs, status_ok)."""
    spans = []
    if "spans" in doc:
        import datetime as dt
        for s in doc["spans"]:
            t = dt.datetime.strptime(s["startTime"], "%Y-%m-%dT%H:%M:%S.%fZ")
            start = int((t - dt.datetime(1970, 1, 1)).total_seconds() * 1e6) * 1000
            name = s.get("name") or s.get("operationName")
            ok = s.get("status", {}).get("code") == "OK"
            spans.append((s["spanId"], s.get("parentSpanId") or None, name, start, attr_map(s.get("attributes")), ok))
            assert isinstance(s["duration"], (int, float)) and s["duration"] >= 0
    else:
        for rs in doc["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                prev_end = -1
                for s in ss["spans"]:
                    end = int(s["endTimeUnixNano"])
                    assert end >= prev_end, "OTLP spans not in end-time order"
                    prev_end = end
                    assert s["kind"] == 1
                    ok = s.get("status", {}).get("code") == 1
                    spans.append((s["spanId"], s.get("parentSpanId") or None, s["name"], int(s["startTimeUnixNano"]),
                                  attr_map(s.get("attributes")), ok))
                assert not ss["spans"][-1].get("parentSpanId"), "OTLP root is not last"
    return spans


def turn_text(a):
    if "output.value" in a:
        return a["output.value"]
    msgs = json.loads(a["gen_ai.output.messages"])
    return "".join(p["content"] for m in msgs for p in m["parts"] if p.get("type") == "text")


def main():
    problems = []
    runs = sorted(f for f in glob.glob(os.path.join(HERE, "*.json"))
                  if not f.endswith(".label.json") and not f.endswith(".expected.json"))
    ids = [os.path.basename(f)[:-5] for f in runs]
    if len(set(ids)) != len(ids):
        problems.append("duplicate run ids")
    if len(runs) != 12:
        problems.append("expected 12 runs, found %d" % len(runs))
    all_span_ids = set()
    for f, rid in zip(runs, ids):
        try:
            doc = json.load(open(f))
            label = json.load(open(os.path.join(HERE, rid + ".label.json")))
            exp = json.load(open(os.path.join(HERE, rid + ".expected.json")))
            spans = load_spans(doc)
            sids = [s[0] for s in spans]
            assert len(set(sids)) == len(sids), "duplicate span ids"
            assert not (set(sids) & all_span_ids), "span ids reused across runs"
            all_span_ids |= set(sids)
            byid = {s[0]: s for s in spans}
            roots = [s for s in spans if s[1] is None]
            assert len(roots) == 1, "need exactly one root"
            root = roots[0]
            for s in spans:
                assert s[1] is None or s[1] in byid, "missing parent %s" % s[1]
                assert s[5], "status not OK on %s" % s[2]
            exp_root = "magentic_one.run" if rid.startswith("mo-") else "invoke_agent chat_manager"
            assert root[2] == exp_root, "root name %s" % root[2]
            assert root[4].get("input.value") and root[4].get("output.value")
            steps = sorted([s for s in spans if s[1] == root[0]], key=lambda s: s[3])
            assert 10 <= len(steps) <= 25, "turn count %d" % len(steps)
            for s in steps:
                assert s[4].get("gen_ai.agent.name"), "turn without agent name"
                assert turn_text(s[4]), "turn without text"
            if rid.startswith("mo-"):
                assert steps[0][4]["gen_ai.agent.name"] == "human"
            else:
                assert steps[-1][4]["gen_ai.agent.name"] != "Computer_terminal"
                assert "TERMINATE" in turn_text(steps[-1][4])
            n = label["step"]
            assert isinstance(n, int) and 0 <= n < len(steps), "label step out of range"
            assert steps[n][4]["gen_ai.agent.name"] == label["agent"], "label agent %s != %s" % (label["agent"], steps[n][4]["gen_ai.agent.name"])
            assert label.get("why")
            assert exp.get("answer") and str(exp["answer"]) != str(root[4]["output.value"]), "final answer equals expected"
            nchild = len(spans) - 1 - len(steps)
            print("OK   %-24s %-5s steps=%2d children=%2d label=step %2d %-20s final=%s expected=%s" % (
                rid, "flat" if "spans" in doc else "otlp", len(steps), nchild, n, label["agent"],
                root[4]["output.value"], exp["answer"]))
        except Exception as e:  # noqa
            problems.append("%s: %s" % (rid, e))
            print("FAIL %s: %s" % (rid, e))
    if not os.path.exists(os.path.join(HERE, "LABELS.md")):
        problems.append("LABELS.md missing")
    print("selfcheck: %s (%d runs, %d problems)" % ("PASS" if not problems else "FAIL", len(runs), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
