#!/usr/bin/env python3
"""Structural self-check for the multiagent-blind39 set (standard library only).

Step rule: steps are the root span's direct children ordered by start time, counted from 0;
the root itself is never a step. Child spans of turns (chat / execute_tool) are not steps.
"""
import datetime
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HEX16 = re.compile(r'^[0-9a-f]{16}$')
HEX32 = re.compile(r'^[0-9a-f]{32}$')
ERRORS = []


def err(run, msg):
    ERRORS.append('%s: %s' % (run, msg))


def parse_iso(s):
    return datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%S.%fZ')


EPOCH = datetime.datetime(1970, 1, 1)


def to_ns(dt):
    d = dt - EPOCH
    return (d.days * 86400 + d.seconds) * 10**9 + d.microseconds * 1000


def otlp_value(run, v):
    if not isinstance(v, dict) or len(v) != 1:
        err(run, 'attribute value is not a single typed value: %r' % (v,))
        return None
    (k, x), = v.items()
    if k == 'stringValue':
        return x
    if k == 'intValue':
        if not (isinstance(x, str) and re.match(r'^-?\d+$', x)):
            err(run, 'intValue must be a decimal string: %r' % (x,))
        return int(x)
    if k == 'boolValue':
        return bool(x)
    if k == 'doubleValue':
        return float(x)
    err(run, 'unsupported typed value %s' % k)
    return None


def load_spans(run, doc):
    """Return (layout, list of normalised spans)."""
    out = []
    if 'spans' in doc and 'resourceSpans' not in doc:
        for s in doc['spans']:
            for key in ('spanId', 'name', 'startTime', 'duration', 'attributes', 'status'):
                if key not in s:
                    err(run, 'flat span missing %s' % key)
            if not isinstance(s.get('attributes'), dict):
                err(run, 'flat attributes must be a plain object')
            st = to_ns(parse_iso(s['startTime']))
            if not isinstance(s['duration'], (int, float)) or s['duration'] < 0:
                err(run, 'bad duration in span %s' % s.get('spanId'))
            code = (s.get('status') or {}).get('code')
            out.append(dict(id=s['spanId'], parent=s.get('parentSpanId') or None, name=s['name'],
                            start=st, end=st + int(s['duration'] * 10**6), attrs=s['attributes'],
                            trace=s.get('traceId'), status_ok=code in ('OK', 'UNSET', None),
                            status_raw=code))
        return 'flat', out
    if 'resourceSpans' in doc:
        batches = doc['resourceSpans']
        if len(batches) < 2:
            err(run, 'OTLP export should be split over at least two batches')
        for rs in batches:
            for ss in rs.get('scopeSpans', []):
                for s in ss.get('spans', []):
                    if not HEX16.match(s.get('spanId', '')):
                        err(run, 'spanId not 16 hex chars: %r' % s.get('spanId'))
                    if not HEX32.match(s.get('traceId', '')):
                        err(run, 'traceId not 32 hex chars: %r' % s.get('traceId'))
                    p = s.get('parentSpanId') or None
                    if p is not None and not HEX16.match(p):
                        err(run, 'parentSpanId not 16 hex chars: %r' % p)
                    for key in ('startTimeUnixNano', 'endTimeUnixNano'):
                        if not (isinstance(s.get(key), str) and s[key].isdigit()):
                            err(run, '%s must be a digit string' % key)
                    attrs = {}
                    for a in s.get('attributes', []):
                        attrs[a['key']] = otlp_value(run, a['value'])
                    code = (s.get('status') or {}).get('code', 0)
                    out.append(dict(id=s['spanId'], parent=p, name=s['name'],
                                    start=int(s['startTimeUnixNano']), end=int(s['endTimeUnixNano']),
                                    attrs=attrs, trace=s.get('traceId'), status_ok=code in (0, 1),
                                    status_raw=code))
        starts = [s['start'] for s in out]
        if starts == sorted(starts):
            err(run, 'OTLP spans appear sorted by start time; expected export order')
        return 'otlp', out
    err(run, 'unknown layout')
    return None, []


def turn_text(run, attrs):
    if 'output.value' in attrs:
        return attrs['output.value'], 'output.value'
    if 'gen_ai.output.messages' in attrs:
        try:
            msgs = json.loads(attrs['gen_ai.output.messages'])
            parts = [p['content'] for m in msgs if m.get('role') == 'assistant'
                     for p in m.get('parts', []) if p.get('type') == 'text']
            return '\n'.join(parts), 'messages'
        except Exception as e:  # noqa
            err(run, 'gen_ai.output.messages is not valid JSON messages: %s' % e)
            return '', 'messages'
    return None, None


def check_run(path):
    run = os.path.basename(path)[:-5]
    m = re.match(r'^(mo|gc)-0([1-6])-[a-z0-9-]+$', run)
    if not m:
        err(run, 'bad run name')
        return None
    system, num = m.group(1), int(m.group(2))
    try:
        with open(path) as f:
            doc = json.load(f)
    except Exception as e:  # noqa
        err(run, 'JSON parse failed: %s' % e)
        return None
    layout, spans = load_spans(run, doc)
    want = 'flat' if num <= 3 else 'otlp'
    if layout != want:
        err(run, 'layout %s, expected %s' % (layout, want))

    ids = [s['id'] for s in spans]
    if len(ids) != len(set(ids)):
        err(run, 'duplicate span ids')
    traces = set(s['trace'] for s in spans)
    if len(traces) != 1:
        err(run, 'spans belong to %d traces' % len(traces))
    byid = {s['id']: s for s in spans}
    roots = [s for s in spans if s['parent'] is None]
    if len(roots) != 1:
        err(run, 'expected exactly one root, found %d' % len(roots))
        return None
    root = roots[0]
    want_root = 'magentic_one.run' if system == 'mo' else 'invoke_agent chat_manager'
    if root['name'] != want_root:
        err(run, 'root name %r, expected %r' % (root['name'], want_root))
    for s in spans:
        if s['parent'] is not None and s['parent'] not in byid:
            err(run, 'span %s has dangling parent %s' % (s['id'], s['parent']))
        if not s['status_ok']:
            err(run, 'span %s (%s) has non-OK status %r' % (s['id'], s['name'], s['status_raw']))
        if s['end'] < s['start']:
            err(run, 'span %s ends before it starts' % s['id'])

    # every invoke_agent turn (other than the root) must be a direct child of the root
    for s in spans:
        if s is root:
            continue
        if s['attrs'].get('gen_ai.operation.name') == 'invoke_agent' and s['parent'] != root['id']:
            err(run, 'turn span %s is not a direct child of the root' % s['id'])

    turns = sorted([s for s in spans if s['parent'] == root['id']], key=lambda s: s['start'])
    if len(set(t['start'] for t in turns)) != len(turns):
        err(run, 'turn start times are not distinct; step order would be ambiguous')
    if not 13 <= len(turns) <= 20:
        err(run, '%d turns, expected 13-20' % len(turns))
    modes = set()
    for i, t in enumerate(turns):
        a = t['attrs']
        if a.get('gen_ai.operation.name') != 'invoke_agent':
            err(run, 'step %d is not an invoke_agent span' % i)
        if not a.get('gen_ai.agent.name'):
            err(run, 'step %d has no gen_ai.agent.name' % i)
        if t['name'] != 'invoke_agent ' + str(a.get('gen_ai.agent.name')):
            err(run, 'step %d span name %r does not match agent' % (i, t['name']))
        text, mode = turn_text(run, a)
        if not text:
            err(run, 'step %d has no text' % i)
        modes.add(mode)
        if t['start'] < root['start'] or t['end'] > root['end']:
            err(run, 'step %d lies outside the root span' % i)
    if len(modes) != 1:
        err(run, 'mixed text locations across turns: %s' % modes)

    # child spans of turns are not steps
    turn_ids = set(t['id'] for t in turns)
    nkids = 0
    for s in spans:
        if s is root or s['id'] in turn_ids:
            continue
        nkids += 1
        if s['parent'] not in turn_ids:
            err(run, 'non-turn span %s is not a child of a turn' % s['id'])
        if not (s['name'].startswith('chat ') or s['name'].startswith('execute_tool ')):
            err(run, 'unexpected child span name %r' % s['name'])
        par = byid.get(s['parent'])
        if par and (s['start'] < par['start'] or s['end'] > par['end']):
            err(run, 'child span %s lies outside its turn' % s['id'])

    agents = [t['attrs'].get('gen_ai.agent.name') for t in turns]
    if system == 'mo':
        if agents and agents[0] != 'human':
            err(run, 'Magentic-One step 0 should be the human request')
        allowed = {'human', 'Orchestrator', 'WebSurfer', 'FileSurfer', 'Coder', 'ComputerTerminal'}
        for a in agents:
            if a not in allowed:
                err(run, 'unexpected Magentic-One agent %r' % a)
        if 'Orchestrator' not in agents:
            err(run, 'no Orchestrator turn')
    else:
        if agents and not str(agents[0]).endswith('_Expert'):
            err(run, 'group-chat step 0 should be an expert')
        last_text, _ = turn_text(run, turns[-1]['attrs'])
        if 'TERMINATE' not in (last_text or ''):
            err(run, 'last group-chat turn does not say TERMINATE')
        if 'Computer_terminal' not in agents or 'Verification_Expert' not in agents:
            err(run, 'group chat lacks Computer_terminal or Verification_Expert')

    # label
    lp = path[:-5] + '.label.json'
    ep = path[:-5] + '.expected.json'
    try:
        with open(lp) as f:
            lab = json.load(f)
        step, agent = lab['step'], lab['agent']
        if not isinstance(step, int) or not 0 <= step < len(turns):
            err(run, 'labelled step %r does not exist' % step)
        elif agents[step] != agent:
            err(run, 'labelled agent %r != agent at step %d (%r)' % (agent, step, agents[step]))
        if not lab.get('why') or len(lab['why']) < 40:
            err(run, 'label why is missing or too short')
    except Exception as e:  # noqa
        err(run, 'label file problem: %s' % e)
    try:
        with open(ep) as f:
            exp = json.load(f)
        ans = str(exp['answer']).strip()
        if not ans:
            err(run, 'expected answer empty')
        final = str(turn_text(run, root['attrs'])[0] or '').strip()
        if final and final == ans:
            err(run, 'final answer equals the expected answer; run should fail')
    except Exception as e:  # noqa
        err(run, 'expected file problem: %s' % e)
    return dict(run=run, system=system, layout=layout, turns=len(turns), mode=modes.pop() if modes else None,
                kids=nkids, spans=len(spans))


def main():
    paths = sorted(p for p in glob.glob(os.path.join(HERE, '*.json'))
                   if not p.endswith('.label.json') and not p.endswith('.expected.json'))
    infos = [i for i in (check_run(p) for p in paths) if i]
    mo = [i for i in infos if i['system'] == 'mo']
    gc = [i for i in infos if i['system'] == 'gc']
    if len(paths) != 12 or len(mo) != 6 or len(gc) != 6:
        err('set', 'expected 12 runs (6 mo, 6 gc); found %d (%d mo, %d gc)' % (len(paths), len(mo), len(gc)))
    for name, group in (('mo', mo), ('gc', gc)):
        if sum(1 for i in group if i['mode'] == 'messages') != 1:
            err('set', '%s: exactly one run should keep text in gen_ai.output.messages' % name)
        if sum(1 for i in group if i['kids'] > 0) != 1:
            err('set', '%s: exactly one run should have child spans under turns' % name)
    for i in infos:
        print('%-32s %-4s %3d turns %3d spans  text=%-12s child_spans=%d' % (
            i['run'], i['layout'], i['turns'], i['spans'], i['mode'], i['kids']))
    if not os.path.exists(os.path.join(HERE, 'LABELS.md')):
        err('set', 'LABELS.md missing')
    if ERRORS:
        print('\nFAILED:')
        for e in ERRORS:
            print('  ' + e)
        sys.exit(1)
    print('\nOK: %d runs passed' % len(infos))


if __name__ == '__main__':
    main()
