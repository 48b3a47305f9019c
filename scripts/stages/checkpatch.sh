#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict on every patch of the series: 0 errors, 0
# warnings, 0 checks, and every upstream commit a changelog names is one
# of configs/upstream-commits (checkpatch_tsv.py says why it must be so).
# Results: build/results/checkpatch.tsv.
. "$(dirname "$0")/../lib/lib.sh"

stage "checkpatch --strict on every patch (log: build/logs/checkpatch.log)"
: >"$LOGS/checkpatch.log"
: >"$RESULTS/checkpatch.tsv"
for p in $(series_patches); do
	name=$(basename "$p")
	# spdxcheck.py needs python3-ply/python3-git: use Debian's python3.
	out=$(cd "$LINUX" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --showfile \
		--ignore UNKNOWN_COMMIT_ID "$p" 2>&1) || true
	printf '### %s\n%s\n\n' "$name" "$out" >>"$LOGS/checkpatch.log"
	res=$(printf '%s\n' "$out" | python3 "$LIBDIR/checkpatch_tsv.py" "$name" \
		--patch "$p" --known "$CONFIGS/upstream-commits")
	printf '%s\n' "$res" >>"$RESULTS/checkpatch.tsv"
	case $res in
	*$'\tFAIL\t'*) info "$name: ${res##*$'\t'}" ;;
	esac
done
info "$(grep -c $'\tPASS\t' "$RESULTS/checkpatch.tsv" || true) of $(series_patches | wc -l) patches clean"
