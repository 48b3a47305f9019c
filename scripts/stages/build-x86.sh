#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the x86_64 guest kernel: tinyconfig + configs/x86_64.config +
# configs/debug.config.  Extra make arguments (W=1, C=1) pass through.
# Results: build/results/build.tsv (unless RESULT=no, for other callers).
. "$(dirname "$0")/../lib/lib.sh"

SRC=${SRC:-$LINUX}
KOUT=${KOUT:-$OUT/x86}
LOG=${LOG:-$LOGS/build-x86.log}

result() { [ "${RESULT:-yes}" = no ] || row build x86_64 "$@"; }

# RECONFIG=no (the bisect stage, for a patch that changes no Kconfig file)
# keeps KOUT's configuration.
if [ "${RECONFIG:-yes}" = no ] && [ -f "$KOUT/.config" ]; then
	: >"$LOG.kconfig"
else
	stage "configuring x86_64 kernel ($(kver))"
fi
if [ "${RECONFIG:-yes}" = no ] && [ -f "$KOUT/.config" ]; then
	:
elif ! "$LIBDIR/kconfig.sh" "$SRC" "$KOUT" x86_64 tinyconfig \
	"$CONFIGS/x86_64.config" "$CONFIGS/debug.config" ${EXTRA_FRAGMENTS:-} 2>"$LOG.kconfig"; then
	cat "$LOG.kconfig" >&2
	result FAIL "configuration failed: $(grep -m1 -E 'kconfig:|ERROR' "$LOG.kconfig" || echo 'see build/logs')"
	exit 1
fi
# KTARGET=vmlinux (the bisect stage): compile and link, without packing
# a bootable image.
target=${KTARGET:-bzImage}
stage "building x86_64 $target and modules (log: ${LOG#$TOP/})"
# A failed build must not leave the previous kernel to boot.
rm -f "$KOUT/arch/x86/boot/bzImage"
s=$(date +%s)
targets=("$target")
grep -qx 'CONFIG_MODULES=y' "$KOUT/.config" && targets+=(modules)
if ! run_logged "$LOG" kmake O="$KOUT" ARCH=x86_64 "$@" "${targets[@]}"; then
	result FAIL "build failed: $(first_error "$LOG" | grep . || echo "see ${LOG#$TOP/}")"
	exit 1
fi
info "x86_64 build took $(($(date +%s) - s)) s"
result PASS "Linux $(kver) in $(($(date +%s) - s)) s"
