#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The harness's own tests: parsers against recorded logs, the stage
wrapper, and make test end to end on a fake kernel tree.

Usage: tests/run.py [--tsv OUT_TSV] [--log LOG] [-k PATTERN]

Recorded logs and results are in tests/data/ (see tests/data/README).
Runs in seconds and needs no kernel tree, so make test runs it first.
Writes one "harness\\t<test>\\tPASS|FAIL\\t<detail>" line per test to
OUT_TSV and exits 1 if any failed.
"""
import argparse
import glob
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

TESTS = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(TESTS)
DATA = os.path.join(TESTS, 'data')
LIB = os.path.join(TOP, 'scripts', 'lib')
sys.path.insert(0, LIB)

import bench  # noqa: E402
import checkpatch_tsv  # noqa: E402
import cover  # noqa: E402
import docexample  # noqa: E402
import kunit_tsv  # noqa: E402
import parity  # noqa: E402

SUMMARY = re.compile(r'^\d+ passed, \d+ failed(, \d+ skipped)?$')


def data(name):
    return os.path.join(DATA, name)


def run(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kw)


def read_tsv(path):
    with open(path) as f:
        return [l.rstrip('\n').split('\t') for l in f if l.strip()]


class Tmp(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='hmm-harness-')

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)


class LogCheck(Tmp):
    """scripts/lib/logcheck.py: which kernel logs fail a run."""

    def check(self, text_or_file):
        path = text_or_file
        if not os.path.exists(path):
            path = self.path('log')
            with open(path, 'w') as f:
                f.write(text_or_file)
        return run([sys.executable, os.path.join(LIB, 'logcheck.py'), path])

    def test_clean_log_with_expected_warnings_passes(self):
        r = self.check(data('boot-clean-expected-warns.log'))
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_lockdep_report_fails(self):
        r = self.check(data('boot-lockdep-circular.log'))
        self.assertEqual(r.returncode, 1)
        self.assertIn('possible circular locking dependency', r.stdout)

    def test_unexpected_warning_fails(self):
        r = self.check(data('boot-refcount-warn.log'))
        self.assertEqual(r.returncode, 1)
        self.assertIn('refcount', r.stdout)

    def test_kasan_report_fails(self):
        r = self.check(data('boot-kasan.log'))
        self.assertEqual(r.returncode, 1)
        self.assertIn('KASAN', r.stdout)

    def test_kmemleak_report_fails(self):
        # test_hmm's unload leak, as the guest's kmemleak scan printed it.
        r = self.check(data('boot-kmemleak.log'))
        self.assertEqual(r.returncode, 1)
        self.assertIn('unreferenced object', r.stdout)

    def test_expected_warning_missing_fails(self):
        text = ('HMM-EXPECT-WARN-BEGIN mm/hmm.c\n'
                'nothing happened\n'
                'HMM-EXPECT-WARN-END\n')
        r = self.check(text)
        self.assertEqual(r.returncode, 1)
        self.assertIn('expected one warning at mm/hmm.c, saw 0', r.stdout)

    def test_second_warning_in_bracket_fails(self):
        lines = open(data('boot-clean-expected-warns.log')).read().splitlines()
        begin = next(i for i, l in enumerate(lines) if 'HMM-EXPECT-WARN-BEGIN' in l)
        end = next(i for i, l in enumerate(lines) if 'HMM-EXPECT-WARN-END' in l and i > begin)
        twice = lines[:end] + lines[begin + 1:end] + lines[end:]
        r = self.check('\n'.join(twice) + '\n')
        self.assertEqual(r.returncode, 1, r.stdout)

    def test_expected_oom_report_passes(self):
        # The oom_reaper selftest's OOM kill, as the guest logged it.
        r = self.check(data('boot-oom.log'))
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_oom_report_outside_bracket_fails(self):
        text = open(data('boot-oom.log')).read()
        text = text.replace('HMM-EXPECT-OOM-BEGIN', 'x').replace('HMM-EXPECT-OOM-END', 'y')
        r = self.check(text)
        self.assertEqual(r.returncode, 1)
        self.assertIn('Call Trace', r.stdout)

    def test_other_report_in_oom_bracket_fails(self):
        text = open(data('boot-oom.log')).read()
        end = text.index('HMM-EXPECT-OOM-END')
        text = text[:end] + 'BUG: KASAN: use-after-free in x\n' + text[end:]
        r = self.check(text)
        self.assertEqual(r.returncode, 1)
        self.assertIn('KASAN', r.stdout)

    def test_unterminated_oom_bracket_fails(self):
        text = open(data('boot-oom.log')).read().replace('HMM-EXPECT-OOM-END', 'x')
        r = self.check(text)
        self.assertEqual(r.returncode, 1)
        self.assertIn('unterminated HMM-EXPECT-OOM', r.stdout)

    def kcsan(self, funcs):
        log, names = self.path('log'), self.path('funcs')
        with open(log, 'w') as f:
            f.write('=' * 66 + '\n'
                    '[   10.5] BUG: KCSAN: data-race in hmm_invalidate / other_fn\n\n'
                    'write to 0xffff888003 of 8 bytes by task 1 on cpu 0:\n'
                    ' hmm_invalidate+0x10/0x20\n\n'
                    'read to 0xffff888003 of 8 bytes by task 2 on cpu 1:\n'
                    ' other_fn+0x1/0x2 [test_hmm]\n' + '=' * 66 + '\n'
                    '[   11.0] BUG: KCSAN: data-race in a_fn / b_fn\n a_fn+0x1/0x2\n'
                    + '=' * 66 + '\n')
        with open(names, 'w') as f:
            f.write('\n'.join(funcs) + '\n')
        return run([sys.executable, os.path.join(LIB, 'logcheck.py'), log, 'k',
                    '--kcsan-funcs', names])

    def test_kcsan_report_in_series_code_fails(self):
        r = self.kcsan(['hmm_invalidate', 'dmirror_fault'])
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn('series code: hmm_invalidate', r.stdout)
        self.assertIn('note, not in', r.stdout)

    def test_kcsan_race_in_core_code_called_from_series_is_a_note(self):
        # A core race reached through a test's usleep(): the racing accesses
        # are in the hrtimer code, the series' functions only call it.
        log, names = self.path('log'), self.path('funcs')
        with open(log, 'w') as f:
            f.write('BUG: KCSAN: data-race in hrtimer_wakeup / schedule_hrtimeout_range_clock\n'
                    ' schedule_hrtimeout_range_clock+0xdd/0x151\n test_sleep+0x4d/0x55\n'
                    ' hmm_mirror_unregister_exit_race+0x479/0x989\n' + '=' * 66 + '\n')
        with open(names, 'w') as f:
            f.write('test_sleep\nhmm_mirror_unregister_exit_race\n')
        r = run([sys.executable, os.path.join(LIB, 'logcheck.py'), log, 'k',
                 '--kcsan-funcs', names])
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn('note, not in', r.stdout)

    def test_kcsan_report_elsewhere_is_a_note(self):
        r = self.kcsan(['dmirror_fault'])
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(r.stdout.count('note, not in'), 2, r.stdout)

    def test_unterminated_bracket_fails(self):
        r = self.check('HMM-EXPECT-WARN-BEGIN mm/hmm.c\n')
        self.assertEqual(r.returncode, 1)
        self.assertIn('unterminated', r.stdout)


class Tap(Tmp):
    """scripts/lib/tap.py: the guest's selftest output to result lines."""

    # As scripts/stages/selftests.sh calls it.
    GUEST = ('--commands', 'load-test_hmm,unload-test_hmm,test_hmm-unloaded,kmemleak,soak',
             '--passes', 'test_hmm.sh=2', '--expect',
             'test_hmm.sh,test_hmm-unloaded,kmemleak')

    def rows(self, tap, *opts):
        out = self.path('out.tsv')
        r = run([sys.executable, os.path.join(LIB, 'tap.py'), tap, out, 'x86'] + list(opts))
        self.assertEqual(r.returncode, 0, r.stdout)
        return read_tsv(out)

    def test_full_run(self):
        rows = self.rows(data('selftests-full.tap'), *self.GUEST)
        by = {}
        for g, _, s, *_ in rows:
            by.setdefault(g, []).append(s)
        # test_hmm.sh: the whole suite (58 upstream cases on the interval
        # backend, 17 of the registry's), then the upstream cases on the mirror.
        self.assertEqual(by['x86:test_hmm.sh/1'].count('PASS'), 75)
        self.assertEqual(by['x86:test_hmm.sh/2'].count('PASS'), 58)
        self.assertEqual(by['x86:kmemleak'], ['PASS'])
        self.assertEqual(by['x86:test_hmm-unloaded'], ['PASS'])
        self.assertNotIn('FAIL', [r[2] for r in rows])

    def test_truncated_run_fails(self):
        rows = self.rows(data('selftests-truncated.tap'))
        fails = [r for r in rows if r[2] == 'FAIL']
        self.assertTrue(any(r[1] == '(guest)' for r in fails), fails)
        self.assertTrue(any(r[1] == '(run)' and 'did not end' in r[3] for r in fails), fails)

    def test_failed_case_is_named(self):
        text = open(data('selftests-full.tap')).read()
        text = re.sub(r'^ok (\d+) hmm\.hmm_device_private\.anon_read$',
                      r'not ok \1 hmm.hmm_device_private.anon_read', text, count=1, flags=re.M)
        path = self.path('fail.tap')
        with open(path, 'w') as f:
            f.write(text)
        rows = self.rows(path, *self.GUEST)
        fails = [r for r in rows if r[2] == 'FAIL']
        self.assertEqual([r[1] for r in fails], ['hmm.hmm_device_private.anon_read'])


    def write(self, text):
        path = self.path('run.tap')
        with open(path, 'w') as f:
            f.write(text)
        return path

    def test_two_passes_in_one_run_are_told_apart(self):
        # test_hmm.sh runs hmm-tests twice inside one guest run.
        rows = self.rows(self.write(
            '### RUN test_hmm.sh\n1..2\nok 1 a.x\nok 2 a.y\n'
            '1..1\nnot ok 1 a.x\n### END test_hmm.sh rc=1\n### DONE\n'))
        self.assertEqual([(r[0], r[1], r[2]) for r in rows],
                         [('x86:test_hmm.sh/1', 'a.x', 'PASS'),
                          ('x86:test_hmm.sh/1', 'a.y', 'PASS'),
                          ('x86:test_hmm.sh/2', 'a.x', 'FAIL')])

    def test_second_pass_cut_short_fails(self):
        rows = self.rows(self.write(
            '### RUN test_hmm.sh\n1..1\nok 1 a.x\n1..2\nok 1 a.x\n'
            '### END test_hmm.sh rc=0\n### DONE\n'))
        fails = [r for r in rows if r[2] == 'FAIL']
        self.assertEqual(len(fails), 1, rows)
        self.assertIn('only 2 of 3', fails[0][3])

    def test_plain_command_reports_its_exit_status(self):
        rows = self.rows(self.write(
            '### RUN load\n### END load rc=0\n### RUN unload\n'
            '### END unload rc=1\n### DONE\n'), '--commands', 'load,unload')
        self.assertEqual([(r[0], r[2]) for r in rows],
                         [('x86:load', 'PASS'), ('x86:unload', 'FAIL')])

    def test_run_that_never_started_fails(self):
        # A command that ate the guest's list of runs, say.
        rows = self.rows(self.write('### RUN a\n### END a rc=0\n### DONE\n'),
                         '--commands', 'a', '--expect', 'a,b')
        self.assertEqual([(r[0], r[2], r[3]) for r in rows],
                         [('x86:a', 'PASS', 'exit status rc=0'),
                          ('x86:b', 'FAIL', 'never started')])

    def test_command_failure_says_why(self):
        rows = self.rows(self.write('### RUN kmemleak\nkmemleak: leaks reported (console log)\n'
                                    '### END kmemleak rc=1\n### DONE\n'), '--commands', 'kmemleak')
        self.assertEqual(rows[0][2], 'FAIL')
        self.assertIn('leaks reported', rows[0][3])

    def test_script_that_ran_no_test_fails(self):
        # test_hmm.sh exits 0 from its usage message.
        rows = self.rows(self.write(
            '### RUN test_hmm.sh\nUsage: ./test_hmm.sh\n### END test_hmm.sh rc=0\n### DONE\n'))
        self.assertEqual([(r[0], r[1], r[2]) for r in rows],
                         [('x86:test_hmm.sh', '(run)', 'FAIL')])

    def test_missing_second_pass_fails(self):
        # The mirror pass did not run (use_mirror not writable).
        rows = self.rows(self.write(
            '### RUN test_hmm.sh\n1..1\nok 1 a.x\n### END test_hmm.sh rc=0\n### DONE\n'),
            '--passes', 'test_hmm.sh=2')
        fails = [r for r in rows if r[2] == 'FAIL']
        self.assertEqual(len(fails), 1, rows)
        self.assertIn('expected 2', fails[0][3])


class DocExample(Tmp):
    """scripts/lib/docexample.py: hmm.rst's driver example as a module."""

    RST = ('Text\n\n.. The harness compiles the code block below against the series.\n'
           '\n.. code-block:: c\n\n\tstatic int a;\n\n\tstruct b {\n\t\tint c;\n\t};\n'
           '\nNext paragraph\n\n.. code-block:: c\n\n\tnot this one\n')

    def make(self, rst):
        path = self.path('hmm.rst')
        with open(path, 'w') as f:
            f.write(rst)
        return run([sys.executable, os.path.join(LIB, 'docexample.py'), path, self.tmp])

    def test_block_after_marker_is_extracted_verbatim(self):
        r = self.make(self.RST)
        self.assertEqual(r.returncode, 0, r.stdout)
        src = open(self.path('mydev_example.c')).read()
        self.assertIn('static int a;\n\nstruct b {\n\tint c;\n};\n', src)
        self.assertNotIn('not this one', src)
        self.assertIn('MODULE_LICENSE("GPL")', src)
        self.assertEqual(open(self.path('Kbuild')).read(), 'obj-m += mydev_example.o\n')

    def test_missing_marker_fails(self):
        r = self.make(self.RST.replace('The harness compiles', 'Someone compiles'))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('no ".. The harness compiles', r.stdout)

    def test_real_hmm_rst_has_the_example(self):
        # The series' own hmm.rst, when a tree is unpacked.
        rst = os.path.join(TOP, 'build', 'linux', 'Documentation', 'mm', 'hmm.rst')
        if not os.path.exists(rst) or 'hmm_mirror_register' not in open(rst).read():
            self.skipTest('no build/linux with the series')
        code = docexample.extract(open(rst).read())
        for f in ('hmm_mirror_register', 'hmm_mirror_unregister',
                  'hmm_mirror_read_begin', 'hmm_mirror_read_retry', 'mmput_async'):
            self.assertIn(f, code)


class KunitTsv(Tmp):
    """scripts/lib/kunit_tsv.py: kunit.py's JSON to result lines."""

    def rows(self, js, rc=0, log=None):
        out = self.path('k.tsv')
        kunit_tsv.main(['', js, out, str(rc)] + ([log] if log else []))
        return read_tsv(out)

    def test_all_pass(self):
        rows = self.rows(data('kunit-pass.json'))
        self.assertEqual(len(rows), 29)
        self.assertEqual({r[2] for r in rows}, {'PASS'})

    def test_failed_case_names_expectation(self):
        rows = self.rows(data('kunit-fail.json'), 1, data('kunitpy-fail.log'))
        fails = [r for r in rows if r[2] == 'FAIL']
        self.assertEqual([r[1] for r in fails], ['hmm_mirror_nonblock_error'])
        self.assertIn('EXPECTATION FAILED at mm/tests/hmm_mirror_kunit.c', fails[0][3])

    def test_crash_fails_every_unreported_case(self):
        rows = self.rows(data('kunit-crash.json'), 1, data('kunitpy-crash.log'))
        crashed = [r for r in rows if 'crashed' in r[3]]
        self.assertEqual(len(crashed), 26)
        self.assertTrue(all(r[2] == 'FAIL' for r in crashed))

    def test_kunitpy_failure_without_cases(self):
        rows = self.rows(self.path('missing.json'), 2)
        self.assertEqual(rows[0][1:3], ['(kunit.py)', 'FAIL'])

    def test_build_error_is_named(self):
        log = self.path('kunit.log')
        with open(log, 'w') as f:
            f.write('[01:02:03] Building KUnit Kernel ...\n'
                    '../../linux/mm/tests/hmm_mirror_kunit.c:1606:20: error: '
                    "'hmm_mirror_x' undeclared here (not in a function)\n"
                    'make[3]: *** [scripts/Makefile.build:229] Error 1\n')
        rows = self.rows(self.path('missing.json'), 1, log)
        self.assertEqual(rows[0][2], 'FAIL')
        self.assertIn("build failed: mm/tests/hmm_mirror_kunit.c:1606:20: error: 'hmm_mirror_x'", rows[0][3])

    def test_no_case_ran(self):
        empty = self.path('empty.json')
        with open(empty, 'w') as f:
            json.dump({'name': 'main', 'sub_groups': [], 'test_cases': []}, f)
        rows = self.rows(empty, 0)
        self.assertEqual(rows[0][2:], ['FAIL', 'no KUnit case ran'])


    def test_x86_guest_group_and_unnamed_crash(self):
        # kunit.py parse of a guest log cut off in the third case: that
        # case has no name.  The exit status is QEMU's (124: timeout).
        js = self.path('x86.json')
        with open(js, 'w') as f:
            json.dump({'name': 'main', 'test_cases': [], 'sub_groups': [
                {'name': 'hmm_mirror', 'sub_groups': [], 'test_cases': [
                    {'name': 'a', 'status': 'PASS'}, {'name': 'b', 'status': 'PASS'},
                    {'name': '', 'status': 'ERROR'}]}]}, f)
        os.environ['KUNIT_GROUP'] = 'kunit-x86'
        os.environ['KUNIT_RC_WHAT'] = 'QEMU (124: timeout)'
        try:
            rows = self.rows(js, 124)
            empty = self.rows(self.path('missing.json'), 124)
        finally:
            del os.environ['KUNIT_GROUP'], os.environ['KUNIT_RC_WHAT']
        self.assertEqual(rows[2][:3], ['kunit-x86:hmm_mirror',
                                       '(case 3, never reported)', 'FAIL'])
        self.assertIn('QEMU (124: timeout) exited 124', empty[0][3])


class Checkpatch(unittest.TestCase):
    """scripts/lib/checkpatch_tsv.py: judging checkpatch.pl output."""

    def judge(self, name):
        return checkpatch_tsv.judge(open(data(name)).read())

    def test_clean(self):
        text = open(data('checkpatch-clean.log')).read().split('### ')[1]
        self.assertEqual(checkpatch_tsv.judge(text), ('PASS', ''))

    def test_finding_is_named(self):
        status, detail = self.judge('checkpatch-findings.log')
        self.assertEqual(status, 'FAIL')
        self.assertIn('1 errors', detail)
        self.assertIn('ERROR: trailing whitespace', detail)

    def test_crashed_helper(self):
        self.assertEqual(self.judge('checkpatch-traceback.log')[0], 'FAIL')
        self.assertIn('crashed', self.judge('checkpatch-traceback.log')[1])

    def test_no_total(self):
        self.assertEqual(checkpatch_tsv.judge('Can\'t open patch\n'),
                         ('FAIL', 'checkpatch printed no total'))


class CommitRefs(unittest.TestCase):
    """checkpatch_tsv.check_refs(): the upstream commits a changelog names
    must be the ones configs/upstream-commits lists, subject and all."""

    KNOWN = {'b2ef9f5a5cb3': 'mm/hmm/test: add selftest driver for HMM'}

    def patch(self, log):
        return ('From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] lib/test_hmm: x\n\n%s\n'
                '---\n lib/test_hmm.c | 1 +\n' % log)

    def test_listed_reference_passes(self):
        log = ('As b2ef9f5a5cb3 ("mm/hmm/test: add selftest driver\nfor HMM") did.\n\n'
               'Fixes: b2ef9f5a5cb3 ("mm/hmm/test: add selftest driver for HMM")\n')
        self.assertEqual(checkpatch_tsv.check_refs(self.patch(log), self.KNOWN), '')

    def test_unknown_id_fails(self):
        log = 'Fixes: 0123456789ab ("mm/hmm/test: add selftest driver for HMM")\n'
        self.assertIn('unknown upstream commit 0123456789ab',
                      checkpatch_tsv.check_refs(self.patch(log), self.KNOWN))

    def test_other_subject_fails(self):
        log = 'Fixes: b2ef9f5a5cb3 ("mm/hmm/test: add a selftest driver")\n'
        self.assertIn('not "mm/hmm/test: add a selftest driver"',
                      checkpatch_tsv.check_refs(self.patch(log), self.KNOWN))

    def test_real_list_parses(self):
        known = checkpatch_tsv.load_known(os.path.join(TOP, 'configs', 'upstream-commits'))
        self.assertEqual(known['b2ef9f5a5cb3'], self.KNOWN['b2ef9f5a5cb3'])


class Report(Tmp):
    """scripts/lib/report.py: the summary line and the exit status."""

    def report(self, *rows, missing=False):
        path = self.path('r.tsv')
        with open(path, 'w') as f:
            for r in rows:
                f.write('\t'.join(r) + '\n')
        args = [path] + ([self.path('absent.tsv')] if missing else [])
        return run([sys.executable, os.path.join(LIB, 'report.py')] + args)

    def test_all_pass(self):
        r = self.report(('a', 'x', 'PASS', ''), ('a', 'y', 'SKIP', 'why'))
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout.splitlines()[-1], '1 passed, 0 failed, 1 skipped')

    def test_failure_is_listed_and_fails(self):
        r = self.report(('a', 'x', 'PASS', ''), ('b', 'y', 'FAIL', 'the cause'))
        self.assertEqual(r.returncode, 1)
        self.assertIn('the cause', r.stdout)
        self.assertTrue(SUMMARY.match(r.stdout.splitlines()[-1]))

    def test_missing_results_file_fails(self):
        r = self.report(('a', 'x', 'PASS', ''), missing=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn('no results file', r.stdout)


class Parity(unittest.TestCase):
    """scripts/lib/parity.py: both backends, same cases, same results."""

    def test_same(self):
        rows = [('A', 'c1', 'PASS'), ('A', 'c2', 'SKIP'), ('B', 'c1', 'PASS'), ('B', 'c2', 'SKIP')]
        self.assertTrue(parity.parity(rows, 'A', 'B')[0])

    def test_differing_case_is_named(self):
        rows = [('A', 'c1', 'PASS'), ('A', 'c2', 'PASS'), ('B', 'c1', 'PASS'), ('B', 'c2', 'FAIL')]
        ok, detail = parity.parity(rows, 'A', 'B')
        self.assertFalse(ok)
        self.assertIn('differ: c2', detail)

    def test_nothing_ran(self):
        self.assertFalse(parity.parity([], 'A', 'B')[0])

    def test_excluded_cases_left_out(self):
        # test_hmm.sh's first pass also runs the registry's own cases.
        rows = [('A', 'hmm.x', 'PASS'), ('A', 'mirror.y', 'PASS'), ('A', 'badarg.z', 'FAIL'),
                ('B', 'hmm.x', 'PASS')]
        self.assertFalse(parity.parity(rows, 'A', 'B')[0])
        self.assertTrue(parity.parity(rows, 'A', 'B', ('mirror.', 'badarg.'))[0])
        rows.append(('A', 'hmm.w', 'PASS'))
        self.assertFalse(parity.parity(rows, 'A', 'B', ('mirror.', 'badarg.'))[0])


class Bench(Tmp):
    """scripts/lib/bench.py: the benchmark's report and make test's smoke check."""

    def test_smoke_log_passes_check(self):
        tsv = self.path('b.tsv')
        self.assertEqual(0, bench.check([data('bench-smoke.log'), tsv]))
        rows = read_tsv(tsv)
        self.assertEqual(['env', 'fanout', 'collide', 'drain', 'register'], [r[1] for r in rows])
        self.assertEqual({'PASS'}, {r[2] for r in rows})

    def test_missing_benchmark_fails_check(self):
        log = self.path('cut.log')
        with open(data('bench-smoke.log')) as f, open(log, 'w') as g:
            g.writelines(l for l in f if '"bench":"drain"' not in l)
        tsv = self.path('b.tsv')
        bench.check([log, tsv])
        bad = [r for r in read_tsv(tsv) if r[2] == 'FAIL']
        self.assertEqual(['drain'], [r[1] for r in bad])

    def test_no_log_fails_every_benchmark(self):
        tsv = self.path('b.tsv')
        bench.check([self.path('none.log'), tsv])
        self.assertEqual({'FAIL'}, {r[2] for r in read_tsv(tsv)})

    def test_report_has_ratios_targets_and_json(self):
        out = self.path('out')
        r = run([sys.executable, os.path.join(LIB, 'bench.py'), 'report', out,
                 'uml=' + data('bench-smoke.log'), '--config', 'uml=test'])
        self.assertEqual(0, r.returncode, r.stdout)
        self.assertIn('| 4 | 64.0 | 1664 (p99 1728) | 832 | 1280 | 2.00x | 1.30x | 26.00x |', r.stdout)
        self.assertIn('fan-out N=4: registry <= 1.0x raw mmu_notifier | 2.00x | **MISSED**', r.stdout)
        with open(os.path.join(out, 'results.json')) as f:
            doc = json.load(f)
        self.assertEqual('test', doc['environments']['uml']['config'])
        self.assertEqual(19, len(doc['results']))
        self.assertTrue(any(t.get('met') is False for t in doc['targets']))


class Cover(unittest.TestCase):
    """scripts/lib/cover.py: make export keeps the cover letter's text."""

    def test_round_trip(self):
        old = ('Subject: [PATCH 0/2] mm/hmm: a thing\n\nWhy and how.\n\nMore.\n\n'
               'A Developer (2):\n  one\n  two\n')
        new = 'Subject: [PATCH 0/3] *** SUBJECT HERE ***\n\n*** BLURB HERE ***\n\nB (3):\n'
        subject, blurb = cover.subject_and_blurb(old)
        out = cover.fill(new, subject, blurb)
        self.assertEqual(out, 'Subject: [PATCH 0/3] mm/hmm: a thing\n\nWhy and how.\n\nMore.\n\nB (3):\n')


def sh(script, env=None, cwd=None):
    """Run bash code with lib.sh sourced from the real harness."""
    full = '. "%s/lib.sh"\n%s' % (LIB, script)
    e = dict(os.environ, **(env or {}))
    return run(['bash', '-c', full], env=e, cwd=cwd)


class RunStage(Tmp):
    """lib.sh run_stage: a crashing stage never aborts the run."""

    def test_crash_without_rows_gets_a_fail_row(self):
        r = sh('run_stage demo bash -c "exit 3"; echo after', {'BUILD': self.tmp})
        self.assertIn('after', r.stdout)
        rows = read_tsv(os.path.join(self.tmp, 'results', 'demo.tsv'))
        self.assertEqual(rows[0][1:3], ['(stage)', 'FAIL'])
        self.assertIn('exit status 3', rows[0][3])

    def test_stage_own_failure_is_kept_alone(self):
        r = sh('run_stage demo bash -c "printf \'demo\\tx\\tFAIL\\tmine\\n\' >>$RESULTS/demo.tsv; exit 1"',
               {'BUILD': self.tmp})
        self.assertEqual(r.returncode, 0, r.stdout)
        rows = read_tsv(os.path.join(self.tmp, 'results', 'demo.tsv'))
        self.assertEqual(rows, [['demo', 'x', 'FAIL', 'mine']])

    def test_passing_stage_adds_nothing(self):
        sh('run_stage demo true', {'BUILD': self.tmp})
        self.assertFalse(os.path.exists(os.path.join(self.tmp, 'results', 'demo.tsv')))

    def test_die_message_is_the_cause(self):
        sh('run_stage demo bash -c \'. "%s/lib.sh"; die "no base tree here"\'' % LIB,
           {'BUILD': self.tmp})
        rows = read_tsv(os.path.join(self.tmp, 'results', 'demo.tsv'))
        self.assertEqual(rows[0][3], 'no base tree here')


class Pipeline(Tmp):
    """pipeline.sh: a results file that two stages write is counted once."""

    def test_shared_results_file_counted_once(self):
        r = sh('. "%s/pipeline.sh"; row bootlog x86 PASS; row bootlog um PASS; '
               'add bootlog; add bootlog; finish' % LIB, {'BUILD': self.tmp})
        self.assertEqual(r.stdout.splitlines()[-1], '2 passed, 0 failed', r.stdout)


class QemuAccel(Tmp):
    """lib.sh qemu_accel: KVM only when a guest really boots under it."""

    def accel(self, qemu_says, dev=True):
        bindir = self.path('bin')
        os.makedirs(bindir, exist_ok=True)
        fake = os.path.join(bindir, 'qemu-system-x86_64')
        with open(fake, 'w') as f:
            f.write('#!/bin/sh\necho "%s"\n' % qemu_says)
        os.chmod(fake, 0o755)
        kvm = self.path('kvm')
        if dev:
            open(kvm, 'w').close()
        env = {'BUILD': self.path('build'), 'KVM_DEV': kvm, 'QEMU_ACCEL': '',
               'PATH': bindir + os.pathsep + os.environ['PATH']}
        return sh('qemu_accel /nonexistent/bzImage', env).stdout.strip().split('\t')

    def test_guest_boots(self):
        self.assertEqual(self.accel('HMM-KVM-PROBE-OK')[0], 'kvm')

    def test_guest_does_not_boot(self):
        self.assertEqual(self.accel('error: failed to set MSR'),
                         ['tcg', '%s cannot run this guest' % self.path('kvm')])

    def test_no_kvm_device(self):
        self.assertEqual(self.accel('HMM-KVM-PROBE-OK', dev=False)[0], 'tcg')

    def test_override(self):
        r = sh('qemu_accel x', {'BUILD': self.tmp, 'QEMU_ACCEL': 'kvm'})
        self.assertEqual(r.stdout.split('\t')[0], 'kvm')


FAKE_MAKEFILE = '''VERSION = 6
PATCHLEVEL = 12
SUBLEVEL = 117
EXTRAVERSION =
kernelversion:
\t@echo 6.12.117
tinyconfig olddefconfig headers_install prepare:
\t@mkdir -p $(O) && touch $(O)/.config
bzImage vmlinux all:
\t@echo "mm/hmm.c:12:3: error: expected ';' before 'return'" >&2; exit 2
mm/broken.o:
\t@echo "mm/broken.c:1:1: error: broken" >&2; exit 2
%.o:
\t@mkdir -p $(dir $(O)/$@) && touch $(O)/$@
\t@echo "$(@:.o=.c):3:1: warning: demo [-Wdemo]" >&2
'''


class FakeTree(Tmp):
    """A project copy and a fake kernel tree to run the harness on."""

    def make_tarball(self, name, sublevel, hmm_c):
        """A fake Debian linux-source-6.12 tarball of Linux 6.12.SUBLEVEL
        whose mm/hmm.c holds HMM_C."""
        src = self.path(name + '/linux-source-6.12')
        os.makedirs(os.path.join(src, 'mm'))
        os.makedirs(os.path.join(src, 'scripts', 'kconfig'))
        with open(os.path.join(src, 'Makefile'), 'w') as f:
            f.write(FAKE_MAKEFILE.replace('117', str(sublevel)))
        with open(os.path.join(src, '.gitignore'), 'w') as f:
            f.write('*.o\n/*\n!/debian/\n')
        with open(os.path.join(src, 'mm', 'hmm.c'), 'w') as f:
            f.write(hmm_c + '\n')
        merge = os.path.join(src, 'scripts', 'kconfig', 'merge_config.sh')
        with open(merge, 'w') as f:
            f.write('#!/bin/sh\nexit 0\n')
        os.chmod(merge, 0o755)
        tarball = self.path(name + '/linux-source-6.12.tar.xz')
        subprocess.run(['tar', '-C', self.path(name), '-cJf', tarball, 'linux-source-6.12'], check=True)
        return tarball

    def make_project(self, patch):
        proj = self.path('proj')
        os.makedirs(proj)
        for d in ('scripts', 'configs', 'tests'):
            shutil.copytree(os.path.join(TOP, d), os.path.join(proj, d))
        shutil.copy(os.path.join(TOP, 'Makefile'), proj)
        os.makedirs(os.path.join(proj, 'patches'))
        with open(os.path.join(proj, 'patches', '0001-mm-hmm-demo.patch'), 'w') as f:
            f.write(patch)
        tarball = self.make_tarball('src', 117, 'int hmm;')
        env = {'TARBALL': tarball, 'MIN_TREE_FILES': '1', 'NEED_GIB': '0',
               'HARNESS_SELFTEST': '1', 'QEMU_ACCEL': 'tcg',
               'KUNIT_TIMEOUT': '30', 'HMM_CACHE': self.path('cache')}
        return proj, env

    def patch(self, old, new):
        return ('From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n'
                'From: A Developer <dev@example.org>\nDate: Thu, 1 Jan 2026 00:00:00 +0000\n'
                'Subject: [PATCH] mm/hmm: demo\n\nDemo.\n\nSigned-off-by: A Developer <dev@example.org>\n'
                '---\n mm/hmm.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n'
                'diff --git a/mm/hmm.c b/mm/hmm.c\n--- a/mm/hmm.c\n+++ b/mm/hmm.c\n'
                '@@ -1 +1 @@\n-%s\n+%s\n-- \n2.39.5\n\n' % (old, new))

    def make_test(self, proj, env):
        return run(['bash', os.path.join(proj, 'scripts', 'test.sh')],
                   env=dict(os.environ, **env), cwd=proj)


class EndToEnd(FakeTree):
    """make test on a fake kernel tree: every stage that breaks is named,
    the run always ends with its summary and fails."""

    def test_patch_that_does_not_apply(self):
        proj, env = self.make_project(self.patch('int nothing;', 'int hmm2;'))
        r = self.make_test(proj, env)
        lines = r.stdout.splitlines()
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertTrue(SUMMARY.match(lines[-1]), lines[-3:])
        self.assertIn('patch does not apply: patches/0001-mm-hmm-demo.patch', r.stdout)
        # The half-applied tree is no work to keep: export must not drop
        # the patch that did not apply.
        x = run(['bash', os.path.join(proj, 'scripts', 'export.sh')],
                env=dict(os.environ, **env), cwd=proj)
        self.assertNotEqual(x.returncode, 0, x.stdout)
        self.assertIn('did not fully apply', x.stdout)
        self.assertTrue(os.path.exists(os.path.join(proj, 'patches', '0001-mm-hmm-demo.patch')))
        t = run(['bash', os.path.join(proj, 'scripts', 'tree.sh')],
                env=dict(os.environ, **env), cwd=proj)
        self.assertNotIn('unexported work', t.stdout)
        self.assertIn('does not apply', t.stdout)

    def test_interrupted_apply_is_no_work(self):
        proj, env = self.make_project(self.patch('int hmm;', 'int hmm2;'))
        e = dict(os.environ, **env)
        tree = os.path.join(proj, 'scripts', 'tree.sh')
        self.assertEqual(run(['bash', tree], env=e, cwd=proj).returncode, 0)
        # As if interrupted between "git am"s: HEAD moved past the stamp.
        linux = os.path.join(proj, 'build', 'linux')
        stamp = os.path.join(linux, '.git', 'hmm-series.stamp')
        text = re.sub(r'^partial=.*$', 'partial=partial', open(stamp).read(), flags=re.M)
        with open(stamp, 'w') as f:
            f.write(re.sub(r'^head=.*$', 'head=', text, flags=re.M))
        t = run(['bash', tree], env=e, cwd=proj)
        self.assertEqual(t.returncode, 0, t.stdout)
        self.assertNotIn('unexported work', t.stdout)
        self.assertIn('re-applying', t.stdout)

    def test_base_from_cache(self):
        proj, env = self.make_project(self.patch('int hmm;', 'int hmm2;'))
        e = dict(os.environ, **env)
        tree = os.path.join(proj, 'scripts', 'tree.sh')
        linux = os.path.join(proj, 'build', 'linux')

        def git(*args):
            return run(['git', '-C', linux] + list(args)).stdout.strip()

        r = run(['bash', tree], env=e, cwd=proj)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn('unpacking', r.stdout)
        base, head = git('rev-parse', 'base'), git('rev-parse', 'HEAD^{tree}')
        packs = glob.glob(os.path.join(env['HMM_CACHE'], 'base-*.git'))
        self.assertEqual(len(packs), 1)
        # A clean clone: the same base commit from the cache, no unpacking.
        shutil.rmtree(os.path.join(proj, 'build'))
        r = run(['bash', tree], env=e, cwd=proj)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn('from the cache', r.stdout)
        self.assertNotIn('unpacking', r.stdout)
        self.assertEqual(git('rev-parse', 'base'), base)
        self.assertEqual(git('rev-parse', 'HEAD^{tree}'), head)
        self.assertEqual(git('status', '--porcelain'), '')
        self.assertEqual(git('remote'), '')
        # A broken cache entry is dropped: the tarball is unpacked again.
        for f in glob.glob(os.path.join(packs[0], 'objects', 'pack', '*')):
            os.remove(f)
        shutil.rmtree(os.path.join(proj, 'build'))
        r = run(['bash', tree], env=e, cwd=proj)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn('unpacking', r.stdout)
        self.assertEqual(git('rev-parse', 'base'), base)
        # HMM_CACHE=off: no cache is read or written.
        shutil.rmtree(env['HMM_CACHE'])
        shutil.rmtree(os.path.join(proj, 'build'))
        r = run(['bash', tree], env=dict(e, HMM_CACHE='off'), cwd=proj)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertFalse(os.path.exists(env['HMM_CACHE']))
        self.assertFalse(os.path.exists(os.path.join(proj, 'off')))

    def test_base_warnings_cached(self):
        proj, env = self.make_project(self.patch('int hmm;', 'int hmm2;'))
        e = dict(os.environ, **env)
        self.assertEqual(run(['bash', os.path.join(proj, 'scripts', 'tree.sh')],
                             env=e, cwd=proj).returncode, 0)
        basewarn = os.path.join(proj, 'scripts', 'lib', 'basewarn.sh')
        base = os.path.join(proj, 'build', 'base')
        cached = os.path.join(env['HMM_CACHE'], 'base-warnings')

        def warn(f, **more):
            r = run(['bash', basewarn, 'w1', f], env=dict(e, **more), cwd=proj)
            self.assertEqual(r.returncode, 0, r.stdout)
            return r.stdout.strip()

        first = warn('mm/hmm.c')
        self.assertEqual(first, 'mm/hmm.c: warning: demo [-Wdemo]')
        self.assertTrue(os.path.isdir(base))
        self.assertEqual(len(os.listdir(cached)), 1)
        # From the cache: the base worktree is not needed again.
        shutil.rmtree(base)
        self.assertEqual(warn('mm/hmm.c'), first)
        self.assertFalse(os.path.exists(base))
        # A file the base does not compile is not remembered.
        self.assertIn('error: broken', warn('mm/broken.c'))
        self.assertEqual(len(os.listdir(cached)), 1)
        # Another configuration is another key: computed in the base again.
        with open(os.path.join(proj, 'configs', 'debug.config'), 'a') as f:
            f.write('CONFIG_DEMO=y\n')
        self.assertEqual(warn('mm/hmm.c'), first)
        self.assertTrue(os.path.isdir(base))
        self.assertEqual(len(os.listdir(cached)), 2)
        # HMM_CACHE=off: computed, nothing stored.
        shutil.rmtree(base)
        self.assertEqual(warn('mm/hmm.c', HMM_CACHE='off'), first)
        self.assertTrue(os.path.isdir(base))
        self.assertEqual(len(os.listdir(cached)), 2)

    def test_no_space(self):
        proj, env = self.make_project(self.patch('int hmm;', 'int hmm2;'))
        env['NEED_GIB'] = '1000000'
        r = self.make_test(proj, env)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('needs about 1000000 GiB free', r.stdout)
        self.assertTrue(SUMMARY.match(r.stdout.splitlines()[-1]))

    def test_single_stage_target(self):
        proj, env = self.make_project(self.patch('int hmm;', 'int hmm2;'))
        r = run(['bash', os.path.join(proj, 'scripts', 'stage.sh'), 'checkpatch'],
                env=dict(os.environ, **env), cwd=proj)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('FAIL checkpatch 0001-mm-hmm-demo.patch', r.stdout)
        self.assertTrue(SUMMARY.match(r.stdout.splitlines()[-1]), r.stdout)

    def test_every_broken_stage_is_named(self):
        proj, env = self.make_project(self.patch('int hmm;', 'int hmm2;'))
        # A kernel from an earlier build must not be booted.
        old = os.path.join(proj, 'build', 'out', 'x86', 'arch', 'x86', 'boot')
        os.makedirs(old)
        open(os.path.join(old, 'bzImage'), 'w').close()
        r = self.make_test(proj, env)
        lines = r.stdout.splitlines()
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertTrue(SUMMARY.match(lines[-1]), lines[-3:])
        results = os.path.join(proj, 'build', 'results')
        rows = []
        for name in os.listdir(results):
            if name.endswith('.tsv'):
                rows += read_tsv(os.path.join(results, name))
        status = {(r[0], r[1]): r[2] for r in rows}
        detail = {(r[0], r[1]): r[3] if len(r) > 3 else '' for r in rows}
        self.assertEqual(status[('series', 'apply')], 'PASS')
        # A compile error names the file and the error.
        self.assertEqual(status[('build', 'x86_64')], 'FAIL')
        self.assertIn("mm/hmm.c:12:3: error: expected ';'", detail[('build', 'x86_64')])
        self.assertIn('01 x86_64', {r[1] for r in rows if r[0] == 'bisect'})
        self.assertIn('error: expected', detail[('bisect', '01 x86_64')])
        # No kernel: the boot is not attempted, and says why.
        self.assertIn('no x86_64 kernel', detail[('selftests', '(stage)')])
        # No checkpatch.pl or kunit.py in this tree: failures, not aborts.
        self.assertEqual(status[('checkpatch', '0001-mm-hmm-demo.patch')], 'FAIL')
        self.assertEqual(status[('kunit', '(kunit.py)')], 'FAIL')
        self.assertIn('Not passed:', r.stdout)


FAKE_APT_GET = """#!/bin/sh
# Fake apt-get: "download PKG=VER" copies $FAKE_APT/VER.deb here.
echo "apt-get $*" >>"$FAKE_APT/calls"
while [ "$1" = -o ]; do shift 2; done
case $1 in
update) exit 0 ;;
download)
	ver=${2#*=}
	[ -f "$FAKE_APT/$ver.deb" ] || { echo "E: Version '$ver' for '${2%%=*}' was not found"; exit 100; }
	cp "$FAKE_APT/$ver.deb" "./${2%%=*}_${ver}_all.deb" ;;
*) exit 100 ;;
esac
"""

FAKE_APT_CACHE = """#!/bin/sh
# Fake apt-cache: "madison PKG" lists what $FAKE_APT/offered names.
[ "$1" = madison ] || exit 100
while read -r v; do
	echo " $2 | $v | http://deb.debian.org/debian-security bookworm-security/main amd64 Packages"
done <"$FAKE_APT/offered"
"""


class PinnedBase(FakeTree):
    """The base is the package version configs/base-version pins, fetched
    with apt-get download and checked against its sha256, whatever else
    apt offers (a fake apt-get and apt-cache on PATH)."""

    PIN = '6.12.117-1~deb12u1'
    NEWER = '6.12.119-1~deb12u1'

    def setUp(self):
        super().setUp()
        self.apt = self.path('apt')
        os.makedirs(os.path.join(self.apt, 'bin'))
        for name, text in (('apt-get', FAKE_APT_GET), ('apt-cache', FAKE_APT_CACHE)):
            with open(os.path.join(self.apt, 'bin', name), 'w') as f:
                f.write(text)
            os.chmod(os.path.join(self.apt, 'bin', name), 0o755)
        self.sha = {}

    def package(self, ver, sublevel, hmm_c):
        """The fake archive gains linux-source-6.12 VER."""
        tarball = self.make_tarball('pkg-' + ver, sublevel, hmm_c)
        root = self.path('deb-' + ver)
        os.makedirs(os.path.join(root, 'DEBIAN'))
        os.makedirs(os.path.join(root, 'usr', 'src'))
        shutil.copy(tarball, os.path.join(root, 'usr', 'src'))
        with open(os.path.join(root, 'DEBIAN', 'control'), 'w') as f:
            f.write('Package: linux-source-6.12\nVersion: %s\nArchitecture: all\n'
                    'Maintainer: A Developer <dev@example.org>\nDescription: fake\n' % ver)
        r = run(['dpkg-deb', '--root-owner-group', '-Zgzip', '-b', root,
                 os.path.join(self.apt, ver + '.deb')])
        self.assertEqual(r.returncode, 0, r.stdout)
        with open(tarball, 'rb') as f:
            self.sha[ver] = hashlib.sha256(f.read()).hexdigest()

    def offer(self, *versions):
        with open(os.path.join(self.apt, 'offered'), 'w') as f:
            f.write(''.join(v + '\n' for v in versions))

    def project(self, pin_sha=None):
        proj, env = self.make_project(self.patch('int hmm;', 'int hmm2;'))
        del env['TARBALL']
        env['FAKE_APT'] = self.apt
        env['PATH'] = os.path.join(self.apt, 'bin') + os.pathsep + os.environ['PATH']
        with open(os.path.join(proj, 'configs', 'base-version'), 'w') as f:
            f.write('# pinned\nversion=%s\nsha256=%s\n' % (self.PIN, pin_sha or self.sha[self.PIN]))
        return proj, env

    def tree(self, proj, env):
        return run(['bash', os.path.join(proj, 'scripts', 'tree.sh')],
                   env=dict(os.environ, **env), cwd=proj)

    def calls(self):
        try:
            return open(os.path.join(self.apt, 'calls')).read()
        except FileNotFoundError:
            return ''

    def test_pin_used_when_newer_offered(self):
        self.package(self.PIN, 117, 'int hmm;')
        self.package(self.NEWER, 119, 'int hmm;')
        self.offer(self.PIN, self.NEWER)
        proj, env = self.project()
        r = self.make_test(proj, env)
        notice = [l for l in r.stdout.splitlines() if l.startswith('notice:')]
        self.assertEqual(len(notice), 1, r.stdout)
        self.assertIn(self.NEWER, notice[0])
        self.assertIn('make base-check', notice[0])
        self.assertIn('series\tapply\tPASS\t1 patches on Linux 6.12.117',
                      open(os.path.join(proj, 'build', 'results', 'series.tsv')).read())
        self.assertIn('apt-get download linux-source-6.12=%s' % self.PIN, self.calls())
        self.assertNotIn('=' + self.NEWER, self.calls())
        self.assertTrue(SUMMARY.match(r.stdout.splitlines()[-1]))
        # Fetched once: a clean clone takes the tarball from the cache.
        shutil.rmtree(os.path.join(proj, 'build'))
        os.remove(os.path.join(self.apt, 'calls'))
        t = self.tree(proj, env)
        self.assertEqual(t.returncode, 0, t.stdout)
        self.assertNotIn('download', self.calls())

    def test_pinned_version_gone(self):
        self.package(self.NEWER, 119, 'int hmm;')
        self.offer('6.12.115-2~deb12u1', self.NEWER)
        proj, env = self.project(pin_sha='0' * 64)
        r = self.make_test(proj, env)
        self.assertNotEqual(r.returncode, 0)
        errors = [l for l in r.stdout.splitlines() if l.startswith('ERROR:')]
        self.assertTrue(errors, r.stdout)
        self.assertIn('%s (configs/base-version) is no longer in the Debian archive' % self.PIN, errors[0])
        self.assertIn('the newest it offers is %s' % self.NEWER, errors[0])
        self.assertIn("make base-check", errors[0])
        self.assertIn('no longer in the Debian archive',
                      open(os.path.join(proj, 'build', 'results', 'series.tsv')).read())
        self.assertTrue(SUMMARY.match(r.stdout.splitlines()[-1]))

    def test_tarball_of_another_hash_refused(self):
        self.package(self.PIN, 117, 'int hmm;')
        self.offer(self.PIN)
        proj, env = self.project(pin_sha='1' * 64)
        t = self.tree(proj, env)
        self.assertNotEqual(t.returncode, 0, t.stdout)
        self.assertIn("its tarball's sha256 is %s, not %s" % (self.sha[self.PIN], '1' * 64), t.stdout)
        self.assertIn('refused', t.stdout)
        self.assertFalse(os.path.exists(os.path.join(proj, 'build', 'linux')))
        self.assertEqual(glob.glob(os.path.join(env['HMM_CACHE'], 'debian', '*.tar.xz')), [])

    def test_base_check_names_the_patch(self):
        self.package(self.PIN, 117, 'int hmm;')
        self.package(self.NEWER, 119, 'int hmm_changed;')
        self.offer(self.PIN, self.NEWER)
        proj, env = self.project()
        r = run(['bash', os.path.join(proj, 'scripts', 'base-check.sh')],
                env=dict(os.environ, **env), cwd=proj)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIn('base-check: rebase needed for %s (Linux 6.12.119): '
                      'patch does not apply: patches/0001-mm-hmm-demo.patch;' % self.NEWER, r.stdout)
        self.assertTrue(SUMMARY.match(r.stdout.splitlines()[-1]), r.stdout)
        # build/linux, the pinned tree, is not touched; the failed git am
        # waits in build/base-check/linux to be resolved.
        self.assertFalse(os.path.exists(os.path.join(proj, 'build', 'linux')))
        am = os.path.join(proj, 'build', 'base-check', 'linux', '.git', 'rebase-apply')
        self.assertTrue(os.path.isdir(am))

    def test_base_check_when_pin_is_newest(self):
        self.package(self.PIN, 117, 'int hmm;')
        self.offer(self.PIN)
        proj, env = self.project()
        r = run(['bash', os.path.join(proj, 'scripts', 'base-check.sh')],
                env=dict(os.environ, **env), cwd=proj)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn('is the pinned %s: nothing to move to' % self.PIN, r.stdout)
        self.assertTrue(SUMMARY.match(r.stdout.splitlines()[-1]), r.stdout)

    def test_lists_older_than_pin(self):
        self.package(self.PIN, 117, 'int hmm;')
        self.offer('6.12.115-2~deb12u1')
        os.remove(os.path.join(self.apt, self.PIN + '.deb'))
        proj, env = self.project(pin_sha='0' * 64)
        t = self.tree(proj, env)
        self.assertNotEqual(t.returncode, 0, t.stdout)
        self.assertIn('older than %s (configs/base-version): they are out of date; '
                      'as root: apt-get update' % self.PIN, t.stdout)
        self.assertNotIn('make base-check', t.stdout)

    def test_cached_tarball_checked_too(self):
        self.package(self.PIN, 117, 'int hmm;')
        self.offer(self.PIN)
        proj, env = self.project()
        self.assertEqual(self.tree(proj, env).returncode, 0)
        cached = glob.glob(os.path.join(env['HMM_CACHE'], 'debian', '*.tar.xz'))
        self.assertEqual(len(cached), 1)
        with open(cached[0], 'ab') as f:
            f.write(b'tampered')
        shutil.rmtree(os.path.join(proj, 'build'))
        t = self.tree(proj, env)
        self.assertNotEqual(t.returncode, 0, t.stdout)
        self.assertIn('refused', t.stdout)
        self.assertFalse(os.path.exists(cached[0]))

    def test_pin_without_hash_refused(self):
        self.package(self.PIN, 117, 'int hmm;')
        self.offer(self.PIN)
        proj, env = self.project()
        with open(os.path.join(proj, 'configs', 'base-version'), 'w') as f:
            f.write('version=%s\n' % self.PIN)
        t = self.tree(proj, env)
        self.assertNotEqual(t.returncode, 0, t.stdout)
        self.assertIn("configs/base-version has no 'sha256=' line", t.stdout)
        self.assertFalse(os.path.exists(os.path.join(proj, 'build', 'linux')))

    def test_no_cache(self):
        self.package(self.PIN, 117, 'int hmm;')
        self.offer(self.PIN)
        proj, env = self.project()
        t = self.tree(proj, dict(env, HMM_CACHE='off'))
        self.assertEqual(t.returncode, 0, t.stdout)
        self.assertEqual(len(glob.glob(os.path.join(proj, 'build', 'debian', '*.tar.xz'))), 1)
        self.assertFalse(os.path.exists(env['HMM_CACHE']))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tsv')
    ap.add_argument('--log')
    ap.add_argument('-k', dest='pattern')
    args = ap.parse_args()
    loader = unittest.TestLoader()
    if args.pattern:
        loader.testNamePatterns = ['*%s*' % args.pattern]
    suite = loader.loadTestsFromModule(sys.modules[__name__])
    tests = list(iter_tests(suite))
    stream = io.StringIO()
    result = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
    text = stream.getvalue()
    if args.log:
        with open(args.log, 'w') as f:
            f.write(text)
    failed = {t.id(): (tb.strip().splitlines() or [''])[-1] for t, tb in result.failures + result.errors}
    rows = []
    for test in tests:
        name = test.id().split('.', 1)[-1]
        status = 'FAIL' if test.id() in failed else 'PASS'
        rows.append(('harness', name, status, failed.get(test.id(), '')))
    if args.tsv:
        with open(args.tsv, 'w') as f:
            for r in rows:
                f.write('\t'.join(r) + '\n')
    print('harness self-tests: %d passed, %d failed' % (
        sum(r[2] == 'PASS' for r in rows), sum(r[2] == 'FAIL' for r in rows)))
    if failed and not args.log:
        sys.stderr.write(text)
    return 1 if failed else 0


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iter_tests(t)
        else:
            yield t


if __name__ == '__main__':
    sys.exit(main())
