#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/kernel-doc -none -Wall on every C file and header the series
# adds or changes; a warning the base version of the file does not have
# fails.  Results: build/results/kerneldoc.tsv.
. "$(dirname "$0")/../lib/lib.sh"

stage "kernel-doc -none -Wall on touched files (log: build/logs/kerneldoc.log)"
: >"$LOGS/kerneldoc.log"
: >"$RESULTS/kerneldoc.tsv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

kdoc() { # FILE -> normalized warnings
	perl "$LINUX/scripts/kernel-doc" -none -Wall "$1" 2>&1 |
		sed -E -e "s#^$tmp/base/##" -e "s#^$LINUX/##" -e 's#:[0-9]+:#:#' | sort
}

files=$(git -C "$LINUX" diff --name-only --diff-filter=AM base..HEAD -- '*.c' '*.h')
for f in $files; do
	new=$(cd "$LINUX" && kdoc "$f")
	printf '### %s\n%s\n' "$f" "$new" >>"$LOGS/kerneldoc.log"
	old=
	if git -C "$LINUX" cat-file -e "base:$f" 2>/dev/null; then
		mkdir -p "$tmp/base/$(dirname "$f")"
		git -C "$LINUX" show "base:$f" >"$tmp/base/$f"
		old=$(cd "$tmp/base" && kdoc "$f")
	fi
	new_vs_base "$RESULTS/kerneldoc.tsv" kernel-doc "$f" "$new" "$old"
done
[ -n "$files" ] || info "the series touches no C file or header yet"
