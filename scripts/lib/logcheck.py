#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Scan a kernel log for reports that fail a test run.

Usage: logcheck.py LOG [NAME] [--kcsan-funcs FILE]

Any BUG, WARNING, lockdep, KASAN/UBSAN/KCSAN report, oops, panic, list
corruption, hung task or stall fails the log, whatever the tests printed.

A test that must provoke one warning brackets it:
    HMM-EXPECT-WARN-BEGIN <where>
    ... exactly one "WARNING: ... at <where>..." report ...
    HMM-EXPECT-WARN-END
Inside a bracket, one WARNING whose location contains <where> (and its
call trace) is expected; any other report still fails, and so does a
bracket in which the warning did not fire.

A test that makes the OOM killer act brackets it the same way:
    HMM-EXPECT-OOM-BEGIN
    ... "<task> invoked oom-killer: ..." reports ...
    HMM-EXPECT-OOM-END
Inside, each OOM report (from "invoked oom-killer" to the "Killed
process" line that ends it) may have its call trace; any other report,
also one printed in the middle of the OOM report, still fails, and so
does a bracket left open.
With --kcsan-funcs, a KCSAN data-race report fails the log only if one
of its two racing accesses is in a function listed in FILE (one name per
line: the series' own code), as its title "data-race in A / B" names
them; a race inside core code that the series' code merely called is
printed as a note, and does not fail.

Prints one line per problem and exits 1 if there is any.
"""
import re
import sys

REPORT = re.compile(
    r'(BUG: |WARNING: |INFO: |Oops|general protection fault|Kernel panic'
    r'|KASAN|UBSAN|KCSAN|kernel BUG at|possible circular locking'
    r'|inconsistent lock state|possible recursive locking|lock held when returning'
    r'|suspicious RCU usage|list_add corruption|list_del corruption'
    r'|DEBUG_LOCKS_WARN_ON|soft lockup|hard LOCKUP|blocked for more than'
    r'|rcu_sched self-detected stall|detected stalls|Call Trace:'
    r'|unreferenced object|Unable to handle kernel)')
TS = re.compile(r'^\[\s*\d+\.\d+\]\s*')
BEGIN = re.compile(r'HMM-EXPECT-WARN-BEGIN (\S+)')
END = 'HMM-EXPECT-WARN-END'
OOM_BEGIN = 'HMM-EXPECT-OOM-BEGIN'
OOM_END = 'HMM-EXPECT-OOM-END'
OOM_START = re.compile(r'invoked oom-killer: ')
OOM_STOP = re.compile(r'(Memory cgroup out of memory|Out of memory): Killed process ')
ANSI = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')
KCSAN_START = 'BUG: KCSAN: '
KCSAN_TITLE = re.compile(r'BUG: KCSAN: [a-z-]+ in (.+?)(?: / (.+))?$')
# Compiler clones (foo.constprop.0, foo.isra.0, ...) and a module tag.
CLONE = re.compile(r'(\.(constprop|isra|part|cold|llvm)(\.\d+)?)+$')


def func_name(sym):
    """foo for "foo+0x1/0x2 [mod]", "foo.constprop.0" and the like."""
    sym = re.sub(r'\s*\[.*?\]', '', sym).strip().split('+')[0]
    return CLONE.sub('', sym)


def kcsan_reports(lines, funcs):
    """Split out KCSAN reports: (line numbers to skip, problems, notes)."""
    skip, problems, notes = set(), [], []
    i = 0
    while i < len(lines):
        if KCSAN_START not in lines[i]:
            i += 1
            continue
        start = i
        m = KCSAN_TITLE.search(lines[i])
        racers = [func_name(f) for f in (m.groups() if m else ()) if f]
        ours = set(f for f in racers if f in funcs)
        i += 1
        # The report ends at the "=====" rule KCSAN prints after it (a few
        # dozen lines; a cut-off report must not swallow the rest).
        end = min(len(lines), i + 200)
        while i < end and not lines[i].lstrip('[ 0-9.]').startswith('====='):
            i += 1
        skip.update(range(start, i + 1))
        head = lines[start][lines[start].index(KCSAN_START):][:200]
        if ours:
            problems.append((start + 1, '%s (series code: %s)' % (head, ' '.join(sorted(ours)))))
        else:
            notes.append((start + 1, head))
    return skip, problems, notes


def main():
    args = sys.argv[1:]
    funcs = None
    if '--kcsan-funcs' in args:
        i = args.index('--kcsan-funcs')
        funcs = set(func_name(f) for f in open(args[i + 1]).read().split())
        del args[i:i + 2]
    path = args[0]
    name = args[1] if len(args) > 1 else path
    problems = []
    expect = None       # location we expect one warning from
    seen = 0            # warnings seen inside the bracket
    in_expected = False  # inside the expected warning's trace
    oom_ok = False      # inside an OOM bracket
    in_oom = False      # inside an expected OOM report
    oom_line = 0        # where the OOM bracket opened
    with open(path, errors='replace') as f:
        lines = f.read().splitlines()
    skip = set()
    if funcs is not None:
        skip, races, notes = kcsan_reports(lines, funcs)
        problems += ['%s:%d: %s' % (name, no, text) for no, text in races]
        for no, text in notes:
            print('%s:%d: note, not in the series\' code: %s' % (name, no, text))
    for no, raw in enumerate(lines, 1):
        if no - 1 in skip:
            continue
        line = TS.sub('', ANSI.sub('', raw)).strip()
        if OOM_BEGIN in line:
            oom_ok, oom_line = True, no
            continue
        if OOM_END in line:
            oom_ok = in_oom = False
            continue
        if in_oom:
            # Its own call trace is expected, nothing else.
            if OOM_STOP.search(line):
                in_oom = False
            elif line.startswith('Call Trace:'):
                continue
        if oom_ok and OOM_START.search(line):
            in_oom = True
            continue
        m = BEGIN.search(line)
        if m:
            expect, seen, in_expected = m.group(1), 0, False
            continue
        if END in line:
            if expect is not None and seen != 1:
                problems.append('%s:%d: expected one warning at %s, saw %d'
                                % (name, no, expect, seen))
            expect, in_expected = None, False
            continue
        if in_expected:
            if line.startswith('---[ end trace'):
                in_expected = False
            continue
        if expect is not None and line.startswith('WARNING: ') and expect in line:
            seen += 1
            if seen == 1:
                in_expected = True
                continue
        if line.startswith('------------[ cut here ]'):
            continue
        if REPORT.search(line):
            problems.append('%s:%d: %s' % (name, no, line[:200]))
    if expect is not None:
        problems.append('%s: unterminated HMM-EXPECT-WARN bracket for %s'
                        % (name, expect))
    if oom_ok:
        problems.append('%s:%d: unterminated HMM-EXPECT-OOM bracket' % (name, oom_line))
    # One report produces many matching lines: show the first few.
    for p in problems[:20]:
        print(p)
    if len(problems) > 20:
        print('%s: ... %d more' % (name, len(problems) - 20))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
