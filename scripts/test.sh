#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: every check.  Each stage logs to build/logs/STAGE.log and
# writes build/results/STAGE.tsv; report.py prints the summary line
# "N passed, N failed[, N skipped]" and the exit status.
. "$(dirname "$0")/lib.sh"

rm -f "$RESULTS"/*.tsv "$RESULTS"/*.qemu
tsv=()
add() { tsv+=("$RESULTS/$1.tsv"); }
row() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS/$1.tsv"; }

# 1. The series applies on the base.
if "$TOP/scripts/tree.sh" >"$LOGS/tree.log" 2>&1; then
	cat "$LOGS/tree.log"
	row series apply PASS "$(series_patches | wc -l) patches on Linux $(kver)"
	add series
else
	cat "$LOGS/tree.log" >&2
	row series apply FAIL "$(grep -m1 'ERROR' "$LOGS/tree.log" || echo 'make tree failed')"
	add series
	python3 "$TOP/scripts/report.py" "${tsv[@]}"
	exit 1
fi
stage "kernel: Linux $(kver), series: $(series_patches | wc -l) patch(es)"

# 2. Static checks on the patches and touched files.
"$TOP/scripts/checkpatch.sh"; add checkpatch
"$TOP/scripts/kerneldoc.sh"; add kerneldoc

# 3. x86_64 kernel, HMM selftests in QEMU, clean boot log.
if "$TOP/scripts/build-x86.sh"; then
	row build x86_64 PASS ""
	"$TOP/scripts/selftests.sh"
	add selftests
	"$TOP/scripts/bootcheck.sh" "$LOGS/boot-x86.log" x86 >"$RESULTS/bootlog.tsv"
else
	row build x86_64 FAIL "see build/logs/build-x86.log"
fi
add build
add bootlog

# 4. KUnit on UML, clean kernel log.
"$TOP/scripts/kunit.sh"
add kunit
"$TOP/scripts/bootcheck.sh" "$LOGS/kunit-boot.log" kunit-um >>"$RESULTS/bootlog.tsv"

# The lockdep rules drivers rely on are enforced: one UML boot per
# demonstration, each must get its lockdep report.
if grep -q 'hmm_mirror_lockdep' "$LINUX/mm/tests/hmm_mirror_kunit.c" 2>/dev/null; then
	"$TOP/scripts/lockdep-demos.sh" || row lockdep '(stage)' FAIL "lockdep demos failed, see build/logs/"
	add lockdep
fi

# sparse and W=1 on touched C files (after both kernels are built, so that
# files only UML builds, like the KUnit suite, are checked too).
if [ -f "$OUT/x86/arch/x86/boot/bzImage" ]; then
	"$TOP/scripts/sparse.sh" || row sparse '(stage)' FAIL "sparse stage failed, see build/logs/sparse.log"
	add sparse
fi

# 5. Every patch builds (x86_64 and UML) without new W=1 warnings.
if [ -z "${SKIP_BISECT:-}" ]; then
	"$TOP/scripts/bisect.sh" || row bisect '(stage)' FAIL "bisect stage failed, see build/logs/bisect.log"
	add bisect
fi

stage "results"
python3 "$TOP/scripts/report.py" --kernel "$(kver)" --table x86:hmm-interval,x86:hmm-mirror --table x86:hmm-registry --table x86:hmm,x86:hmm "${tsv[@]}"
