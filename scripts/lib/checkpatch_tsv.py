#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge the output of one checkpatch.pl --strict run.

Usage: checkpatch_tsv.py NAME < checkpatch-output

Prints "checkpatch\\tNAME\\tPASS|FAIL\\t<detail>": PASS only for
"total: 0 errors, 0 warnings, 0 checks"; FAIL names the first finding, a
crashed helper (a Python traceback, e.g. spdxcheck without python3-ply),
or the missing total.
"""
import re
import sys

TOTAL = re.compile(r'^total: (\d+) errors, (\d+) warnings, (?:(\d+) checks, )?')
FINDING = re.compile(r'^(?:\S+:\d+: )?(ERROR|WARNING|CHECK):')


def judge(text):
    lines = text.splitlines()
    if any(l.startswith('Traceback') for l in lines):
        return 'FAIL', 'a checkpatch helper crashed (Python traceback)'
    totals = [l for l in lines if TOTAL.match(l)]
    if not totals:
        return 'FAIL', 'checkpatch printed no total'
    m = TOTAL.match(totals[-1])
    if m.group(1) == '0' and m.group(2) == '0' and (m.group(3) or '0') == '0':
        return 'PASS', ''
    first = next((l for l in lines if FINDING.match(l)), '')
    summary = totals[-1].split(' lines checked')[0].rsplit(',', 1)[0]
    return 'FAIL', '%s; %s' % (summary, first)


def main(argv):
    status, detail = judge(sys.stdin.read())
    print('checkpatch\t%s\t%s\t%s' % (argv[1], status, detail))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
