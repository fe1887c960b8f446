#!/usr/bin/env python3
"""Self-check for the blind37 trace set (standard library only).

Checks, for every run:
  * the trace file parses in its declared format and the label file parses;
  * span ids are unique and every parent reference resolves to a span in the same trace;
  * exactly one root, children start/end inside their parents;
  * the label path resolves to exactly one span and that span is the labelled spanId;
  * runs declared clean carry no error status and none of the words
    error / failed / exception / denied / invalid in any attribute value (case-insensitive).
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))

RUNS = {
    1: ('run01.json', 'otlp'),
    2: ('run02.json', 'otlp'),
    3: ('run03.json', 'otlp'),
    4: ('run04.json', 'otlp'),
    5: ('run05.json', 'otlp'),
    6: ('run06.jsonl', 'otlp-jsonl'),
    7: ('run07.json', 'flat'),
    8: ('run08.json', 'jaeger'),
    9: ('run09.json', 'zipkin'),
    10: ('run10.json', 'phoenix'),
    11: ('run11.json', 'langfuse'),
    12: ('run12.json', 'langsmith'),
}
CLEAN = {1, 2, 3, 4, 5, 7, 10, 11, 12}
TRANSIENT = {6, 9}  # error status only on a retried transient call
CATEGORIES = {
    'Language-only hallucination', 'Tool-related hallucination', 'Poor Information Retrieval',
    'Tool Output Misinterpretation', 'Incorrect Problem Identification', 'Tool Selection Errors',
    'Formatting Errors', 'Instruction Non-compliance', 'Context Handling Failures', 'Resource Abuse',
    'Goal Deviation', 'Task Orchestration', 'Tool Definition Issues', 'Rate Limiting',
    'Authentication Errors', 'Service Errors', 'Resource Not Found', 'Timeout Issues', 'Resource Exhaustion'}
BAD_WORDS = re.compile(r'error|failed|exception|denied|invalid', re.I)


def iso(s):
    s = s.replace('Z', '+00:00')
    if '+' not in s[10:] and '-' not in s[10:]:
        s += '+00:00'
    return datetime.fromisoformat(s).timestamp()


# ---------- loaders: each returns (spans, root_prefix, raw_docs) ----------
# span = dict(id, parent, name, start, end, error(bool), attrs(any json))

def otlp_spans(doc):
    out = []
    for rs in doc['resourceSpans']:
        for ss in rs['scopeSpans']:
            for s in ss['spans']:
                assert re.fullmatch(r'[0-9a-f]{32}', s['traceId']), 'bad traceId'
                assert re.fullmatch(r'[0-9a-f]{16}', s['spanId']), 'bad spanId'
                out.append(dict(id=s['spanId'], parent=s.get('parentSpanId') or None, name=s['name'],
                                start=int(s['startTimeUnixNano']) / 1e9, end=int(s['endTimeUnixNano']) / 1e9,
                                error=(s.get('status') or {}).get('code') in (2, 'STATUS_CODE_ERROR'),
                                attrs=[s.get('attributes'), s.get('events')], trace=s['traceId']))
    return out


def load_otlp(path):
    doc = json.load(open(path, encoding='utf-8'))
    return otlp_spans(doc), None, [doc]


def load_otlp_jsonl(path):
    spans, docs = [], []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            doc = json.loads(line)
            assert 'resourceSpans' in doc, 'line %d is not an ExportTraceServiceRequest' % n
            docs.append(doc)
            spans += otlp_spans(doc)
    assert len(docs) >= 2, 'expected several batches'
    return spans, None, docs


def load_flat(path):
    doc = json.load(open(path, encoding='utf-8'))
    out = []
    for s in doc['spans']:
        st = iso(s['startTime'])
        out.append(dict(id=s['spanId'], parent=s.get('parentSpanId'), name=s['operationName'], start=st,
                        end=st + s['duration'] / 1000.0, error=str(s.get('status', '')).upper() == 'ERROR',
                        attrs=s.get('attributes'), trace=s['traceId']))
    return out, None, [doc]


def load_jaeger(path):
    doc = json.load(open(path, encoding='utf-8'))
    assert len(doc['data']) == 1
    t = doc['data'][0]
    out = []
    for s in t['spans']:
        parents = [r['spanID'] for r in s.get('references', []) if r['refType'] == 'CHILD_OF']
        tags = {x['key']: x['value'] for x in s.get('tags', [])}
        assert s['processID'] in t['processes']
        out.append(dict(id=s['spanID'], parent=parents[0] if parents else None, name=s['operationName'],
                        start=s['startTime'] / 1e6, end=(s['startTime'] + s['duration']) / 1e6,
                        error=tags.get('error') in (True, 'true') or tags.get('otel.status_code') == 'ERROR',
                        attrs=[s.get('tags'), s.get('logs')], trace=s['traceID']))
    return out, None, [doc]


def load_zipkin(path):
    doc = json.load(open(path, encoding='utf-8'))
    assert isinstance(doc, list)
    out = []
    for s in doc:
        assert s['name'] == s['name'].lower(), 'zipkin names are stored lower-case'
        tags = s.get('tags', {})
        assert all(isinstance(v, str) for v in tags.values()), 'zipkin tags must be strings'
        out.append(dict(id=s['id'], parent=s.get('parentId'), name=s['name'], start=s['timestamp'] / 1e6,
                        end=(s['timestamp'] + s['duration']) / 1e6,
                        error='error' in tags or tags.get('otel.status_code') == 'ERROR', attrs=tags, trace=s['traceId']))
    return out, None, [doc]


def load_phoenix(path):
    doc = json.load(open(path, encoding='utf-8'))
    out = []
    for s in doc['data']:
        out.append(dict(id=s['context']['span_id'], parent=s.get('parent_id'), name=s['name'],
                        start=iso(s['start_time']), end=iso(s['end_time']), error=s.get('status_code') == 'ERROR',
                        attrs=[s.get('attributes'), s.get('events'), s.get('status_message')], trace=s['context']['trace_id']))
    return out, None, [doc]


def load_langfuse(path):
    doc = json.load(open(path, encoding='utf-8'))
    out = []
    for o in doc['observations']:
        assert o['traceId'] == doc['id']
        st = iso(o['startTime'])
        en = iso(o['endTime']) if o.get('endTime') else st
        out.append(dict(id=o['id'], parent=o.get('parentObservationId'), name=o['name'], start=st, end=en,
                        error=o.get('level') == 'ERROR' or bool(o.get('statusMessage')),
                        attrs=[o.get('input'), o.get('output'), o.get('metadata')], trace=o['traceId']))
    return out, doc['name'], [doc]


def load_langsmith(path):
    doc = json.load(open(path, encoding='utf-8'))
    out = []

    def walk(r, parent):
        assert r.get('parent_run_id') == parent, 'parent_run_id mismatch at %s' % r['name']
        assert r['trace_id'] == doc['id']
        assert set(r.get('child_run_ids') or []) == {c['id'] for c in r.get('child_runs') or []}
        if parent:
            assert r['dotted_order'].startswith(parents_dotted[parent] + '.'), 'dotted_order mismatch'
        parents_dotted[r['id']] = r['dotted_order']
        out.append(dict(id=r['id'], parent=parent, name=r['name'], start=iso(r['start_time']), end=iso(r['end_time']),
                        error=bool(r.get('error')) or r.get('status') == 'error',
                        attrs=[r.get('inputs'), r.get('outputs'), r.get('extra')], trace=r['trace_id']))
        for c in r.get('child_runs') or []:
            walk(c, r['id'])
    parents_dotted = {}
    walk(doc, None)
    return out, None, [doc]


LOADERS = {'otlp': load_otlp, 'otlp-jsonl': load_otlp_jsonl, 'flat': load_flat, 'jaeger': load_jaeger,
           'zipkin': load_zipkin, 'phoenix': load_phoenix, 'langfuse': load_langfuse, 'langsmith': load_langsmith}


def esc(name):
    return name.replace('/', '\\/')


def all_paths(spans, root_prefix):
    kids = defaultdict(list)
    for s in spans:
        kids[s['parent']].append(s)
    paths = defaultdict(list)

    def walk(pid, prefix):
        ch = sorted(kids.get(pid, []), key=lambda s: s['start'])
        cnt = Counter(c['name'] for c in ch)
        starts = Counter((c['name'], c['start']) for c in ch)
        assert all(v == 1 for v in starts.values()), 'same-name siblings with identical start under %s' % prefix
        seen = Counter()
        for c in ch:
            seg = esc(c['name'])
            if cnt[c['name']] > 1:
                seen[c['name']] += 1
                seg += '[%d]' % seen[c['name']]
            p = prefix + '/' + seg if prefix else seg
            paths[p].append(c['id'])
            walk(c['id'], p)
    walk(None, esc(root_prefix) if root_prefix else '')
    return paths


def strings(o):
    if isinstance(o, str):
        yield o
    elif isinstance(o, dict):
        for v in o.values():
            yield from strings(v)
    elif isinstance(o, list):
        for v in o:
            yield from strings(v)


def check_run(n):
    fname, fmt = RUNS[n]
    path = os.path.join(HERE, fname)
    spans, prefix, docs = LOADERS[fmt](path)
    problems = []
    ids = [s['id'] for s in spans]
    dup = [k for k, v in Counter(ids).items() if v > 1]
    if dup:
        problems.append('duplicate span ids %s' % dup)
    byid = {s['id']: s for s in spans}
    if len({s['trace'] for s in spans}) != 1:
        problems.append('more than one trace id')
    roots = [s for s in spans if not s['parent']]
    if prefix is None and len(roots) != 1:
        problems.append('expected one root, found %d' % len(roots))
    for s in spans:
        if s['parent'] and s['parent'] not in byid:
            problems.append('span %s (%s) has dangling parent %s' % (s['id'], s['name'], s['parent']))
        elif s['parent']:
            p = byid[s['parent']]
            if s['start'] + 1e-6 < p['start'] or s['end'] > p['end'] + 1e-6:
                problems.append('span %s (%s) not inside parent %s' % (s['id'], s['name'], p['name']))
        if s['end'] < s['start']:
            problems.append('span %s ends before it starts' % s['id'])
    if not 6 <= len(spans) <= 20:
        problems.append('span count %d outside 6-20' % len(spans))
    # label
    lab = json.load(open(os.path.join(HERE, 'run%02d.label.json' % n), encoding='utf-8'))
    if set(lab) != {'span', 'spanId', 'category', 'why'}:
        problems.append('label keys %s' % sorted(lab))
    if lab.get('category') not in CATEGORIES:
        problems.append('unknown category %r' % lab.get('category'))
    paths = all_paths(spans, prefix)
    hit = paths.get(lab['span'], [])
    if len(hit) != 1:
        problems.append('label path resolves to %d spans: %s' % (len(hit), lab['span']))
    elif hit[0] != lab['spanId']:
        problems.append('label path resolves to %s, label says %s' % (hit[0], lab['spanId']))
    # error status / wording
    errs = [s for s in spans if s['error']]
    if n in CLEAN:
        if errs:
            problems.append('clean run has error status on %s' % [s['name'] for s in errs])
        for d in docs:
            for v in strings(d):
                m = BAD_WORDS.search(v)
                if m:
                    problems.append('clean run contains %r in: %s' % (m.group(0), v[:90]))
                    break
    elif n in TRANSIENT:
        if not errs:
            problems.append('transient run should show the failed-then-retried call')
        if lab['spanId'] in {s['id'] for s in errs}:
            problems.append('transient run labels the distractor')
    return lab, spans, problems


def main():
    ok = True
    cats = Counter()
    err_runs = 0
    for n in sorted(RUNS):
        try:
            lab, spans, problems = check_run(n)
        except Exception as e:  # parse problems
            print('run%02d  PARSE PROBLEM: %r' % (n, e))
            ok = False
            continue
        cats[lab['category']] += 1
        if any(s['error'] for s in spans):
            err_runs += 1
        status = 'ok' if not problems else 'PROBLEMS'
        print('run%02d  %-10s %2d spans  %-34s %s' % (n, RUNS[n][1], len(spans), lab['category'], status))
        for p in problems:
            print('        - ' + p)
        ok = ok and not problems
    if any(v > 1 for v in cats.values()):
        print('categories repeated: %s' % [k for k, v in cats.items() if v > 1])
        ok = False
    if err_runs > 3:
        print('too many runs with an error status: %d' % err_runs)
        ok = False
    if len(CLEAN) < 9:
        print('fewer than nine clean runs declared')
        ok = False
    print('\nALL CHECKS PASSED' if ok else '\nSELF-CHECK FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
