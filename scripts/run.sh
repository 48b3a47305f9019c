#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make run: tree, x86_64 build, QEMU boot, HMM selftests, result table.
. "$(dirname "$0")/lib.sh"

rm -f "$RESULTS"/*.tsv "$RESULTS"/*.qemu
"$TOP/scripts/tree.sh"
stage "kernel: Linux $(kver), series: $(series_patches | wc -l) patch(es)"
"$TOP/scripts/build-x86.sh"
"$TOP/scripts/selftests.sh"
"$TOP/scripts/bootcheck.sh" "$LOGS/boot-x86.log" x86 >"$RESULTS/bootlog.tsv"
stage "results"
python3 "$TOP/scripts/report.py" --kernel "$(kver)" --table x86:hmm-interval,x86:hmm-mirror --table x86:hmm-registry --table x86:hmm,x86:hmm \
	"$RESULTS/selftests.tsv" "$RESULTS/bootlog.tsv"
