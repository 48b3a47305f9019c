#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A worktree of "base" at build/base/linux, configured like the x86_64
# guest in build/base/out/x86, for "no new warnings against the base".
. "$(dirname "$0")/lib.sh"

[ -f "$OUT/x86/.config" ] || die "no build/out/x86/.config: the x86_64 build stage must run first"
if [ "$(git -C "$BASE" rev-parse HEAD 2>/dev/null)" != "$(git -C "$LINUX" rev-parse base)" ]; then
	stage "creating base worktree ${BASE#$TOP/}"
	worktree "$BASE" base
fi
if ! cmp -s "$OUT/x86/.config" "$BASE_OUT/x86/.config.src" 2>/dev/null; then
	stage "preparing base build dir"
	mkdir -p "$BASE_OUT/x86"
	cp "$OUT/x86/.config" "$BASE_OUT/x86/.config"
	cp "$OUT/x86/.config" "$BASE_OUT/x86/.config.src"
	SRC=$BASE run_logged "$LOGS/base-prepare.log" kmake O="$BASE_OUT/x86" ARCH=x86_64 \
		olddefconfig prepare
fi
