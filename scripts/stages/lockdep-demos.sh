#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The rules lockdep must enforce for drivers, shown: boot the UML KUnit
# kernel once per demonstration case of the hmm_mirror_lockdep suite (with
# hmm_mirror_kunit.lockdep_demo=NAME) and check that lockdep reported.
# lockdep-demos.sh [NAME...]; results: build/results/lockdep.tsv.
. "$(dirname "$0")/../lib/lib.sh"

DEMOS=(unregister-under-release-lock sync-waits-for-invalidation)
# The locks each demonstration's report must name: the report lockdep is
# meant to give, not some other one.
declare -A LOCKS=(
	[unregister-under-release-lock]='demo_driver_lock hmm_mirror_release'
	[sync-waits-for-invalidation]='(work_completion)(&iw->work) mmu_notifier_invalidate_range_start'
)
: >"$RESULTS/lockdep.tsv"
for d in ${*:-${DEMOS[@]}}; do
	KUNIT_NAME=lockdep-$d KUNIT_FILTER=hmm_mirror_lockdep \
		KUNIT_KERNEL_ARGS="hmm_mirror_kunit.lockdep_demo=$d" \
		"$STAGES/kunit.sh" >/dev/null 2>&1 || true
	log=$LOGS/lockdep-$d-boot.log
	report=$(grep -m1 -oE 'possible (circular locking dependency|recursive locking) detected' "$log" || true)
	for l in ${LOCKS[$d]}; do
		grep -qF "$l" "$log" || report=
	done
	ran=$(grep -c "ok [0-9]* hmm_mirror_demo_.* # SKIP" "$log" || true)
	if [ -n "$report" ]; then
		printf 'lockdep-demo\t%s\tPASS\tlockdep: %s\n' "$d" "$report" >>"$RESULTS/lockdep.tsv"
	else
		printf 'lockdep-demo\t%s\tFAIL\tno lockdep report naming %s (see %s)\n' "$d" "${LOCKS[$d]}" "${log#$TOP/}" >>"$RESULTS/lockdep.tsv"
	fi
	info "lockdep demo $d: ${report:-no report} ($ran skipped)"
done
exit 0
