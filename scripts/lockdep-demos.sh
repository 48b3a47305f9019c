#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The rules lockdep must enforce for drivers, shown: boot the UML KUnit
# kernel once per demonstration case of the hmm_mirror_lockdep suite (with
# hmm_mirror_kunit.lockdep_demo=NAME) and check that lockdep reported.
# lockdep-demos.sh [NAME...]; results: build/results/lockdep.tsv.
. "$(dirname "$0")/lib.sh"

DEMOS=(unregister-under-release-lock sync-waits-for-invalidation)
: >"$RESULTS/lockdep.tsv"
for d in ${*:-${DEMOS[@]}}; do
	KUNIT_NAME=lockdep-$d KUNIT_FILTER=hmm_mirror_lockdep \
		KUNIT_KERNEL_ARGS="hmm_mirror_kunit.lockdep_demo=$d" \
		"$TOP/scripts/kunit.sh" >/dev/null 2>&1 || true
	log=$LOGS/lockdep-$d-boot.log
	report=$(grep -m1 -oE 'possible (circular locking dependency|recursive locking) detected' "$log" || true)
	ran=$(grep -c "ok [0-9]* hmm_mirror_demo_.* # SKIP" "$log" || true)
	if [ -n "$report" ]; then
		printf 'lockdep-demo\t%s\tPASS\tlockdep: %s\n' "$d" "$report" >>"$RESULTS/lockdep.tsv"
	else
		printf 'lockdep-demo\t%s\tFAIL\tno lockdep report (see %s)\n' "$d" "${log#$TOP/}" >>"$RESULTS/lockdep.tsv"
	fi
	info "lockdep demo $d: ${report:-no report} ($ran skipped)"
done
exit 0
