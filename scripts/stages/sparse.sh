#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sparse (C=2) and W=1 on every C file the series adds or changes; a
# warning that the same file on the base does not have fails.  Needs the
# x86_64 and UML builds (a file is checked in the build that compiles it);
# the base's warnings come from scripts/lib/basewarn.sh (cached).
# Results: build/results/sparse.tsv.
. "$(dirname "$0")/../lib/lib.sh"

: >"$RESULTS/sparse.tsv"
stage "sparse + W=1 on touched files (log: build/logs/sparse.log)"
: >"$LOGS/sparse.log"

warnings() { # SRC OUT ARCH OBJ
	SRC=$1 kmake O="$2" ARCH="$3" C=2 W=1 "$4" 2>&1 | tee -a "$LOGS/sparse.log" | warnings_of
}

files=$(git -C "$LINUX" diff --name-only --diff-filter=AM base..HEAD -- '*.c')
for f in $files; do
	obj=${f%.c}.o
	if [ -f "$OUT/x86/$obj" ]; then
		kout=$OUT/x86 arch=x86_64
	elif [ -f "$OUT/um/$obj" ]; then
		kout=$OUT/um arch=um
	else
		info "$f: not built in any test config, skipped"
		continue
	fi
	echo "### $f ($arch)" >>"$LOGS/sparse.log"
	new=$(warnings "$LINUX" "$kout" "$arch" "$obj")
	old=
	if [ "$arch" = x86_64 ] && git -C "$LINUX" cat-file -e "base:$f" 2>/dev/null; then
		old=$("$LIBDIR/basewarn.sh" sparse "$f")
	fi
	new_vs_base "$RESULTS/sparse.tsv" sparse+W=1 "$f" "$new" "$old"
done
[ -n "$files" ] || info "the series touches no C file yet"
