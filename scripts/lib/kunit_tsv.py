#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn kunit.py's JSON results into per-case result lines.

Usage: kunit_tsv.py JSON OUT_TSV KUNITPY_EXIT [KUNITPY_LOG]

Each case becomes "kunit:<suite>\\t<case>\\tPASS|FAIL|SKIP\\t<detail>"
("kunit" is $KUNIT_GROUP when set, e.g. kunit-x86 for the guest's run); a
crashed case (kunit.py's ERROR) is a FAIL.  The detail of a failed case is
its first failed expectation, from kunit.py's output log.  When kunit.py
failed and no case did (build error, boot failure, timeout), one FAIL
line says so.
"""
import json
import os
import re
import sys

FAILED_AT = re.compile(r'# (\S+): ((?:EXPECTATION|ASSERTION) FAILED at \S+)')
COMPILE_ERROR = re.compile(r'(\S+:\d+:\d+: error: .*)$')


def failure_details(log_path):
    """First failed expectation of each case, from kunit.py's output."""
    details = {}
    try:
        lines = open(log_path, errors='replace').read().splitlines()
    except (OSError, TypeError):
        return details
    for i, line in enumerate(lines):
        m = FAILED_AT.search(line)
        if m and m.group(1) not in details:
            detail = m.group(2).replace('../../linux/', '')
            nxt = lines[i + 1].split('] ', 1)[-1].strip() if i + 1 < len(lines) else ''
            details[m.group(1)] = (detail + ': ' + nxt) if nxt else detail
    return details


def first_compile_error(log_path):
    """The first compiler error in kunit.py's output, tree-relative."""
    try:
        text = open(log_path, errors='replace').read()
    except (OSError, TypeError):
        return ''
    for line in text.splitlines():
        m = COMPILE_ERROR.search(line)
        if m:
            return re.sub(r'^.*?/?(?:\.\./\.\./)?linux/', '', m.group(1))
    return ''


def rows_of(data, details, group='kunit'):
    rows = []

    def status(c):
        s = c.get('status')
        return s if s in ('PASS', 'SKIP') else 'FAIL'

    def detail(c):
        if c.get('status') == 'ERROR':
            return 'crashed or never reported (kernel crash, hang or timeout)'
        if status(c) == 'FAIL':
            return details.get(c['name'], '')
        return ''

    def walk(g, path):
        for i, c in enumerate(g.get('test_cases', []), 1):
            # A case that never reported has no name in kunit.py's JSON.
            name = c['name'] or '(case %d, never reported)' % i
            rows.append((group + ':' + path, name, status(c), detail(c)))
        for s in g.get('sub_groups', []):
            walk(s, (path + '.' if path else '') + s['name'])

    for s in data.get('sub_groups', []):
        walk(s, s['name'])
    for c in data.get('test_cases', []):
        rows.append((group, c['name'], status(c), detail(c)))
    return rows


def main(argv):
    src, out, rc = argv[1], argv[2], int(argv[3])
    log = argv[4] if len(argv) > 4 else None
    try:
        data = json.load(open(src))
    except (OSError, ValueError):
        data = {}
    group = os.environ.get('KUNIT_GROUP', 'kunit')
    rows = rows_of(data, failure_details(log), group)
    with open(out, 'w') as f:
        for r in rows:
            f.write('\t'.join(r) + '\n')
        if rc and not any(r[2] == 'FAIL' for r in rows):
            error = first_compile_error(log)
            if error:
                f.write(group + '\t(kunit.py)\tFAIL\tbuild failed: %s\n' % error)
            else:
                f.write(group + '\t(kunit.py)\tFAIL\t%s exited %d with no failed case '
                        '(build error, boot failure or timeout; see its log)\n'
                        % (os.environ.get('KUNIT_RC_WHAT', 'kunit.py'), rc))
        if not rc and not rows:
            f.write(group + '\t(kunit.py)\tFAIL\tno KUnit case ran\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
