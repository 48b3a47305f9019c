#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Apply or list deliberate bugs in mm/hmm.c and lib/test_hmm.c, to check
that the tests bite.

Usage: mutate.py FILE NAME   rewrite FILE with mutation NAME
       mutate.py --list      list the KUnit mutations (of mm/hmm.c)
       mutate.py --demo NAME the lockdep demo that catches NAME, if any
       mutate.py --selftests list the selftest mutations: NAME FILE CASE
                             (CASE: the hmm-tests case named as catching it)

scripts/mutate.sh runs the KUnit suite once per KUnit mutation and reports
which cases (or which lockdep/KASAN report) caught it; for a selftest
mutation it rebuilds the x86_64 kernel, boots it and runs the hmm-tests
case whose comment names the mutation, which must then fail.
"""
import sys

MUTATIONS = {
    # ->release() called with mirrors_sem held (upstream's v5.3 "fix").
    'release-under-lock': [
        ('\t\tWRITE_ONCE(hmm->releasing_synced, true);\n\t\tup_write(&hmm->mirrors_sem);\n',
         '\t\tWRITE_ONCE(hmm->releasing_synced, true);\n'),
        ('\t\tdown_write(&hmm->mirrors_sem);\n\t\t/* After ->release() and its syncs',
         '\t\t/* After ->release() and its syncs'),
    ],
    # The releasing mirror gets no invalidation while its ->release() runs
    # (the series before the fix: a device keeps writing to freed pages).
    'releasing-not-synced': [
        ('\tif (!ret && READ_ONCE(hmm->releasing_synced))\n'
         '\t\tret = hmm_mirror_sync(hmm->releasing, range);\n', ''),
    ],
    # hmm_mirror_unregister() returns while the mirror's ->release() runs
    # (upstream's v4.20 use-after-free).
    'unregister-no-wait': [
        ('\t\t\twait = true;\n', '\t\t\twait = false;\n'),
    ],
    # Waiters are let go when ->release() returns, before the syncs of the
    # mirror still running have finished.
    'wake-before-syncs': [
        ('\t\tdown_write(&hmm->mirrors_sem);\n'
         '\t\t/* After ->release() and its syncs: see hmm_release_done(). */\n'
         '\t\tsmp_store_release(&hmm->releasing, NULL);\n'
         '\t\twake_up_all(&hmm->release_wq);\n',
         '\t\tsmp_store_release(&hmm->releasing, NULL);\n'
         '\t\twake_up_all(&hmm->release_wq);\n'
         '\t\tdown_write(&hmm->mirrors_sem);\n'),
    ],
    # A ->release() that unregisters its own mirror keeps getting syncs.
    'self-unregister-keeps-syncing': [
        ('\t\t\tWRITE_ONCE(hmm->releasing_synced, false);\n\t\telse\n',
         '\t\t\t(void)0;\n\t\telse\n'),
    ],
    # Every overlapping unregister call drops the registration's reference.
    'unregister-double-put': [
        ('\tdetach = !mirror->detached;\n', '\tdetach = true;\n'),
    ],
    # A non-blocking invalidation ignores a mirror's error other than -EAGAIN.
    'nonblock-ignores-error': [
        ('\t\tif (ret && !mmu_notifier_range_blockable(range))\n',
         '\t\tif (ret == -EAGAIN && !mmu_notifier_range_blockable(range))\n'),
    ],
    # Unregister of a pending mirror tells lockdep it may wait for a
    # ->release(): false report for work a ->release() flushes.
    'annotate-pending': [
        ('\t} else if (live) {\n', '\t} else {\n'),
    ],
    # The annotation ignores that the caller is in a ->release() itself:
    # false recursion report for a mirror of another mm.
    'annotate-in-release': [
        ('\tif (lock_is_held(&hmm_mirror_release_map))\n\t\treturn;\n', ''),
    ],
    # Registration drops its mm_users reference with mmput(): when that is
    # the last one, the exit and every ->release() run in the caller.
    'register-mmput-sync': [
        ('\tmmput_async(mm);\n\treturn ret;\n', '\tmmput(mm);\n\treturn ret;\n'),
    ],
    # Unregister clears mirror->hmm before it has waited for the mirror's
    # ->release() (as upstream did up to v5.2): a registration may reuse
    # the mirror under it, an overlapping unregister finds no registry.
    'hmm-cleared-first': [
        ('\tif (wait) {\n\t\tlock_map_acquire(&hmm_mirror_release_map);\n',
         '\tsmp_store_release(&mirror->hmm, NULL);\n'
         '\tif (wait) {\n\t\tlock_map_acquire(&hmm_mirror_release_map);\n'),
    ],
    # Unregister of a live mirror does not tell lockdep it could have
    # waited: a lock held there and taken by a ->release() goes unreported.
    'no-live-annotation': [
        ('\t\thmm_release_might_wait();\n\t}\n', '\t}\n'),
    ],
    # A read begins while an overlapping invalidation is in progress, so
    # hmm_range_fault() may see the page tables half changed.
    'begin-no-wait': [
        ('\twhile (!mirror->reads_closed &&\n\t       hmm_read_blocked(hmm, range->start, last)) {\n',
         '\twhile (0 && !mirror->reads_closed &&\n\t       hmm_read_blocked(hmm, range->start, last)) {\n'),
    ],
    # Every invalidation marks every read, overlapping or not (the old
    # whole-mm sequence): correct, but not range-aware.
    'mark-all-reads': [
        ('\tfor (node = interval_tree_iter_first(&hmm->reads, start, last);\n'
         '\t     node; node = interval_tree_iter_next(node, start, last)) {\n',
         '\tfor (node = interval_tree_iter_first(&hmm->reads, 0, ULONG_MAX);\n'
         '\t     node; node = interval_tree_iter_next(node, 0, ULONG_MAX)) {\n'),
    ],
    # An invalidation does not mark the reads it overlaps: a read that
    # collided is used (upstream's range->valid race, and worse).
    'mark-no-reads': [
        ('\t\tWRITE_ONCE(read->collided, true);\n', '\t\t(void)read;\n'),
    ],
    # Any end that finds no node releases an untracked invalidation, also
    # one whose start the registry never saw.
    'stray-end-releases': [
        ('\tif (hmm->overflow) {\n\t\thmm->overflow--;\n',
         '\tfor (i = 0; i < HMM_UNTRACKED && !hmm->overflow; i++) {\n'
         '\t\tif (hmm->untracked[i]) {\n'
         '\t\t\thmm->untracked[i] = NULL;\n'
         '\t\t\thmm->nr_untracked--;\n'
         '\t\t\treturn;\n'
         '\t\t}\n'
         '\t}\n'
         '\tif (hmm->overflow) {\n\t\thmm->overflow--;\n'),
    ],
    # Unregister leaves the mirror's reads in the tree (it only warns).
    'unregister-keeps-reads': [
        ('\tif (WARN_ON_ONCE(mirror->reads)) {\n', '\tif (WARN_ON_ONCE(mirror->reads) && 0) {\n'),
    ],
    # The device's own exclusive access marks its read (an atomic fault
    # retries until its timeout).
    'own-exclusive-marks': [
        ('\t\tif (hmm_read_own_exclusive(read, range))\n\t\t\tcontinue;\n', ''),
    ],
}

# Mutations the reworked hmm-tests race cases name in their comments, with
# the file they break and the case that must catch them.  Mutations of
# mm/hmm.c from MUTATIONS may be listed too (by name, with no edits here).
SELFTEST_MUTATIONS = {
    # hmm_mirror_read_retry() never reports a collision.
    'read-retry-never': ('mm/hmm.c', [
        ('\treturn READ_ONCE(range->mirror_read.collided);\n',
         '\treturn false;\n'),
    ], 'mirror.munmap_collision'),
    # The device's own exclusive access marks its read (from MUTATIONS).
    'own-exclusive-marks': ('mm/hmm.c', [], 'mirror.exclusive_own_access'),
    # The ->release hook takes only the first mirror off the registry.
    'release-first-only': ('mm/hmm.c', [
        ('\tlist_splice_init(&hmm->mirrors, &hmm->pending);\n',
         '\tif (!list_empty(&hmm->mirrors))\n'
         '\t\tlist_move(hmm->mirrors.next, &hmm->pending);\n'),
    ], 'mirror.two_devices_exit_together'),
    'unregister-no-wait': ('mm/hmm.c', None, 'mirror.close_racing_exit'),
    'release-under-lock': ('mm/hmm.c', None, 'mirror.exit_while_device_busy'),
    # test_hmm's mirror sync ignores fork's write-protection.
    'sync-skips-wrprotect': ('lib/test_hmm.c', [
        ('\tbool ok;\n\n\tatomic_inc(&dmirror->syncs);\n',
         '\tbool ok;\n\n\tif (range->event == MMU_NOTIFY_PROTECTION_PAGE)\n'
         '\t\treturn 0;\n\tatomic_inc(&dmirror->syncs);\n'),
    ], 'mirror.fork_exit_storm'),
    # test_hmm's ->release() leaves the device page table as it is.
    'release-keeps-device-ptes': ('lib/test_hmm.c', [
        ('\tmutex_lock(&dmirror->mutex);\n\tdmirror_do_update(dmirror, 0, ULONG_MAX);\n'
         '\tmutex_unlock(&dmirror->mutex);\n\tatomic64_inc(&dmirror->releases);\n',
         '\tatomic64_inc(&dmirror->releases);\n'),
    ], 'mirror.release_once_and_stop_faults'),
}

# Mutations that only a lockdep demonstration can catch: the demo (a case
# of the hmm_mirror_lockdep suite) must then NOT get its lockdep report.
DEMO_FOR = {
    'no-live-annotation': 'unregister-under-release-lock',
}


def main():
    if sys.argv[1:] == ['--list']:
        print('\n'.join(MUTATIONS))
        return 0
    if sys.argv[1:] == ['--selftests']:
        for name, (path, _, case) in SELFTEST_MUTATIONS.items():
            print(name, path, case)
        return 0
    if sys.argv[1:2] == ['--demo']:
        print(DEMO_FOR.get(sys.argv[2], ''))
        return 0
    path, name = sys.argv[1:3]
    text = open(path).read()
    edits = MUTATIONS.get(name) or SELFTEST_MUTATIONS[name][1]
    for old, new in edits:
        if old not in text:
            print('mutation %s: pattern not found in %s:\n%s' % (name, path, old))
            return 1
        text = text.replace(old, new, 1)
    open(path, 'w').write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
