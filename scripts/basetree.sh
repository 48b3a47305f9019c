#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A read-only worktree of "base" at build/linux-base, configured like the
# x86_64 guest, for "no new warnings against the base" comparisons.
. "$(dirname "$0")/lib.sh"

BASE=$BUILD/linux-base
BOUT=$OUT/x86-base
if [ ! -d "$BASE" ] || [ "$(git -C "$BASE" rev-parse HEAD 2>/dev/null)" != "$(git -C "$LINUX" rev-parse base)" ]; then
	stage "creating base worktree build/linux-base"
	rm -rf "$BASE"
	git -C "$LINUX" worktree prune
	git -C "$LINUX" worktree add -q --detach "$BASE" base
fi
if ! cmp -s "$OUT/x86/.config" "$BOUT/.config.src" 2>/dev/null; then
	stage "preparing base build dir"
	mkdir -p "$BOUT"
	cp "$OUT/x86/.config" "$BOUT/.config"
	cp "$OUT/x86/.config" "$BOUT/.config.src"
	run_logged "$LOGS/base-prepare.log" make -C "$BASE" O="$BOUT" ARCH=x86_64 -j"$JOBS" \
		CC="ccache gcc" HOSTCC="ccache gcc" olddefconfig prepare
fi
