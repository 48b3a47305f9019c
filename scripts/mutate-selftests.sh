#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mutate-selftests [M=...]: for each selftest mutation (mutate.py
# --selftests: a deliberate bug in mm/hmm.c or lib/test_hmm.c, and the
# hmm-tests case whose comment names it), break the file in build/linux,
# rebuild the x86_64 kernel, boot it and run that one case.  Caught when
# that case fails (a deadlock: by its own timeout), or the boot log holds
# a report; a boot that ends before the case reports (MUTATE_BOOT_TIMEOUT,
# 600 s) is "NOT RUN" unless the log has a report.  The
# files are restored and the kernel rebuilt at the end.
. "$(dirname "$0")/lib/lib.sh"

files="mm/hmm.c lib/test_hmm.c"
# shellcheck disable=SC2086
[ -z "$(git -C "$LINUX" status --porcelain -- $files)" ] ||
	die "$files: uncommitted changes in build/linux"
# shellcheck disable=SC2086
restore() { git -C "$LINUX" checkout -q -- $files; }
trap restore EXIT
fail=0
out=$RESULTS/mutate-selftests.txt
: >"$out"
while read -r m file case; do
	[ $# -eq 0 ] || [[ " $* " == *" $m "* ]] || continue
	restore
	python3 "$LIBDIR/mutate.py" "$LINUX/$file" "$m" || die "mutation $m does not apply"
	stage "mutation $m ($file): hmm-tests -r $case"
	if ! RESULT=no "$STAGES/build-x86.sh" >/dev/null 2>&1; then
		printf '%s: does not build (see build/logs/build-x86.log)\n' "$m" | tee -a "$out"
		fail=1
		continue
	fi
	HMM_TESTS_ARGS="-r $case" BOOT_TIMEOUT=${MUTATE_BOOT_TIMEOUT:-600} \
		"$STAGES/selftests.sh" >/dev/null 2>&1 || true
	cp "$LOGS/boot-x86.log" "$LOGS/mutate-$m-boot.log"
	cp "$LOGS/selftests.tap" "$LOGS/mutate-$m.tap" 2>/dev/null || true
	# Only the named case counts: a boot that failed otherwise is not a catch.
	failed=$(awk -F'\t' -v c="$case" '$2 == c && $3 == "FAIL" { print $2 }' "$RESULTS/selftests.tsv" | sort -u)
	reports=$(python3 "$LIBDIR/logcheck.py" "$LOGS/boot-x86.log" |
		grep -oE '(BUG: [A-Za-z:-]+[a-z-]*|WARNING: [a-z ]+|KASAN[^ ]*|blocked for more than)' |
		sort -u | head -3 | tr '\n' ';' || true)
	ran=$(awk -F'\t' -v c="$case" '$2 == c' "$RESULTS/selftests.tsv" | wc -l)
	if [ "$ran" -eq 0 ] && [ -z "$reports" ]; then
		verdict="NOT RUN"
		fail=1
	elif [ -z "$failed" ] && [ -z "$reports" ]; then
		verdict="NOT CAUGHT"
		fail=1
	else
		verdict=caught
	fi
	info "$verdict"
	printf '%s (%s): %s; failed: %s; reports: %s\n' "$m" "$case" "$verdict" \
		"${failed:-none}" "${reports:-none}" | tee -a "$out"
done < <(python3 "$LIBDIR/mutate.py" --selftests)
restore
stage "rebuilding the x86_64 kernel without mutations"
RESULT=no "$STAGES/build-x86.sh" >/dev/null 2>&1 || fail=1
exit $fail
