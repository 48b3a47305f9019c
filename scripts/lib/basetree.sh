#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A worktree of "base" at build/base/linux, configured from the x86_64
# guest's fragments in build/base/out/x86, for "no new warnings against the
# base".
. "$(dirname "$0")/lib.sh"

if [ "$(git -C "$BASE" rev-parse HEAD 2>/dev/null)" != "$(git -C "$LINUX" rev-parse base)" ] ||
   ! git -C "$BASE" rev-parse --git-dir >/dev/null 2>&1; then
	stage "creating base worktree ${BASE#$TOP/}"
	worktree "$BASE" base
fi
frags=("$CONFIGS/x86_64.config" "$CONFIGS/debug.config")
id=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$BASE_OUT/x86/.fragments" 2>/dev/null)" != "$id" ] || [ ! -f "$BASE_OUT/x86/include/generated/autoconf.h" ]; then
	stage "preparing base build dir"
	"$LIBDIR/kconfig.sh" "$BASE" "$BASE_OUT/x86" x86_64 tinyconfig "${frags[@]}"
	SRC=$BASE run_logged "$LOGS/base-prepare.log" kmake O="$BASE_OUT/x86" ARCH=x86_64 prepare
	echo "$id" >"$BASE_OUT/x86/.fragments"
fi
