#!/usr/bin/env python3
"""Self-check for the blind38 trace set (standard library only).

Checks, for every run:
  * the trace file parses in its declared format
  * span / observation / run ids are unique and well formed, parent links resolve
  * children start and end inside their parent
  * the label path resolves to exactly the labelled spanId
  * declared-clean runs have no error status and none of the words
    error / failed / exception / denied / invalid anywhere in their attributes
  * the runs that are not declared clean do carry an error status
  * categories are TRAIL leaves and are all different
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

RUNS = {
    'run01': ('run01.json', 'otlp'),
    'run02': ('run02.json', 'otlp'),
    'run03': ('run03.json', 'otlp'),
    'run04': ('run04.json', 'otlp'),
    'run05': ('run05.json', 'otlp'),
    'run06': ('run06.jsonl', 'otlp_jsonl'),
    'run07': ('run07.json', 'flat'),
    'run08': ('run08.json', 'jaeger'),
    'run09': ('run09.json', 'zipkin'),
    'run10': ('run10.json', 'phoenix'),
    'run11': ('run11.json', 'langfuse'),
    'run12': ('run12.json', 'langsmith'),
}
CLEAN = {'run01', 'run02', 'run03', 'run04', 'run05', 'run07', 'run08', 'run10', 'run12'}
BANNED = ('error', 'failed', 'exception', 'denied', 'invalid')
TRAIL = {
    'Language-only hallucination', 'Tool-related hallucination', 'Poor Information Retrieval',
    'Tool Output Misinterpretation', 'Incorrect Problem Identification', 'Tool Selection Errors',
    'Formatting Errors', 'Instruction Non-compliance', 'Context Handling Failures', 'Resource Abuse',
    'Goal Deviation', 'Task Orchestration', 'Tool Definition Issues', 'Rate Limiting',
    'Authentication Errors', 'Service Errors', 'Resource Not Found', 'Timeout Issues', 'Resource Exhaustion',
}
HEX16 = re.compile(r'^[0-9a-f]{16}$')
HEX32 = re.compile(r'^[0-9a-f]{32}$')
UUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')

problems = []


def fail(run, msg):
    problems.append(f'{run}: {msg}')


def strings(obj, include_keys=True):
    """All strings (values and, optionally, keys) inside a JSON value."""
    out = []
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if include_keys:
                out.append(k)
            out.extend(strings(v, include_keys))
    elif isinstance(obj, list):
        for v in obj:
            out.extend(strings(v, include_keys))
    return out


def iso_us(s):
    s = s.strip()
    if s.endswith('Z'):
        s = s[:-1] + '+00:00'
    dt = datetime.datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return int(round(dt.timestamp() * 1_000_000))


def anyvalue(v):
    if 'stringValue' in v:
        return v['stringValue']
    if 'arrayValue' in v:
        return [anyvalue(x) for x in v['arrayValue'].get('values', [])]
    if 'kvlistValue' in v:
        return {kv['key']: anyvalue(kv['value']) for kv in v['kvlistValue'].get('values', [])}
    for k in ('intValue', 'doubleValue', 'boolValue', 'bytesValue'):
        if k in v:
            return v[k]
    return None


def otlp_attr_texts(attrs):
    out = []
    for a in attrs or []:
        out.append(a['key'])
        out.extend(strings(anyvalue(a['value'])))
    return out


# ---------------------------------------------------------------- parsers
# each returns (spans, prefix) where span = dict(id, parent, name, start, end, error, texts)

def parse_otlp_docs(run, docs):
    spans = []
    tids = set()
    for doc in docs:
        for rs in doc['resourceSpans']:
            res_texts = otlp_attr_texts(rs.get('resource', {}).get('attributes'))
            for ss in rs['scopeSpans']:
                for s in ss['spans']:
                    tids.add(s['traceId'])
                    if not HEX16.match(s['spanId']):
                        fail(run, f"bad spanId {s['spanId']}")
                    texts = otlp_attr_texts(s.get('attributes')) + res_texts
                    for ev in s.get('events', []):
                        texts.append(ev['name'])
                        texts.extend(otlp_attr_texts(ev.get('attributes')))
                    st = s.get('status') or {}
                    code = st.get('code', 0)
                    err = code in (2, 'STATUS_CODE_ERROR')
                    if st.get('message'):
                        texts.append(st['message'])
                    spans.append(dict(id=s['spanId'], parent=s.get('parentSpanId') or None, name=s['name'],
                                      start=int(s['startTimeUnixNano']) // 1000, end=int(s['endTimeUnixNano']) // 1000,
                                      error=err, texts=texts))
    if len(tids) != 1 or not HEX32.match(next(iter(tids))):
        fail(run, f'traceIds {tids}')
    return spans, None


def parse_otlp(run, path):
    with open(path, encoding='utf-8') as f:
        return parse_otlp_docs(run, [json.load(f)])


def parse_otlp_jsonl(run, path):
    docs = []
    with open(path, encoding='utf-8') as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                docs.append(json.loads(line))
    if len(docs) < 2:
        fail(run, 'expected several JSON lines')
    return parse_otlp_docs(run, docs)


def parse_flat(run, path):
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    spans = []
    for s in doc['spans']:
        if not HEX16.match(s['spanId']):
            fail(run, f"bad spanId {s['spanId']}")
        start = iso_us(s['startTime'])
        end = start + int(round(float(s['durationMs']) * 1000))
        spans.append(dict(id=s['spanId'], parent=s.get('parentSpanId'), name=s['operationName'], start=start, end=end,
                          error=str(s.get('status', 'OK')).upper() not in ('OK', 'UNSET'),
                          texts=strings(s.get('attributes', {}))))
    return spans, None


def parse_jaeger(run, path):
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    spans = []
    tr = doc['data'][0]
    proc_texts = {pid: strings(p.get('tags', [])) for pid, p in tr['processes'].items()}
    for s in tr['spans']:
        parents = [r['spanID'] for r in s.get('references', []) if r['refType'] == 'CHILD_OF']
        if s['processID'] not in tr['processes']:
            fail(run, 'unknown processID')
        err = False
        texts = []
        for tg in s.get('tags', []):
            texts.append(tg['key'])
            texts.extend(strings(tg['value']))
            if tg['key'] == 'error' and tg['value'] in (True, 'true'):
                err = True
            if tg['key'] == 'otel.status_code' and tg['value'] == 'ERROR':
                err = True
        for lg in s.get('logs', []):
            texts.extend(strings(lg.get('fields', [])))
        texts.extend(proc_texts.get(s['processID'], []))
        spans.append(dict(id=s['spanID'], parent=parents[0] if parents else None, name=s['operationName'],
                          start=s['startTime'], end=s['startTime'] + s['duration'], error=err, texts=texts))
    return spans, None


def parse_zipkin(run, path):
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    spans = []
    for s in doc:
        if s['name'] != s['name'].lower():
            fail(run, f"zipkin name not lower-case: {s['name']}")
        tags = s.get('tags', {})
        if any(not isinstance(v, str) for v in tags.values()):
            fail(run, 'zipkin tag values must be strings')
        texts = strings(tags) + [a['value'] for a in s.get('annotations', [])]
        err = 'error' in tags or tags.get('otel.status_code') == 'ERROR'
        spans.append(dict(id=s['id'], parent=s.get('parentId'), name=s['name'], start=s['timestamp'],
                          end=s['timestamp'] + s['duration'], error=err, texts=texts))
    return spans, None


def parse_phoenix(run, path):
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    spans = []
    for s in doc['data']:
        texts = strings(s.get('attributes', {})) + strings(s.get('events', []))
        if s.get('status_message'):
            texts.append(s['status_message'])
        spans.append(dict(id=s['context']['span_id'], parent=s.get('parent_id'), name=s['name'],
                          start=iso_us(s['start_time']), end=iso_us(s['end_time']),
                          error=s.get('status_code') == 'ERROR', texts=texts))
    return spans, None


def parse_langfuse(run, path):
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    trace_texts = strings(doc.get('input')) + strings(doc.get('output')) + strings(doc.get('metadata'))
    spans = []
    for o in doc['observations']:
        if o['traceId'] != doc['id']:
            fail(run, 'observation traceId mismatch')
        texts = strings(o.get('input')) + strings(o.get('output')) + strings(o.get('metadata'))
        if o.get('statusMessage'):
            texts.append(o['statusMessage'])
        spans.append(dict(id=o['id'], parent=o.get('parentObservationId'), name=o['name'],
                          start=iso_us(o['startTime']), end=iso_us(o['endTime']),
                          error=o.get('level') == 'ERROR', texts=texts + trace_texts))
    return spans, doc['name']


def parse_langsmith(run, path):
    with open(path, encoding='utf-8') as f:
        root = json.load(f)
    spans = []

    def walk(r, parent_id):
        if r.get('parent_run_id') != parent_id:
            fail(run, f"parent_run_id mismatch at {r['name']}")
        if not UUID.match(r['id']):
            fail(run, f"bad run id {r['id']}")
        if r['trace_id'] != root['id']:
            fail(run, 'trace_id mismatch')
        if [c['id'] for c in r.get('child_runs', [])] != r.get('child_run_ids', []):
            fail(run, f"child_run_ids mismatch at {r['name']}")
        texts = strings(r.get('inputs')) + strings(r.get('outputs')) + strings(r.get('extra', {}).get('metadata'))
        err = r.get('error') is not None or r.get('status') == 'error'
        spans.append(dict(id=r['id'], parent=r.get('parent_run_id'), name=r['name'],
                          start=iso_us(r['start_time']), end=iso_us(r['end_time']), error=err, texts=texts))
        for c in r.get('child_runs', []):
            if not c['dotted_order'].startswith(r['dotted_order'] + '.'):
                fail(run, f"dotted_order not nested at {c['name']}")
            walk(c, r['id'])

    walk(root, None)
    return spans, None


PARSERS = {'otlp': parse_otlp, 'otlp_jsonl': parse_otlp_jsonl, 'flat': parse_flat, 'jaeger': parse_jaeger,
           'zipkin': parse_zipkin, 'phoenix': parse_phoenix, 'langfuse': parse_langfuse, 'langsmith': parse_langsmith}


# ---------------------------------------------------------------- path resolution

def split_path(p):
    segs, cur, i = [], '', 0
    while i < len(p):
        if p[i] == '\\' and i + 1 < len(p) and p[i + 1] == '/':
            cur += '/'
            i += 2
        elif p[i] == '/':
            segs.append(cur)
            cur = ''
            i += 1
        else:
            cur += p[i]
            i += 1
    segs.append(cur)
    return segs


SUFFIX = re.compile(r'^(.*)\[(\d+)\]$', re.S)


def pick(candidates, seg):
    exact = [c for c in candidates if c['name'] == seg]
    if len(exact) == 1:
        return exact[0], None
    if len(exact) > 1:
        return None, f"'{seg[:60]}' is shared by {len(exact)} siblings but has no [n] suffix"
    m = SUFFIX.match(seg)
    if not m:
        return None, f"no child named '{seg[:60]}'"
    base, n = m.group(1), int(m.group(2))
    same = sorted([c for c in candidates if c['name'] == base], key=lambda c: c['start'])
    if len(same) < 2:
        return None, f"suffix used on '{base[:60]}' which is not shared by siblings"
    if len({c['start'] for c in same}) != len(same):
        return None, f"ambiguous start-time order for '{base[:60]}'"
    if not 1 <= n <= len(same):
        return None, f"index {n} out of range for '{base[:60]}'"
    return same[n - 1], None


def resolve(spans, prefix, path):
    segs = split_path(path)
    if prefix is not None:
        if segs[0] != prefix:
            return None, f'path must start with trace name {prefix!r}'
        segs = segs[1:]
    level = [s for s in spans if s['parent'] is None]
    node = None
    for seg in segs:
        node, err = pick(level, seg)
        if err:
            return None, err
        level = [s for s in spans if s['parent'] == node['id']]
    return node, None


# ---------------------------------------------------------------- main

def main():
    cats = {}
    for run, (fname, fmt) in RUNS.items():
        path = os.path.join(HERE, fname)
        try:
            spans, prefix = PARSERS[fmt](run, path)
        except Exception as e:  # noqa
            fail(run, f'cannot parse {fname}: {type(e).__name__}: {e}')
            continue
        n = len(spans)
        if not 6 <= n <= 20:
            fail(run, f'{n} spans (expected 6-20)')
        ids = [s['id'] for s in spans]
        if len(ids) != len(set(ids)):
            fail(run, 'duplicate span ids')
        byid = {s['id']: s for s in spans}
        roots = [s for s in spans if s['parent'] is None]
        if len(roots) != 1:
            fail(run, f'{len(roots)} root spans')
        for s in spans:
            if s['parent'] is not None:
                p = byid.get(s['parent'])
                if p is None:
                    fail(run, f"span {s['id']} has dangling parent {s['parent']}")
                    continue
                if s['start'] < p['start'] or s['end'] > p['end']:
                    fail(run, f"span {s['name'][:40]} not inside parent {p['name'][:40]}")
            if s['end'] < s['start']:
                fail(run, f"span {s['name'][:40]} ends before it starts")
        # label
        try:
            with open(os.path.join(HERE, f'{run}.label.json'), encoding='utf-8') as f:
                label = json.load(f)
        except Exception as e:  # noqa
            fail(run, f'cannot read label: {e}')
            continue
        for k in ('span', 'spanId', 'category', 'why'):
            if k not in label:
                fail(run, f'label missing {k}')
        node, err = resolve(spans, prefix, label['span'])
        if err:
            fail(run, f'label path does not resolve: {err}')
        elif node['id'] != label['spanId']:
            fail(run, f"label path resolves to {node['id']}, label says {label['spanId']}")
        if label['category'] not in TRAIL:
            fail(run, f"unknown category {label['category']}")
        cats.setdefault(label['category'], []).append(run)
        # cleanliness
        errs = [s for s in spans if s['error']]
        if run in CLEAN:
            if errs:
                fail(run, f"declared clean but has error status on {[s['name'] for s in errs]}")
            for s in spans:
                for txt in s['texts']:
                    low = txt.lower()
                    for w in BANNED:
                        if w in low:
                            fail(run, f"declared clean but '{w}' appears in span {s['name'][:40]}: ...{txt[max(0, low.find(w) - 40):low.find(w) + 40]!r}...")
        else:
            if not errs:
                fail(run, 'not declared clean but no span has an error status')
        print(f'{run}: {fname:12s} {fmt:11s} spans={n:2d} errors={len(errs)} label->{label["spanId"]} [{label["category"]}]')
    for c, rs in cats.items():
        if len(rs) > 1:
            fail('set', f'category {c} used by {rs}')
    if len(RUNS) - len(CLEAN) > 3:
        fail('set', 'more than 3 runs with error status')
    if problems:
        print('\nPROBLEMS:')
        for p in problems:
            print(' -', p)
        sys.exit(1)
    print('\nOK: all checks passed')


if __name__ == '__main__':
    main()
