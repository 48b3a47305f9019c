#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stage.sh STAGE...: the single-stage make targets.  Applies the series
# (make tree), runs the named stages as make test would, and ends with
# the same report and summary line; exits non-zero on any failure.
# Stages: checkpatch kerneldoc maintainers mail build docs selftests
# kunit_x86 kunit lockdep sparse bisect harness.
. "$(dirname "$0")/lib/lib.sh"
. "$LIBDIR/pipeline.sh"

results_reset
for s in "$@"; do
	declare -F "st_$s" >/dev/null || die "unknown stage $s"
done
if [ "$*" = harness ]; then
	st_harness
elif st_series; then
	for s in "$@"; do "st_$s"; done
fi
finish
