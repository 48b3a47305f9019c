#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: every check.  Each stage logs to build/logs/ and writes
# build/results/STAGE.tsv; a stage that fails or crashes records why and
# the run goes on.  report.py prints the summary line
# "N passed, N failed[, N skipped]"; the exit status is non-zero on any
# failure.
. "$(dirname "$0")/lib/lib.sh"
. "$LIBDIR/pipeline.sh"

results_reset
st_harness
if st_series; then
	st_checkpatch
	st_kerneldoc
	st_maintainers
	st_mail
	st_build
	st_docs
	st_selftests
	st_kunit_x86
	st_kcsan
	st_kunit
	st_lockdep
	st_sparse
	st_bisect
fi
finish
