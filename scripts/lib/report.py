#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print results and the summary line.

Usage: report.py [--table GROUP_PREFIX|GROUP,GROUP...]... [--kernel VERSION] TSV...

Each TSV line is "group<TAB>case<TAB>PASS|FAIL|SKIP<TAB>detail".
--table PREFIX prints a per-case table for groups starting with PREFIX
(several runs of one suite side by side when their case names agree).
Always prints every failure and skip with its detail, a per-group count
and, last, "N passed, N failed[, N skipped]".  Exits 1 on any failure.
"""
import collections
import sys


def main():
    args = sys.argv[1:]
    tables, files, kernel = [], [], None
    while args:
        a = args.pop(0)
        if a == '--table':
            tables.append(args.pop(0))
        elif a == '--kernel':
            kernel = args.pop(0)
        else:
            files.append(a)
    rows = []
    for path in files:
        try:
            for line in open(path):
                f = line.rstrip('\n').split('\t')
                if len(f) >= 3:
                    rows.append((f[0], f[1], f[2], f[3] if len(f) > 3 else ''))
        except FileNotFoundError:
            rows.append((path, '(results)', 'FAIL', 'no results file: stage did not run'))

    for spec in tables:
        # "x86:" = every group starting with it; "a,b" = exactly these.
        wanted = spec.split(',')
        groups = [g for g in dict.fromkeys(r[0] for r in rows)
                  if (g in wanted if len(wanted) > 1 else g.startswith(spec))]
        if not groups:
            continue
        res = {g: {} for g in groups}
        order = []
        for g, case, status, _ in rows:
            if g in res:
                res[g][case] = status
                if case not in order:
                    order.append(case)
        width = max([len(c) for c in order] + [4])
        heads = [g.split(':', 1)[-1] for g in groups]
        print()
        print('%-*s  %s' % (width, 'test', '  '.join('%-8s' % h for h in heads)))
        print('%s  %s' % ('-' * width, '  '.join('-' * max(8, len(h)) for h in heads)))
        for case in order:
            print('%-*s  %s' % (width, case, '  '.join(
                '%-*s' % (max(8, len(h)), res[g].get(case, '-')) for g, h in zip(groups, heads))))

    count = collections.Counter(r[2] for r in rows)
    bad = [r for r in rows if r[2] != 'PASS']
    if bad:
        print()
        print('Not passed:')
        for g, case, status, detail in bad:
            print('  %-4s %s %s%s' % (status, g, case, ('  -- ' + detail) if detail else ''))
    print()
    per = collections.OrderedDict()
    for g, _, s, _ in rows:
        key = g.split(':', 1)[0] if g.startswith('kunit') else g
        per.setdefault(key, collections.Counter())[s] += 1
    for g, c in per.items():
        print('  %-20s %4d passed, %d failed, %d skipped' % (g, c['PASS'], c['FAIL'], c['SKIP']))
    if kernel:
        print('  kernel: Linux %s' % kernel)
    line = '%d passed, %d failed' % (count['PASS'], count['FAIL'])
    if count['SKIP']:
        line += ', %d skipped' % count['SKIP']
    print(line)
    return 1 if count['FAIL'] or not rows else 0


if __name__ == '__main__':
    sys.exit(main())
