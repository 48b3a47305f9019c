#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make run: tree, x86_64 build, QEMU boot, HMM selftests, result table.
. "$(dirname "$0")/lib/lib.sh"
. "$LIBDIR/pipeline.sh"

results_reset
if st_series; then
	st_build
	st_selftests
fi
finish
