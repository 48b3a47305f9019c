#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bootcheck.sh LOG NAME: one result line for a kernel log (see logcheck.py).
. "$(dirname "$0")/../lib/lib.sh"
log=$1 name=$2
if [ ! -s "$log" ]; then
	printf 'boot-log\t%s\tFAIL\tno kernel log %s\n' "$name" "${log#$TOP/}"
	exit 0
fi
if out=$(python3 "$LIBDIR/logcheck.py" "$log" "${log#$TOP/}"); then
	printf 'boot-log\t%s\tPASS\tno BUG/WARNING/lockdep/KASAN report\n' "$name"
else
	printf '%s\n' "$out" | sed 's/^/    /' >&2
	printf 'boot-log\t%s\tFAIL\t%s\n' "$name" "$(printf '%s\n' "$out" | head -n 1)"
fi
