#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mutate [M=...]: for each mutation in scripts/mutate.py, break mm/hmm.c in
# build/linux, run the KUnit suite on UML and show what caught it; then
# restore the file.  A mutation that only a lockdep demonstration can catch
# (mutate.py --demo) runs that demonstration instead, and is caught when
# lockdep no longer reports.  A mutation that nothing catches makes this fail.
. "$(dirname "$0")/lib/lib.sh"

f=$LINUX/mm/hmm.c
[ -z "$(git -C "$LINUX" status --porcelain -- mm/hmm.c)" ] ||
	die "mm/hmm.c has uncommitted changes in build/linux"
trap 'git -C "$LINUX" checkout -q -- mm/hmm.c' EXIT
fail=0
: >"$RESULTS/mutate.txt"
for m in ${*:-$(python3 "$LIBDIR/mutate.py" --list)}; do
	git -C "$LINUX" checkout -q -- mm/hmm.c
	python3 "$LIBDIR/mutate.py" "$f" "$m" || die "mutation $m does not apply"
	demo=$(python3 "$LIBDIR/mutate.py" --demo "$m")
	stage "mutation $m${demo:+ (lockdep demo $demo)}"
	if [ -n "$demo" ]; then
		"$STAGES/lockdep-demos.sh" "$demo" >/dev/null 2>&1 || true
		cp "$LOGS/lockdep-$demo-boot.log" "$LOGS/mutate-$m-boot.log"
		if grep -q PASS "$RESULTS/lockdep.tsv"; then
			caught= reports="lockdep still reports"
		else
			caught="lockdep-demo:$demo (no report)" reports=
		fi
	else
		# A deadlocked case stalls the run until kunit.py's timeout.
		KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-240} "$STAGES/kunit.sh" >/dev/null 2>&1 || true
		cp "$LOGS/kunit.log" "$LOGS/mutate-$m.log"
		cp "$LOGS/kunit-boot.log" "$LOGS/mutate-$m-boot.log"
		caught=$(awk -F'\t' '$3 == "FAIL" { print ($2 == "" || $2 ~ /^\(case / ? "(crashed)" : $2) }' "$RESULTS/kunit.tsv" | sort | uniq -c | awk '{ print ($1 > 1 ? $2 " x" $1 : $2) }' | tr '\n' ' ' || true)
		reports=$(python3 "$LIBDIR/logcheck.py" "$LOGS/kunit-boot.log" | grep -oE '(BUG: [A-Za-z:-]+[a-z-]*|WARNING: possible [a-z ]+|WARNING: CPU.*at [^ ]+|possible circular locking[a-z ]*)' | sort -u | head -5 | tr '\n' ';' || true)
	fi
	if [ -z "$caught" ] && { [ -n "$demo" ] || [ -z "$reports" ]; }; then
		info "NOT CAUGHT"
		fail=1
	fi
	printf '%s: failed cases: %s\n    reports: %s\n' "$m" "${caught:-none}" "${reports:-none}" | tee -a "$RESULTS/mutate.txt"
done
exit $fail
