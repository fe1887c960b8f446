#!/usr/bin/env python3
"""Self-check for the multiagent-blind22 set (stdlib only).

Usage: python3 selfcheck.py [folder]   (default: the folder this script is in)
"""
import datetime as dt
import glob
import json
import os
import re
import sys

ROOTS = {"mo": "magentic_one.run", "gc": "invoke_agent chat_manager"}


def _val(v):
    for k in ("stringValue", "intValue", "doubleValue", "boolValue"):
        if k in v:
            return v[k]
    raise ValueError("untyped attribute value %r" % (v,))


def load_spans(doc, errs):
    """Return (layout, spans) with spans as dicts: id, parent, name, start(ns), end(ns), attrs, ok."""
    out = []
    if "resourceSpans" in doc:
        layout = "otlp"
        raw = [s for rs in doc["resourceSpans"] for ss in rs["scopeSpans"] for s in ss["spans"]]
        for s in raw:
            if not re.fullmatch(r"[0-9a-f]{16}", s["spanId"]) or not re.fullmatch(r"[0-9a-f]{32}", s["traceId"]):
                errs.append("non-hex id %s" % s["spanId"])
            if s.get("kind") != 1:
                errs.append("kind != 1 in %s" % s["spanId"])
            attrs = {a["key"]: _val(a["value"]) for a in s["attributes"]}
            out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": s["name"],
                        "start": int(s["startTimeUnixNano"]), "end": int(s["endTimeUnixNano"]), "attrs": attrs,
                        "ok": s.get("status", {}).get("code") == 1})
        ends = [x["end"] for x in out]
        if ends != sorted(ends):
            errs.append("OTLP spans not in end-time order")
        if out and out[-1]["parent"] is not None:
            errs.append("OTLP root is not the last span")
    else:
        layout = "flat"
        for s in doc["spans"]:
            name = s.get("name", s.get("operationName"))
            if name is None:
                errs.append("span without name/operationName")
            st = dt.datetime.strptime(s["startTime"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
            ns = int(st.timestamp()) * 10**9 + st.microsecond * 1000
            out.append({"id": s["spanId"], "parent": s.get("parentSpanId") or None, "name": name, "start": ns,
                        "end": ns + int(float(s["duration"]) * 1e6), "attrs": s["attributes"],
                        "ok": s.get("status", {}).get("code") == "OK"})
    return layout, out


def turn_text(attrs):
    if "output.value" in attrs:
        return attrs["output.value"]
    if "gen_ai.output.messages" in attrs:
        msgs = json.loads(attrs["gen_ai.output.messages"])
        assert isinstance(msgs, list) and msgs, "empty messages"
        return "\n".join(p["content"] for m in msgs for p in m["parts"] if p.get("type") == "text")
    return None


def main(folder):
    problems = []
    all_ids = set()
    rows = []
    files = sorted(glob.glob(os.path.join(folder, "*.json")))
    for f in files:
        try:
            with open(f, encoding="utf-8") as fh:
                json.load(fh)
        except Exception as e:  # noqa
            problems.append("%s: does not parse (%s)" % (os.path.basename(f), e))
    run_files = [f for f in files if not f.endswith((".label.json", ".expected.json"))]
    run_ids = [os.path.basename(f)[:-5] for f in run_files]
    if len(set(run_ids)) != len(run_ids):
        problems.append("duplicate run ids")
    for f, rid in zip(run_files, run_ids):
        errs = []
        system = rid[:2]
        with open(f, encoding="utf-8") as fh:
            doc = json.load(fh)
        layout, spans = load_spans(doc, errs)
        ids = [s["id"] for s in spans]
        if len(set(ids)) != len(ids):
            errs.append("duplicate span ids")
        if all_ids & set(ids):
            errs.append("span ids shared with another run")
        all_ids |= set(ids)
        byid = {s["id"]: s for s in spans}
        roots = [s for s in spans if s["parent"] is None]
        if len(roots) != 1:
            errs.append("expected exactly one root, found %d" % len(roots))
            problems.extend("%s: %s" % (rid, e) for e in errs)
            continue
        root = roots[0]
        for s in spans:
            if s["parent"] is not None and s["parent"] not in byid:
                errs.append("span %s has missing parent %s" % (s["id"], s["parent"]))
            if not s["ok"]:
                errs.append("span %s status not OK" % s["id"])
            if s["end"] < s["start"]:
                errs.append("span %s ends before it starts" % s["id"])
        if root["name"] != ROOTS.get(system):
            errs.append("root name %r" % root["name"])
        if not root["attrs"].get("input.value") or not root["attrs"].get("output.value"):
            errs.append("root lacks input.value/output.value")
        steps = sorted([s for s in spans if s["parent"] == root["id"]], key=lambda s: s["start"])
        if not 10 <= len(steps) <= 25:
            errs.append("%d steps (want 10-25)" % len(steps))
        for i, s in enumerate(steps):
            if not s["attrs"].get("gen_ai.agent.name"):
                errs.append("step %d lacks gen_ai.agent.name" % i)
            try:
                if not turn_text(s["attrs"]):
                    errs.append("step %d has no turn text" % i)
            except Exception as e:  # noqa
                errs.append("step %d bad gen_ai.output.messages (%s)" % (i, e))
            if s["start"] < root["start"] or s["end"] > root["end"]:
                errs.append("step %d outside root time window" % i)
        kids = [s for s in spans if s["parent"] not in (None, root["id"])]
        for k in kids:
            p = byid.get(k["parent"])
            if not (k["name"].startswith("chat ") or k["name"].startswith("execute_tool ")):
                errs.append("child span %s has unexpected name %r" % (k["id"], k["name"]))
            if p and (k["start"] < p["start"] or k["end"] > p["end"]):
                errs.append("child span %s outside its parent's window" % k["id"])
        agents = [s["attrs"].get("gen_ai.agent.name") for s in steps]
        if system == "mo" and agents and agents[0] != "human":
            errs.append("Magentic-One step 0 is not the human turn")
        if system == "gc":
            if agents and agents[0] in ("Computer_terminal", "chat_manager"):
                errs.append("group-chat step 0 is not an expert turn")
            if steps and "TERMINATE" not in (turn_text(steps[-1]["attrs"]) or ""):
                errs.append("group chat does not end with TERMINATE")
        # label / expected
        lab_p = os.path.join(folder, rid + ".label.json")
        exp_p = os.path.join(folder, rid + ".expected.json")
        label = exp = None
        try:
            with open(lab_p, encoding="utf-8") as fh:
                label = json.load(fh)
            step = label["step"]
            if not isinstance(step, int) or not 0 <= step < len(steps):
                errs.append("label step %r out of range" % step)
            elif agents[step] != label["agent"]:
                errs.append("label agent %r != step %d agent %r" % (label["agent"], step, agents[step]))
            if not label.get("why"):
                errs.append("label has no why")
        except Exception as e:  # noqa
            errs.append("label problem: %s" % e)
        try:
            with open(exp_p, encoding="utf-8") as fh:
                exp = json.load(fh)
            norm = lambda x: re.sub(r"[\s%]", "", str(x)).lower()
            if not exp.get("answer"):
                errs.append("expected answer empty")
            elif norm(exp["answer"]) == norm(root["attrs"]["output.value"]):
                errs.append("final answer equals expected answer (run should be wrong)")
        except Exception as e:  # noqa
            errs.append("expected problem: %s" % e)
        problems.extend("%s: %s" % (rid, e) for e in errs)
        rows.append((rid, layout, len(steps), len(kids), label and label.get("step"), label and label.get("agent"),
                     root["attrs"].get("output.value"), exp and exp.get("answer"), len(errs)))
    # LABELS.md table must agree with the label files
    md_p = os.path.join(folder, "LABELS.md")
    if not os.path.exists(md_p):
        problems.append("LABELS.md missing")
    else:
        md = open(md_p, encoding="utf-8").read()
        for rid, *_rest in rows:
            step, agent = _rest[3], _rest[4]
            if not re.search(r"^\| %s \| %s \| %s \|" % (re.escape(rid), step, re.escape(str(agent))), md, re.M):
                problems.append("LABELS.md row for %s missing or inconsistent" % rid)
    print("%-28s %-6s %5s %5s %5s  %-26s %-20s %s" % ("run", "layout", "steps", "kids", "label", "agent", "final", "expected"))
    for r in rows:
        print("%-28s %-6s %5d %5d %5s  %-26s %-20s %s%s" % (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                                                         "" if r[8] == 0 else "   <-- %d problem(s)" % r[8]))
    print()
    print("files: %d json (%d runs)" % (len(files), len(run_files)))
    if problems:
        print("SELFCHECK FAILED (%d problems):" % len(problems))
        for p in problems:
            print("  - " + p)
        return 1
    print("SELFCHECK OK: all files parse, ids unique, parents exist, labels resolve to root children with matching agent names.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))))
