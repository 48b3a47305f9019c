#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that two runs of one suite gave the same cases the same results.

Usage: parity.py TSV GROUP_A GROUP_B NAME [--exclude PREFIX,...]

Cases whose names start with an excluded prefix are left out of both.
Appends "backend-parity\\tNAME\\tPASS|FAIL\\t<detail>" to TSV: PASS when
GROUP_A ran cases, both groups ran the same cases with the same results,
and as many passed in each.
"""
import sys


def parity(rows, a_name, b_name, exclude=()):
    def keep(case):
        return not any(case.startswith(p) for p in exclude)
    a = {r[1]: r[2] for r in rows if r[0] == a_name and keep(r[1])}
    b = {r[1]: r[2] for r in rows if r[0] == b_name and keep(r[1])}
    pa = sum(v == 'PASS' for v in a.values())
    pb = sum(v == 'PASS' for v in b.values())
    diff = sorted(c for c in set(a) | set(b) if a.get(c) != b.get(c))
    ok = bool(a) and not diff and pa == pb
    detail = '%s %d passed, %s %d passed of %d/%d cases' % (
        a_name.split(':')[-1], pa, b_name.split(':')[-1], pb, len(a), len(b))
    if diff:
        detail += '; differ: ' + ' '.join(diff[:5])
    return ok, detail


def main(argv):
    path, a_name, b_name, name = argv[1:5]
    exclude = ()
    if argv[5:6] == ['--exclude']:
        exclude = tuple(p for p in argv[6].split(',') if p)
    rows = [l.rstrip('\n').split('\t') for l in open(path) if l.strip()]
    ok, detail = parity(rows, a_name, b_name, exclude)
    with open(path, 'a') as f:
        f.write('backend-parity\t%s\t%s\t%s\n' % (name, 'PASS' if ok else 'FAIL', detail))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
