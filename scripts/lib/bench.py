#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Collect the "hmm-bench:" lines of the hmm_mirror_bench KUnit suite.

  bench.py report OUTDIR ENV=LOG [ENV=LOG...] [--config ENV=TEXT]
      results.json, table.md (also printed) and gnuplot plots in OUTDIR.
  bench.py check LOG TSV
      make test's smoke check: every benchmark of a mode=1 run reported,
      with sane values; one TSV row per benchmark.

ENV names where a log came from (e.g. "uml", "x86-tcg"); every figure in
the outputs carries it.  Ratios are computed only between figures of one
environment, which were measured side by side in one boot.
"""
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys

LINE = re.compile(r'hmm-bench: (\{.*\})\s*$')
BENCHES = ('env', 'fanout', 'collide', 'drain', 'register')
KINDS = ('floor', 'registry', 'mmu_notifier', 'interval')


def parse(log):
    out = []
    with open(log, errors='replace') as f:
        for line in f:
            m = LINE.search(line)
            if m:
                try:
                    out.append(json.loads(m.group(1)))
                except ValueError:
                    pass
    return out


def ns(ps):
    return ps / 1000.0


def host_cpu():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown'


def fmt(x, digits=1):
    if x is None:
        return '-'
    if x >= 100:
        return '%.0f' % x
    return '%.*f' % (digits, x)


def yes(b):
    return 'on' if b else 'off'


def ratio(a, b):
    return a / b if a is not None and b else None


class Results:
    def __init__(self):
        self.rows = []          # every parsed record, with "env" added
        self.envs = {}

    def add(self, env, records, config):
        for r in records:
            r = dict(r, env=env)
            if r['bench'] == 'env':
                r['config'] = config
                self.envs[env] = r
            else:
                self.rows.append(r)

    def get(self, env, bench, **kw):
        return [r for r in self.rows if r['env'] == env and r['bench'] == bench
                and all(r.get(k) == v for k, v in kw.items())]

    def one(self, env, bench, **kw):
        rows = self.get(env, bench, **kw)
        return rows[0] if rows else None


def fanout_section(res, env, targets, lines, plots):
    ns_list = sorted({r['n'] for r in res.get(env, 'fanout')})
    if not ns_list:
        return
    lines.append('### Fan-out: ns per invalidate_range_start/end pair (%s)' % env)
    lines.append('')
    lines.append('| N | floor | registry | mmu_notifier | interval | registry/raw '
                 '| registry/interval | registry/floor |')
    lines.append('|---:|---:|---:|---:|---:|---:|---:|---:|')
    data = []
    for n in ns_list:
        v = {}
        for k in KINDS:
            r = res.one(env, 'fanout', kind=k, n=n)
            v[k] = ns(r['median_ps']) if r else None
            v[k + '_p99'] = ns(r['p99_ps']) if r else None
        rr = ratio(v['registry'], v['mmu_notifier'])
        ri = ratio(v['registry'], v['interval'])
        rf = ratio(v['registry'], v['floor'])
        data.append((n, v))
        lines.append('| %d | %s | %s (p99 %s) | %s | %s | %s | %s | %s |' % (
            n, fmt(v['floor']), fmt(v['registry']), fmt(v['registry_p99']),
            fmt(v['mmu_notifier']), fmt(v['interval']),
            fmt(rr, 2) + 'x', fmt(ri, 2) + 'x', fmt(rf, 2) + 'x'))
        if n >= 4:
            targets.append(dict(env=env, target='fan-out N=%d: registry <= 1.0x raw mmu_notifier' % n,
                                value=rr, limit=1.0))
            targets.append(dict(env=env, target='fan-out N=%d: registry <= 1.0x interval notifiers' % n,
                                value=ri, limit=1.0))
        if n == 256:
            targets.append(dict(env=env, target='fan-out N=256: registry <= 1.5x floor',
                                value=rf, limit=1.5))
    lines.append('')
    plots.append(('fanout-%s' % env, 'ns per invalidation vs N (%s)' % env,
                  [(k, [(n, v[k]) for n, v in data if v[k]]) for k in KINDS]))


def collide_section(res, env, targets, lines, plots):
    rows = res.get(env, 'collide')
    if not rows:
        return
    lines.append('### Collisions: 2 MiB reads while another thread invalidates (%s, %d CPU(s))'
                 % (env, rows[0].get('cpus', 0)))
    lines.append('')
    lines.append('| subscriber | invalidated range | reads | reads/s | invalidations '
                 '| retries | retries per read |')
    lines.append('|---|---|---:|---:|---:|---:|---:|')
    bars = []
    for r in rows:
        per = r['retries'] / r['faults'] if r['faults'] else None
        rate = r['faults'] * 1e9 / r['elapsed_ns'] if r['elapsed_ns'] else None
        what = 'overlapping' if r['overlap'] else 'disjoint'
        lines.append('| %s | %s | %d | %s | %d | %d | %s |' % (
            r['kind'], what, r['faults'], fmt(rate), r['invalidations'],
            r['retries'], fmt(per, 3)))
        bars.append(('%s %s' % (r['kind'], what), per or 0.0))
        r['retries_per_read'] = per
        r['reads_per_s'] = rate
    reg = res.one(env, 'collide', kind='registry', overlap=False)
    itv = res.one(env, 'collide', kind='interval', overlap=False)
    if reg and itv:
        targets.append(dict(env=env, info=True,
                            target='collisions, disjoint: retries per read, registry vs per-range interval',
                            value=reg['retries_per_read'], limit=itv['retries_per_read']))
    lines.append('')
    plots.append(('collisions-%s' % env, 'retries per successful read (%s)' % env, bars))


def drain_section(res, env, targets, lines):
    rows = res.get(env, 'drain')
    if not rows:
        return
    lines.append('### Release drain: exit of an mm with N subscribers (%s)' % env)
    lines.append('')
    lines.append('| N | registry: ns per mirror in the exit | then unregister, ns each '
                 '| interval: ns per notifier in the exit | then remove, ns each '
                 '| whole exit, registry / interval, us |')
    lines.append('|---:|---:|---:|---:|---:|---:|')

    def v(r, key):
        return ns(r[key]) if r and key in r else None

    for n in sorted({r['n'] for r in rows}):
        g = res.one(env, 'drain', kind='registry', n=n)
        i = res.one(env, 'drain', kind='interval', n=n)
        lines.append('| %d | %s | %s | %s | %s | %s / %s |' % (
            n, fmt(v(g, 'drain_ps')), fmt(v(g, 'teardown_ps')),
            fmt(v(i, 'drain_ps')), fmt(v(i, 'teardown_ps')),
            fmt(g['exit_ns'] / 1000.0 if g and 'exit_ns' in g else None),
            fmt(i['exit_ns'] / 1000.0 if i and 'exit_ns' in i else None)))
    a = res.one(env, 'drain', kind='registry', n=10000)
    b = res.one(env, 'drain', kind='registry', n=100)
    if a and b and b.get('drain_ps'):
        targets.append(dict(env=env, target='release drain linear: per mirror at N=10,000 <= 1.5x N=100',
                            value=a['drain_ps'] / b['drain_ps'], limit=1.5))
    lines.append('')


def register_section(res, env, lines):
    rows = res.get(env, 'register')
    if not rows:
        return
    lines.append('### Register + unregister, one pair (%s)' % env)
    lines.append('')
    lines.append('| API | median ns | p99 ns | pairs/s | pairs timed |')
    lines.append('|---|---:|---:|---:|---:|')
    for r in rows:
        m = ns(r['median_ps'])
        lines.append('| %s | %s | %s | %s | %d |' % (
            r['kind'], fmt(m), fmt(ns(r['p99_ps'])), fmt(1e9 / m if m else None), r['pairs']))
    lines.append('')


def smp_section(res, env, lines):
    rows = res.get(env, 'smp')
    if not rows:
        return
    lines.append('### Two CPUs: invalidations/s of one mm, 16 subscribers (%s)' % env)
    lines.append('')
    lines.append('| subscriber | 1 thread | 2 threads | 2 / 1 |')
    lines.append('|---|---:|---:|---:|')
    for r in rows:
        lines.append('| %s | %d | %d | %s |' % (
            r['kind'], r['ops_per_s_1'], r['ops_per_s_2'],
            fmt(ratio(r['ops_per_s_2'], r['ops_per_s_1']), 2) + 'x'))
    lines.append('')


def gnuplot(outdir, plots):
    gp = shutil.which('gnuplot')
    if not gp:
        return ['(gnuplot not installed: no plots)']
    made = []
    for name, title, series in plots:
        png = os.path.join(outdir, name + '.png')
        dat = os.path.join(outdir, name + '.dat')
        if name.startswith('fanout'):
            with open(dat, 'w') as f:
                for k, pts in series:
                    f.write('# %s\n' % k)
                    for n, v in pts:
                        f.write('%d %f\n' % (n, v))
                    f.write('\n\n')
            plot = ', '.join("'%s' index %d using 1:2 with linespoints title '%s'" % (dat, i, k)
                             for i, (k, _) in enumerate(series))
            script = ('set terminal png size 800,500\nset output "%s"\nset title "%s"\n'
                      'set logscale xy\nset xlabel "subscribers (N)"\nset ylabel "ns per invalidation"\n'
                      'set key left top\nplot %s\n' % (png, title, plot))
        else:
            with open(dat, 'w') as f:
                for label, v in series:
                    f.write('"%s" %f\n' % (label, v))
            script = ('set terminal png size 800,500\nset output "%s"\nset title "%s"\n'
                      'set style fill solid\nset boxwidth 0.6\nset yrange [0:*]\n'
                      'set ylabel "retries per read"\nset xtics rotate by -20\n'
                      'plot "%s" using 0:2:xtic(1) with boxes notitle\n' % (png, title, dat))
        r = subprocess.run([gp], input=script, text=True, capture_output=True)
        if r.returncode == 0 and os.path.exists(png):
            made.append(png)
        else:
            made.append('(gnuplot failed for %s: %s)' % (name, r.stderr.strip()[:200]))
    return made


def report(argv):
    outdir = argv[0]
    configs = {}
    logs = []
    i = 1
    while i < len(argv):
        if argv[i] == '--config':
            env, text = argv[i + 1].split('=', 1)
            configs[env] = text
            i += 2
            continue
        env, log = argv[i].split('=', 1)
        logs.append((env, log))
        i += 1
    os.makedirs(outdir, exist_ok=True)
    res = Results()
    for env, log in logs:
        res.add(env, parse(log), configs.get(env, ''))
    targets, lines, plots = [], [], []
    lines.append('## HMM mirror registry benchmarks, %s' % datetime.date.today().isoformat())
    lines.append('')
    lines.append('Host CPU: %s.  ' % host_cpu())
    for env, e in res.envs.items():
        lines.append('%s: Linux %s, %d CPU(s), preempt %s, lockdep %s, KASAN %s; %s.  ' % (
            env, e['release'], e['cpus'], yes(e['preempt']), yes(e['lockdep']), yes(e['kasan']),
            e.get('config') or 'config not recorded'))
    lines.append('')
    for env, _ in logs:
        fanout_section(res, env, targets, lines, plots)
    for env, _ in logs:
        collide_section(res, env, targets, lines, plots)
    for env, _ in logs:
        drain_section(res, env, targets, lines)
    for env, _ in logs:
        register_section(res, env, lines)
    for env, _ in logs:
        smp_section(res, env, lines)
    if targets:
        lines.append('### Targets')
        lines.append('')
        lines.append('| where | target | measured | verdict |')
        lines.append('|---|---|---:|---|')
        for t in targets:
            if t.get('info'):
                verdict = 'measured (issue: range-aware collisions)'
                val = '%s vs %s' % (fmt(t['value'], 3), fmt(t['limit'], 3))
            else:
                ok = t['value'] is not None and t['value'] <= t['limit']
                t['met'] = ok
                verdict = 'met' if ok else '**MISSED**'
                val = fmt(t['value'], 2) + 'x'
            lines.append('| %s | %s | %s | %s |' % (t['env'], t['target'], val, verdict))
        lines.append('')
    made = gnuplot(outdir, plots)
    lines.append('Plots: ' + ', '.join(os.path.basename(m) if m.endswith('.png') else m
                                        for m in made))
    table = '\n'.join(lines) + '\n'
    with open(os.path.join(outdir, 'table.md'), 'w') as f:
        f.write(table)
    doc = dict(date=datetime.datetime.now().isoformat(timespec='seconds'),
               host_cpu=host_cpu(), environments=res.envs, results=res.rows,
               targets=targets)
    with open(os.path.join(outdir, 'results.json'), 'w') as f:
        json.dump(doc, f, indent=1)
    sys.stdout.write(table)
    return 0


def check(argv):
    log, tsv = argv
    recs = parse(log) if os.path.exists(log) else []
    rows = []
    for b in BENCHES:
        got = [r for r in recs if r.get('bench') == b]
        bad = []
        for r in got:
            for k, v in r.items():
                if k.endswith('_ps') and not (isinstance(v, int) and v >= 0):
                    bad.append('%s=%r' % (k, v))
            if b == 'fanout' and r.get('median_ps', 0) <= 0 and r['kind'] != 'floor':
                bad.append('zero time for %s' % r['kind'])
            if b == 'collide' and not r.get('faults'):
                bad.append('no read served (%s)' % r['kind'])
        if not got:
            rows.append(('FAIL', b, 'no "hmm-bench: %s" line in %s' % (b, os.path.basename(log))))
        elif bad:
            rows.append(('FAIL', b, '; '.join(bad[:3])))
        else:
            rows.append(('PASS', b, '%d figure(s) reported' % len(got)))
    with open(tsv, 'w') as f:
        for st, name, why in rows:
            f.write('bench-smoke\t%s\t%s\t%s\n' % (name, st, why))
    return 0


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ('report', 'check'):
        sys.stderr.write(__doc__)
        return 2
    return (report if sys.argv[1] == 'report' else check)(sys.argv[2:])


if __name__ == '__main__':
    sys.exit(main())
