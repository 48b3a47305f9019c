# SPDX-License-Identifier: GPL-2.0
# The stages of make test and of the single-stage targets, as functions.
# Sourced by scripts/test.sh, scripts/run.sh and scripts/stage.sh after
# lib.sh.  Each stage runs under run_stage (lib.sh), so that none aborts
# the run; each adds its result file to TSVS; finish() prints the report
# and returns non-zero on any failure.

TSVS=()
# add STAGE: report STAGE's results (once, however many stages write them).
add() {
	local t
	for t in "${TSVS[@]}"; do
		[ "$t" != "$RESULTS/$1.tsv" ] || return 0
	done
	TSVS+=("$RESULTS/$1.tsv")
}

# Fresh results for the stages this run will report.
results_reset() { rm -f "$RESULTS"/*.tsv "$RESULTS"/*.qemu; }

st_harness() {
	# The harness's own end-to-end tests run test.sh: not again inside.
	[ -z "${HARNESS_SELFTEST:-}" ] || return 0
	stage "harness self-tests (tests/, log: build/logs/harness.log)"
	run_stage harness python3 "$TOP/tests/run.py" --tsv "$RESULTS/harness.tsv" \
		--log "$LOGS/harness.log"
	add harness
}

# The series applies; every later stage needs the tree, so a failure here
# ends the run (after the report).
st_series() {
	add series
	if "$TOP/scripts/tree.sh" >"$LOGS/tree.log" 2>&1; then
		cat "$LOGS/tree.log"
		row series apply PASS "$(series_patches | wc -l) patches on Linux $(kver)"
		stage "kernel: Linux $(kver), series: $(series_patches | wc -l) patch(es)"
		return 0
	fi
	cat "$LOGS/tree.log" >&2
	row series apply FAIL "$(grep -m1 'ERROR' "$LOGS/tree.log" | sed 's/^ERROR: //' || echo 'make tree failed')"
	return 1
}

st_checkpatch() { run_stage checkpatch "$STAGES/checkpatch.sh"; add checkpatch; }
st_kerneldoc() { run_stage kerneldoc "$STAGES/kerneldoc.sh"; add kerneldoc; }
st_maintainers() { run_stage maintainers "$STAGES/maintainers.sh"; add maintainers; }
# make mail makes the next posted version, and it applies with git am.
st_mail() { run_stage mail "$STAGES/mail.sh"; add mail; }
st_build() { run_stage build "$STAGES/build-x86.sh"; add build; }

# htmldocs of the mm book and the hmm.rst driver example (after the build,
# which the example is compiled against).  SKIP_DOCS=1 skips it, reported.
st_docs() {
	if [ -n "${SKIP_DOCS:-}" ]; then
		row docs '(stage)' SKIP "SKIP_DOCS is set"
	else
		run_stage docs "$STAGES/docs.sh"
	fi
	add docs
}

st_selftests() {
	run_stage selftests "$STAGES/selftests.sh"
	add selftests
	if [ -s "$LOGS/boot-x86.log" ] && [ -f "$OUT/x86/arch/x86/boot/bzImage" ]; then
		"$STAGES/bootcheck.sh" "$LOGS/boot-x86.log" x86 >>"$RESULTS/bootlog.tsv"
		add bootlog
	fi
}

# KCSAN: its own kernel build and one boot (KUnit, then the registry's
# selftests).  SKIP_KCSAN=1 skips it, reported.
st_kcsan() {
	if [ -n "${SKIP_KCSAN:-}" ]; then
		row kcsan '(stage)' SKIP "SKIP_KCSAN is set"
	else
		run_stage kcsan "$STAGES/kcsan.sh"
	fi
	# Its "reports" row is the boot-log check of this boot: any report
	# fails it, KCSAN ones only in the series' code.
	add kcsan
}

# make soak: the soak program in the selftest guest for SOAK_SECONDS.
st_soak() {
	local secs=${SOAK_SECONDS:-600}
	HMM_SOAK_SECONDS=$secs BOOT_TIMEOUT=$((secs + 900)) run_stage selftests "$STAGES/selftests.sh"
	add selftests
	if [ -s "$LOGS/boot-x86.log" ]; then
		"$STAGES/bootcheck.sh" "$LOGS/boot-x86.log" x86 >>"$RESULTS/bootlog.tsv"
		add bootlog
	fi
	stage "soak summary"
	grep '^hmm-soak:' "$LOGS/selftests.tap" || echo "    (no summary: see build/logs/selftests.tap)"
}

# The registry's KUnit suite on UML, and in the same boot the benchmark
# suite with tiny sizes (it still works and reports every figure; the
# lockdep demonstrations, asked for by st_lockdep only, skip).
st_kunit() {
	KUNIT_FILTER='hmm_mirror*' KUNIT_KERNEL_ARGS=hmm_mirror_bench.mode=1 \
		run_stage kunit "$STAGES/kunit.sh"
	add kunit
	if grep -qs 'hmm_mirror_bench' "$LINUX/mm/Makefile"; then
		python3 "$LIBDIR/bench.py" check "$LOGS/kunit-boot.log" "$RESULTS/bench-smoke.tsv"
		add bench-smoke
	fi
	"$STAGES/bootcheck.sh" "$LOGS/kunit-boot.log" kunit-um >>"$RESULTS/bootlog.tsv"
	add bootlog
}

# The KUnit suite again on the x86_64 guest kernel: 2 vCPUs, PREEMPT.
st_kunit_x86() {
	run_stage kunit-x86 "$STAGES/kunit-x86.sh"
	add kunit-x86
	if [ -s "$LOGS/kunit-x86-boot.log" ]; then
		"$STAGES/bootcheck.sh" "$LOGS/kunit-x86-boot.log" kunit-x86 >>"$RESULTS/bootlog.tsv"
		add bootlog
	fi
}

# The lockdep rules drivers rely on are enforced: one UML boot per
# demonstration, each must get its lockdep report.
st_lockdep() {
	grep -qs 'hmm_mirror_lockdep' "$LINUX/mm/tests/hmm_mirror_kunit.c" || return 0
	run_stage lockdep "$STAGES/lockdep-demos.sh"
	add lockdep
}

# sparse and W=1 on touched C files, after both kernels are built, so that
# files only UML builds (the KUnit suite) are checked too.
st_sparse() {
	if [ ! -f "$OUT/x86/.config" ]; then
		row sparse '(stage)' FAIL "not run: needs the x86_64 build (make build)"
	else
		run_stage sparse "$STAGES/sparse.sh"
	fi
	add sparse
}

st_bisect() {
	if [ -n "${SKIP_BISECT:-}" ]; then
		row bisect '(stage)' SKIP "SKIP_BISECT is set"
	else
		run_stage bisect "$STAGES/bisect.sh"
	fi
	add bisect
}

finish() {
	stage "results"
	python3 "$LIBDIR/report.py" --kernel "$(kver)" \
		--table x86:hmm,x86:hmm --table x86:test_hmm.sh/1,x86:test_hmm.sh/2 "${TSVS[@]}"
}

# make bench: the benchmark suite at full size on UML and x86_64 (not part
# of make test; st_kunit checks it at tiny size).
st_bench() { run_stage bench "$STAGES/bench.sh"; add bench; }
