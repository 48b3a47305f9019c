#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MAINTAINERS covers the series: scripts/get_maintainer.pl names the HMM
# entry for every patch, and some entry other than "THE REST" for every
# file the series adds.  Results: build/results/maintainers.tsv.
. "$(dirname "$0")/../lib/lib.sh"

ENTRY='HMM - Heterogeneous Memory Management'
stage "get_maintainer.pl on every patch and new file (log: build/logs/maintainers.log)"
: >"$RESULTS/maintainers.tsv"
: >"$LOGS/maintainers.log"
gm() { (cd "$LINUX" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats --subsystem "$@" 2>&1); }

# Entries named in get_maintainer.pl output, "THE REST" left out.
entries_of() { grep -E '^[A-Z0-9].* - |^[A-Z][A-Z ]+$' | grep -vx 'THE REST' || true; }

for p in $(series_patches); do
	out=$(gm "$p")
	printf '### %s\n%s\n' "$(basename "$p")" "$out" >>"$LOGS/maintainers.log"
	# A patch that touches HMM's files must reach HMM's entry; one that
	# touches none (a core fix the series needs) the entries of its files.
	hmm=
	for f in $(sed -n 's|^+++ b/||p' "$p"); do
		if gm -f "$f" | grep -qxF "$ENTRY"; then
			hmm=1
			break
		fi
	done
	if printf '%s\n' "$out" | grep -qxF "$ENTRY"; then
		row maintainers "$(basename "$p")" PASS "$ENTRY"
	elif [ -z "$hmm" ] && [ -n "$(printf '%s\n' "$out" | entries_of)" ]; then
		row maintainers "$(basename "$p")" PASS "no HMM file; $(printf '%s\n' "$out" | entries_of | head -n 1)"
	else
		row maintainers "$(basename "$p")" FAIL "get_maintainer.pl does not name \"$ENTRY\""
	fi
done
for f in $(git -C "$LINUX" diff --name-only --diff-filter=A base..HEAD); do
	out=$(gm -f "$f")
	printf '### %s\n%s\n' "$f" "$out" >>"$LOGS/maintainers.log"
	entries=$(printf '%s\n' "$out" | entries_of)
	if [ -n "$entries" ]; then
		row maintainers "$f" PASS "$(printf '%s\n' "$entries" | head -n 1)"
	else
		row maintainers "$f" FAIL "no MAINTAINERS entry covers this new file"
	fi
done
