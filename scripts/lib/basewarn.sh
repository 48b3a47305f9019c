#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# basewarn.sh KIND FILE: the normalised warnings the base tree gives for
# FILE (a C file), x86_64 test configuration: KIND w1 (W=1) or sparse
# (C=2 W=1).  Cached in $CACHE per base commit, configuration, compiler,
# sparse and file; on a miss, compiled in the base worktree (basetree.sh).
. "$(dirname "$0")/lib.sh"

kind=$1 f=$2
case $kind in
w1) flags=(W=1) ;;
sparse) flags=(C=2 W=1) ;;
*) die "basewarn.sh: unknown kind '$kind'" ;;
esac
obj=${f%.c}.o
# The key: the file, the base, the configuration and how it is made, the
# toolchain (binutils and pahole reach the configuration too), and this
# harness's way of building and normalising.
key=$( { echo "$kind ${flags[*]} $f"; git -C "$LINUX" rev-parse base
	 cat "$CONFIGS/x86_64.config" "$CONFIGS/debug.config"
	 cat "$LIBDIR/kconfig.sh" "$LIBDIR/basetree.sh" "$0"
	 declare -f kmake warnings_of tree_relative
	 gcc --version | head -n 1; ld --version | head -n 1; pahole --version 2>&1 || true
	 [ "$kind" = w1 ] || sparse --version 2>&1; } | sha256sum | cut -c1-16)
c=$CACHE/base-warnings/$key
if [ "$CACHE" != off ] && [ -f "$c" ]; then
	cat "$c"
	exit 0
fi
"$LIBDIR/basetree.sh" >/dev/null
# Compiled afresh (from ccache, which keeps the compiler's messages too):
# an object that is up to date would print nothing.
rm -f "$BASE_OUT/x86/$obj"
rc=0
w=$(SRC=$BASE kmake O="$BASE_OUT/x86" ARCH=x86_64 "${flags[@]}" "$obj" 2>&1 |
	tee -a "$LOGS/base-warnings.log" | warnings_of) || rc=$?
# A file the base does not compile in this configuration gives nothing to
# compare with; not cached, so that a failed base build is not remembered.
if [ "$rc" -ne 0 ] || [ ! -f "$BASE_OUT/x86/$obj" ]; then
	printf '%s\n' "$w"
	exit 0
fi
# Best effort: a cache that cannot be written costs time, not the check.
if [ "$CACHE" != off ]; then
	{ mkdir -p "$CACHE/base-warnings" && printf '%s\n' "$w" >"$c.$$" && mv -f "$c.$$" "$c"; } 2>/dev/null ||
		rm -f "$c.$$" 2>/dev/null || true
fi
printf '%s\n' "$w"
