#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict on every patch of the series: 0 errors, 0
# warnings, 0 checks.  Results: build/results/checkpatch.tsv.
. "$(dirname "$0")/lib.sh"

stage "checkpatch --strict on every patch (log: build/logs/checkpatch.log)"
: >"$LOGS/checkpatch.log"
: >"$RESULTS/checkpatch.tsv"
for p in $(series_patches); do
	name=$(basename "$p")
	# spdxcheck.py needs python3-ply/python3-git: use Debian's python3.
	out=$(cd "$LINUX" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --showfile "$p" 2>&1) || true
	printf '### %s\n%s\n\n' "$name" "$out" >>"$LOGS/checkpatch.log"
	total=$(printf '%s\n' "$out" | grep -E '^total: ' | tail -n 1)
	if printf '%s\n' "$out" | grep -q '^Traceback'; then
		printf 'checkpatch\t%s\tFAIL\ta checkpatch helper crashed (see build/logs/checkpatch.log)\n' "$name" >>"$RESULTS/checkpatch.tsv"
	elif [ -z "$total" ]; then
		printf 'checkpatch\t%s\tFAIL\tcheckpatch printed no total\n' "$name" >>"$RESULTS/checkpatch.tsv"
	elif printf '%s\n' "$total" | grep -q '^total: 0 errors, 0 warnings, 0 checks'; then
		printf 'checkpatch\t%s\tPASS\t\n' "$name" >>"$RESULTS/checkpatch.tsv"
	else
		first=$(printf '%s\n' "$out" | grep -m1 -E '^(ERROR|WARNING|CHECK):' || true)
		printf 'checkpatch\t%s\tFAIL\t%s; %s\n' "$name" "${total%%, [0-9]* lines checked*}" "$first" >>"$RESULTS/checkpatch.tsv"
		info "$name: $total"
		printf '%s\n' "$out" | grep -E -A3 '^(ERROR|WARNING|CHECK):' | head -n 20 | sed 's/^/      /' || true
	fi
done
info "$(grep -c PASS "$RESULTS/checkpatch.tsv" || true) of $(series_patches | wc -l) patches clean"
