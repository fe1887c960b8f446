#!/usr/bin/env python3
"""Self-check for the blind39 trace set (standard library only).

Checks, for every run:
  * the trace file parses in its declared format
  * span ids are unique, every parent id resolves, there is exactly one root,
    all spans share one trace id, children lie inside their parent's time window
  * 6-20 spans per run
  * the label file is well formed, its category is a TRAIL leaf not used by any other run,
    and its path resolves to exactly the labelled spanId
  * runs declared clean carry no error status and none of the words
    error/failed/exception/denied/invalid in any attribute or other value
  * at most 3 runs carry an error status
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

RUNS = {
    '01': ('run01.json', 'otlp'),
    '02': ('run02.json', 'otlp'),
    '03': ('run03.json', 'otlp'),
    '04': ('run04.json', 'otlp'),
    '05': ('run05.json', 'otlp'),
    '06': ('run06.jsonl', 'otlp-jsonl'),
    '07': ('run07.json', 'flat'),
    '08': ('run08.json', 'jaeger'),
    '09': ('run09.json', 'zipkin'),
    '10': ('run10.json', 'phoenix'),
    '11': ('run11.json', 'langfuse'),
    '12': ('run12.json', 'langsmith'),
}
CLEAN = {'01', '02', '03', '04', '06', '07', '10', '11', '12'}
TRANSIENT_DISTRACTOR = {'05', '09'}

TRAIL = {
    'Language-only hallucination', 'Tool-related hallucination', 'Poor Information Retrieval',
    'Tool Output Misinterpretation', 'Incorrect Problem Identification', 'Tool Selection Errors',
    'Formatting Errors', 'Instruction Non-compliance', 'Context Handling Failures', 'Resource Abuse',
    'Goal Deviation', 'Task Orchestration', 'Tool Definition Issues', 'Rate Limiting',
    'Authentication Errors', 'Service Errors', 'Resource Not Found', 'Timeout Issues', 'Resource Exhaustion',
}
BAD_WORDS = re.compile(r'error|failed|exception|denied|invalid', re.I)

problems = []


def fail(run, msg):
    problems.append('run%s: %s' % (run, msg))


def iso_ns(s):
    """ISO-8601 timestamp (any fraction length, Z / +00:00 / naive=UTC) -> integer ns since epoch"""
    m = re.match(r'^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$', s)
    if not m:
        raise ValueError('bad timestamp %r' % s)
    d = datetime.datetime.strptime(m.group(1), '%Y-%m-%dT%H:%M:%S')
    tz = m.group(3)
    off = 0
    if tz and tz != 'Z':
        sign = 1 if tz[0] == '+' else -1
        off = sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    d = d.replace(tzinfo=datetime.timezone.utc)
    secs = int(d.timestamp()) - off
    frac = (m.group(2) or '0')[:9].ljust(9, '0')
    return secs * 1_000_000_000 + int(frac)


def S(id, parent, name, start, end, error, trace):
    return {'id': id, 'parent': parent, 'name': name, 'start': start, 'end': end, 'error': error, 'trace': trace}


# ---------------- format readers -> list of normalised spans ----------------

def otlp_spans(doc):
    out = []
    for rs in doc['resourceSpans']:
        for ss in rs['scopeSpans']:
            for sp in ss['spans']:
                st = sp.get('status') or {}
                err = st.get('code') in (2, 'STATUS_CODE_ERROR')
                out.append(S(sp['spanId'], sp.get('parentSpanId') or None, sp['name'], int(sp['startTimeUnixNano']),
                             int(sp['endTimeUnixNano']), err, sp['traceId']))
    return out


def read(run, fname, fmt):
    path = os.path.join(HERE, fname)
    with open(path, encoding='utf-8') as f:
        text = f.read()
    tol = 1000
    if fmt == 'otlp-jsonl':
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
        if len(docs) < 2:
            fail(run, 'collector file export should hold several batches (lines)')
        spans = []
        for d in docs:
            if set(d) != {'resourceSpans'}:
                fail(run, 'each JSONL line must be one resourceSpans batch')
            spans += otlp_spans(d)
        return docs, spans, tol
    doc = json.loads(text)
    if fmt == 'otlp':
        return doc, otlp_spans(doc), tol
    if fmt == 'flat':
        spans = []
        for sp in doc['spans']:
            st = iso_ns(sp['startTime'])
            spans.append(S(sp['spanId'], sp.get('parentSpanId'), sp['operationName'], st,
                           st + int(round(sp['durationMs'] * 1e6)), str(sp.get('status', '')).lower() == 'error', sp['traceId']))
        return doc, spans, 1_000_000
    if fmt == 'jaeger':
        spans = []
        for tr in doc['data']:
            for sp in tr['spans']:
                parents = [r['spanID'] for r in sp.get('references', []) if r['refType'] == 'CHILD_OF']
                tags = {t['key']: t['value'] for t in sp.get('tags', [])}
                err = tags.get('error') is True or tags.get('otel.status_code') == 'ERROR'
                if sp['processID'] not in tr['processes']:
                    fail(run, 'span %s has unknown processID' % sp['spanID'])
                spans.append(S(sp['spanID'], parents[0] if parents else None, sp['operationName'], sp['startTime'] * 1000,
                               (sp['startTime'] + sp['duration']) * 1000, err, sp['traceID']))
        return doc, spans, 2000
    if fmt == 'zipkin':
        spans = []
        for sp in doc:
            tags = sp.get('tags', {})
            err = 'error' in tags or tags.get('otel.status_code') == 'ERROR'
            if sp['name'] != sp['name'].lower():
                fail(run, 'zipkin span names are stored lower-case: %r' % sp['name'])
            spans.append(S(sp['id'], sp.get('parentId'), sp['name'], sp['timestamp'] * 1000,
                           (sp['timestamp'] + sp['duration']) * 1000, err, sp['traceId']))
        return doc, spans, 2000
    if fmt == 'phoenix':
        spans = []
        for sp in doc['data']:
            spans.append(S(sp['context']['span_id'], sp.get('parent_id'), sp['name'], iso_ns(sp['start_time']),
                           iso_ns(sp['end_time']), sp.get('status_code') == 'ERROR', sp['context']['trace_id']))
        return doc, spans, tol
    if fmt == 'langfuse':
        obs = doc['observations']
        spans = []
        for o in obs:
            if o['traceId'] != doc['id']:
                fail(run, 'observation %s has traceId %s' % (o['id'], o['traceId']))
            spans.append(S(o['id'], o.get('parentObservationId') or doc['id'], o['name'], iso_ns(o['startTime']),
                           iso_ns(o['endTime']), o.get('level') == 'ERROR', doc['id']))
        t0 = iso_ns(doc['timestamp'])
        spans.insert(0, S(doc['id'], None, doc['name'], min([t0] + [s['start'] for s in spans]),
                          max(s['end'] for s in spans), False, doc['id']))
        return doc, spans, 1_000_000
    if fmt == 'langsmith':
        spans = []

        def walk(run_obj, parent_id):
            if run_obj.get('parent_run_id') != parent_id:
                fail(run, 'run %s parent_run_id does not match its nesting' % run_obj['id'])
            err = run_obj.get('error') is not None or run_obj.get('status') == 'error'
            spans.append(S(run_obj['id'], run_obj.get('parent_run_id'), run_obj['name'], iso_ns(run_obj['start_time']),
                           iso_ns(run_obj['end_time']), err, run_obj['trace_id']))
            kids = run_obj.get('child_runs') or []
            if (run_obj.get('child_run_ids') or []) != [k['id'] for k in kids]:
                fail(run, 'run %s child_run_ids does not match child_runs' % run_obj['id'])
            if not run_obj['dotted_order'].endswith(run_obj['id']):
                fail(run, 'run %s dotted_order does not end with its id' % run_obj['id'])
            for k in kids:
                if not k['dotted_order'].startswith(run_obj['dotted_order'] + '.'):
                    fail(run, 'run %s dotted_order is not under its parent' % k['id'])
                walk(k, run_obj['id'])
        walk(doc, None)
        if doc['trace_id'] != doc['id']:
            fail(run, 'langsmith root trace_id must equal root id')
        return doc, spans, 1000
    raise ValueError(fmt)


# ---------------- structural checks ----------------

def check_structure(run, spans, tol):
    ids = [s['id'] for s in spans]
    if len(ids) != len(set(ids)):
        fail(run, 'duplicate span ids')
    byid = {s['id']: s for s in spans}
    roots = [s for s in spans if s['parent'] is None]
    if len(roots) != 1:
        fail(run, 'expected exactly one root, found %d' % len(roots))
    traces = {s['trace'] for s in spans}
    if len(traces) != 1:
        fail(run, 'spans belong to %d traces' % len(traces))
    for s in spans:
        if s['end'] < s['start']:
            fail(run, 'span %s ends before it starts' % s['id'])
        if s['parent'] is not None:
            p = byid.get(s['parent'])
            if p is None:
                fail(run, 'span %s has dangling parent %s' % (s['id'], s['parent']))
                continue
            if s['start'] + tol < p['start'] or s['end'] > p['end'] + tol:
                fail(run, 'span %s (%s) is outside its parent %s (%s)' % (s['id'], s['name'], p['id'], p['name']))
    # no cycles
    for s in spans:
        seen, cur = set(), s
        while cur and cur['parent'] is not None:
            if cur['id'] in seen:
                fail(run, 'parent cycle at %s' % s['id'])
                break
            seen.add(cur['id'])
            cur = byid.get(cur['parent'])
    n = len(spans) - (1 if RUNS[run][1] == 'langfuse' else 0)  # langfuse: trace itself is not a span
    if not 6 <= n <= 20:
        fail(run, 'has %d spans (want 6-20)' % n)


def split_path(p):
    segs, cur, i = [], '', 0
    while i < len(p):
        c = p[i]
        if c == '\\' and i + 1 < len(p) and p[i + 1] == '/':
            cur += '/'
            i += 2
            continue
        if c == '/':
            segs.append(cur)
            cur = ''
        else:
            cur += c
        i += 1
    segs.append(cur)
    return segs


def resolve(run, spans, path):
    children = {}
    for s in spans:
        children.setdefault(s['parent'], []).append(s)
    level = children.get(None, [])
    node = None
    for seg in split_path(path):
        m = re.match(r'^(.*)\[(\d+)\]$', seg)
        name, idx = (m.group(1), int(m.group(2))) if m else (seg, None)
        cands = sorted([s for s in level if s['name'] == name], key=lambda s: s['start'])
        if not cands:
            fail(run, 'label path segment %r not found' % seg)
            return None
        starts = [c['start'] for c in cands]
        if len(set(starts)) != len(starts):
            fail(run, 'siblings named %r share a start time; [n] is ambiguous' % name)
        if idx is None:
            if len(cands) != 1:
                fail(run, 'label path segment %r is shared by %d siblings but has no [n]' % (seg, len(cands)))
                return None
            node = cands[0]
        else:
            if len(cands) == 1:
                fail(run, 'label path segment %r has [n] but the name is unique among siblings' % seg)
                return None
            if not 1 <= idx <= len(cands):
                fail(run, 'label path index out of range in %r' % seg)
                return None
            node = cands[idx - 1]
        level = children.get(node['id'], [])
    return node


def bad_words(obj, where=''):
    hits = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if v is None and k in ('error', 'errors'):
                continue  # structural null fields (LangSmith run.error, Jaeger API envelope)
            if BAD_WORDS.search(k):
                hits.append('%s key %r' % (where, k))
            hits += bad_words(v, where + '.' + k)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            hits += bad_words(v, '%s[%d]' % (where, i))
    elif isinstance(obj, str):
        m = BAD_WORDS.search(obj)
        if m:
            hits.append('%s contains %r' % (where, m.group(0)))
    return hits


def main():
    categories = {}
    error_runs = set()
    for run, (fname, fmt) in sorted(RUNS.items()):
        try:
            doc, spans, tol = read(run, fname, fmt)
        except Exception as e:  # noqa
            fail(run, 'cannot parse %s as %s: %r' % (fname, fmt, e))
            continue
        check_structure(run, spans, tol)
        if any(s['error'] for s in spans):
            error_runs.add(run)
        if run in CLEAN:
            if any(s['error'] for s in spans):
                fail(run, 'declared clean but has an error status')
            hits = bad_words(doc)
            for h in hits[:5]:
                fail(run, 'declared clean but ' + h)
        # label
        lp = os.path.join(HERE, 'run%s.label.json' % run)
        try:
            with open(lp, encoding='utf-8') as f:
                label = json.load(f)
        except Exception as e:  # noqa
            fail(run, 'cannot read label: %r' % e)
            continue
        if set(label) != {'span', 'spanId', 'category', 'why'}:
            fail(run, 'label keys are %s' % sorted(label))
        if label.get('category') not in TRAIL:
            fail(run, 'category %r is not a TRAIL leaf' % label.get('category'))
        categories.setdefault(label.get('category'), []).append(run)
        sents = [x for x in re.split(r'(?<=[.!?])\s+(?=[A-Z\'"])', label.get('why', '').strip()) if x]
        if not 2 <= len(sents) <= 5:
            fail(run, 'why should be 2-4 sentences (found ~%d)' % len(sents))
        node = resolve(run, spans, label.get('span', ''))
        if node is not None and node['id'] != label.get('spanId'):
            fail(run, 'label path resolves to %s, label says %s' % (node['id'], label.get('spanId')))
        matches = [s for s in spans if s['id'] == label.get('spanId')]
        if len(matches) != 1:
            fail(run, 'labelled spanId occurs %d times' % len(matches))
    for cat, runs in categories.items():
        if len(runs) > 1:
            problems.append('category %r used by runs %s' % (cat, runs))
    if len(error_runs) > 3:
        problems.append('more than 3 runs carry an error status: %s' % sorted(error_runs))
    if not TRANSIENT_DISTRACTOR <= error_runs:
        problems.append('transient-distractor runs %s should show their failed attempt' % sorted(TRANSIENT_DISTRACTOR - error_runs))
    if len(CLEAN) < 9:
        problems.append('fewer than 9 clean runs declared')

    if problems:
        print('FAIL')
        for p in problems:
            print('  -', p)
        return 1
    print('OK: %d runs, %d clean, error-status runs %s' % (len(RUNS), len(CLEAN), sorted(error_runs)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
