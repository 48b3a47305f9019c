#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge the output of one checkpatch.pl --strict run.

Usage: checkpatch_tsv.py NAME [--patch PATCH --known LIST] < checkpatch-output

Prints "checkpatch\\tNAME\\tPASS|FAIL\\t<detail>": PASS only for
"total: 0 errors, 0 warnings, 0 checks"; FAIL names the first finding, a
crashed helper (a Python traceback, e.g. spdxcheck without python3-ply),
or the missing total.

The harness's tree has no upstream history, so checkpatch.pl cannot
resolve the commits a changelog names (it runs with --ignore
UNKNOWN_COMMIT_ID).  With --patch and --known, every `<id> ("<subject>")`
reference in PATCH's changelog (Fixes: tags and prose alike) must be a
line "<id> <subject>" of LIST, the upstream commits checked by hand:
an unknown id or another subject fails the patch.
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


REF = re.compile(r'\b([0-9a-f]{12,40}) \("(.+?)"\)')


def load_known(path):
    known = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith('#'):
            cid, subject = line.split(' ', 1)
            known[cid[:12]] = subject
    return known


def changelog(patch_text):
    """The commit message: from the Subject: header to the "---" line."""
    lines = patch_text.splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith('Subject:')), 0)
    end = next((i for i, l in enumerate(lines) if l == '---' and i > start), len(lines))
    return ' '.join(l.strip() for l in lines[start:end])


def check_refs(patch_text, known):
    """The first problem with the upstream commits a changelog names, or ''."""
    for cid, subject in REF.findall(changelog(patch_text)):
        if cid[:12] not in known:
            return 'unknown upstream commit %s ("%s"): not in configs/upstream-commits' % (cid, subject)
        if known[cid[:12]] != subject:
            return 'commit %s is "%s", not "%s"' % (cid[:12], known[cid[:12]], subject)
    return ''


def main(argv):
    status, detail = judge(sys.stdin.read())
    if status == 'PASS' and '--patch' in argv:
        patch = open(argv[argv.index('--patch') + 1]).read()
        problem = check_refs(patch, load_known(argv[argv.index('--known') + 1]))
        if problem:
            status, detail = 'FAIL', problem
    print('checkpatch\t%s\t%s\t%s' % (argv[1], status, detail))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
