#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest's selftest output into per-case results.

Usage: tap.py TAP_FILE OUT_TSV PREFIX [--expect NAME,...] [--commands NAME,...]
              [--passes NAME=N]...

The guest writes "### RUN <name>", the kselftest harness output of that
run, and "### END <name> rc=<n>".  Each case becomes a line
"<PREFIX>:<name>\t<case>\tPASS|FAIL|SKIP\t<detail>".  A run that holds
several kselftest outputs (test_hmm.sh runs hmm-tests twice) reports each
as "<PREFIX>:<name>/<n>".  A run that reports fewer cases than its plans
("1..N") add up to, exits non-zero without a failed case, or never ends
gives a FAIL line of its own.  A run named in --commands is a plain
command: it gets a "(run)" line with its exit status and its last line
of output.  A run named in --expect that never started fails.  Any other
run must
report a plan (a script that ran no test fails), and one named in
--passes NAME=N exactly N kselftest outputs.
"""
import re
import sys

RESULT = re.compile(r'^(not )?ok (\d+) (\S+)(?:\s+#\s*(\S+)\s*(.*))?$')
PLAN = re.compile(r'^1\.\.(\d+)$')


def main():
    tap, out, prefix = sys.argv[1:4]
    commands, want_passes, expect = set(), {}, []
    opts = sys.argv[4:]
    while opts:
        o = opts.pop(0)
        if o == '--commands':
            commands.update(n for n in opts.pop(0).split(',') if n)
        elif o == '--expect':
            expect = [n for n in opts.pop(0).split(',') if n]
        elif o == '--passes':
            n, count = opts.pop(0).split('=')
            want_passes[n] = int(count)
        else:
            sys.exit('tap.py: unknown option %s' % o)
    try:
        lines = open(tap, errors='replace').read().splitlines()
    except FileNotFoundError:
        lines = []
    rows = []
    run = None
    plan = cases = failed = passes = first = 0
    done = False
    started = set()
    last = ''

    def group():
        name = '%s:%s' % (prefix, run)
        return name if passes <= 1 else '%s/%d' % (name, passes)

    def close(rc_text):
        nonlocal run
        if run is None:
            return
        name = '%s:%s' % (prefix, run)
        if passes > 1:
            for i in range(first, len(rows)):
                if rows[i][0] == name:
                    rows[i] = (name + '/1',) + rows[i][1:]
        if run in commands:
            rows.append((name, '(run)', 'PASS' if rc_text == 'rc=0' else 'FAIL',
                         'exit status %s%s' % (rc_text, (': ' + last) if last else '')))
        elif not plan:
            rows.append((name, '(run)', 'FAIL', 'no test ran (%s)' % rc_text))
        elif plan and cases < plan:
            rows.append((name, '(run)', 'FAIL',
                         'only %d of %d cases reported (%s)' % (cases, plan, rc_text)))
        elif run in want_passes and passes != want_passes[run]:
            rows.append((name, '(run)', 'FAIL', '%d kselftest run(s), expected %d (%s)'
                         % (passes, want_passes[run], rc_text)))
        elif rc_text != 'rc=0' and not failed:
            rows.append((name, '(run)', 'FAIL', 'exit status %s' % rc_text))
        run = None

    for line in lines:
        line = line.rstrip('\r')
        if line.startswith('### RUN '):
            close('did not end')
            run, plan, cases, failed = line.split()[2], 0, 0, 0
            passes, first, last = 0, len(rows), ''
            started.add(run)
            continue
        if line.startswith('### END '):
            close(line.split()[-1])
            continue
        if line.startswith('### DONE'):
            done = True
            continue
        if run is None:
            continue
        if line.strip():
            last = line.strip()
        m = PLAN.match(line)
        if m:
            plan += int(m.group(1))
            passes += 1
            continue
        m = RESULT.match(line)
        if m:
            cases += 1
            directive = (m.group(4) or '').upper()
            if directive == 'SKIP':
                res, detail = 'SKIP', m.group(5) or ''
            elif m.group(1):
                res, detail = 'FAIL', ''
                failed += 1
            else:
                res, detail = 'PASS', ''
            rows.append((group(), m.group(3), res, detail))
    close('did not end (guest crashed, hung or timed out)')
    for n in dict.fromkeys(expect):
        if n not in started:
            rows.append(('%s:%s' % (prefix, n), '(run)', 'FAIL', 'never started'))
    if not done:
        rows.append(('%s' % prefix, '(guest)', 'FAIL',
                     'guest did not finish all runs (panic, hang or timeout)'))
    with open(out, 'w') as f:
        for r in rows:
            f.write('\t'.join(r) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
