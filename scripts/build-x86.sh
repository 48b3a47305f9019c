#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the x86_64 guest kernel: tinyconfig + configs/x86_64.config +
# configs/debug.config.  Extra make arguments (W=1, C=1) pass through.
. "$(dirname "$0")/lib.sh"

SRC=${SRC:-$LINUX}
KOUT=${KOUT:-$OUT/x86}
LOG=${LOG:-$LOGS/build-x86.log}

stage "configuring x86_64 kernel ($(kver))"
"$TOP/scripts/kconfig.sh" "$SRC" "$KOUT" x86_64 tinyconfig \
	"$CONFIGS/x86_64.config" "$CONFIGS/debug.config" ${EXTRA_FRAGMENTS:-}
stage "building x86_64 bzImage (log: ${LOG#$TOP/})"
s=$(date +%s)
run_logged "$LOG" make -C "$SRC" O="$KOUT" ARCH=x86_64 -j"$JOBS" \
	CC="ccache gcc" HOSTCC="ccache gcc" "$@" bzImage
info "x86_64 build took $(($(date +%s) - s)) s"
