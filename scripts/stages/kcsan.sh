#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# KCSAN: the x86_64 guest kernel again with KCSAN instead of KASAN
# (configs/kcsan.config on top of the usual fragments, its own build
# directory, so both builds stay warm), booted with 2 vCPUs: the
# registry's KUnit suite runs at boot, then the registry's hmm-tests
# cases (the mirror fixture, and the bad-argument cases on both backends).
# No KCSAN report may have a racing access in the series' code (mm/hmm.c,
# lib/test_hmm.c, the KUnit suite); others are listed as notes.
# Results: build/results/kcsan.tsv; kernel log build/logs/boot-kcsan.log.
# KCSAN_TESTS_ARGS, KCSAN_TESTS_ENV: the hmm-tests arguments and environment
# (default: the registry's cases but fault_injection, a fuzz of 300 commands;
# KCSAN slows the guest down).
. "$(dirname "$0")/../lib/lib.sh"

KOUT=$OUT/x86-kcsan
TSV=$RESULTS/kcsan.tsv
LOG=$LOGS/boot-kcsan.log

: >"$TSV"
if ! grep -qE '^(menu)?config KCSAN$' "$LINUX/lib/Kconfig.kcsan" 2>/dev/null; then
	row kcsan '(stage)' SKIP "this tree has no KCSAN"
	exit 0
fi
s=$(date +%s)
if ! KOUT=$KOUT LOG=$LOGS/build-kcsan.log RESULT=no EXTRA_FRAGMENTS=$CONFIGS/kcsan.config \
	"$STAGES/build-x86.sh"; then
	row kcsan build FAIL "KCSAN kernel: $(first_error "$LOGS/build-kcsan.log" | grep . || echo 'see build/logs/build-kcsan.log')"
	exit 1
fi
if ! grep -qx 'CONFIG_KCSAN=y' "$KOUT/.config"; then
	row kcsan build FAIL "CONFIG_KCSAN did not stick (compiler without KCSAN support?)"
	exit 1
fi
row kcsan build PASS "KCSAN kernel in $(($(date +%s) - s)) s"

# One boot: KUnit at boot (built in), then the registry's selftests.
SELFTEST_NAME=kcsan-selftests SELFTEST_BOOT=kcsan SELFTEST_PREFIX=kcsan SELFTEST_KOUT=$KOUT \
	SELFTEST_APPEND="kunit.filter_glob=hmm_mirror" \
	HMM_TESTS_ARGS=${KCSAN_TESTS_ARGS:--T fault_injection -f mirror -f badarg} \
	HMM_TESTS_ENV=${KCSAN_TESTS_ENV:-HMM_FUZZ_OPS=300} \
	"$STAGES/selftests.sh" || true
cat "$RESULTS/kcsan-selftests.tsv" >>"$TSV" 2>/dev/null || true

python3 "$LINUX/tools/testing/kunit/kunit.py" parse --json="$RESULTS/kcsan-kunit.json" \
	"$LOG" >"$LOGS/kcsan-kunit.log" 2>&1 || true
# kunit_tsv.py writes its file afresh: into one of its own, then added.
KUNIT_GROUP=kunit-kcsan KUNIT_RC_WHAT="QEMU (124: timeout)" python3 "$LIBDIR/kunit_tsv.py" \
	"$RESULTS/kcsan-kunit.json" "$RESULTS/kcsan-kunit.tsv" 0 "$LOGS/kcsan-kunit.log" || true
cat "$RESULTS/kcsan-kunit.tsv" >>"$TSV" 2>/dev/null || true

# The series' functions: a KCSAN race with an access in one of them fails.
: >"$OUT/kcsan-funcs.txt"
missing=
for o in mm/hmm.o lib/test_hmm.o mm/tests/hmm_mirror_kunit.o; do
	if [ -f "$KOUT/$o" ]; then
		# Functions the file defines, not the out-of-line copies of
		# header inlines (refcount, mmu_notifier helpers) it also holds.
		nm "$KOUT/$o" | awk '$2 ~ /^[tT]$/ { print $3 }' |
			python3 -c 'import re, sys
src = open(sys.argv[1]).read()
for sym in sys.stdin.read().split():
    name = re.sub(r"(\.(constprop|isra|part|cold)(\.\d+)?)+$", "", sym)
    if re.search(r"^[a-z].*[ *]%s\(" % re.escape(name), src, re.M):
        print(name)' "$LINUX/${o%.o}.c" >>"$OUT/kcsan-funcs.txt"
	else
		missing="$missing $o"
	fi
done
if [ -n "$missing" ]; then
	row kcsan reports FAIL "not built in $KOUT:$missing"
elif out=$(python3 "$LIBDIR/logcheck.py" "$LOG" boot-kcsan --kcsan-funcs "$OUT/kcsan-funcs.txt"); then
	n=$(printf '%s\n' "$out" | grep -c 'note, not in' || true)
	elsewhere=
	[ "$n" -eq 0 ] || elsewhere="; $n KCSAN report(s) elsewhere, see build/results/kcsan-notes.txt"
	row kcsan reports PASS "no KCSAN report in the series' code, no other report$elsewhere"
	printf '%s\n' "$out" >"$RESULTS/kcsan-notes.txt"
else
	printf '%s\n' "$out" >"$RESULTS/kcsan-notes.txt"
	row kcsan reports FAIL "$(printf '%s\n' "$out" | grep -v 'note, not in' | head -n 1)"
fi
exit 0
