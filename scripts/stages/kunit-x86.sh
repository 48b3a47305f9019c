#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The registry's KUnit suite on SMP with preemption: the x86_64 guest
# kernel (2 vCPUs, CONFIG_PREEMPT, lockdep, KASAN, DEBUG_LIST,
# DEBUG_ATOMIC_SLEEP) has it built in, so this is one more short boot of
# the selftest kernel, no build.  KUnit runs at boot; the initramfs only
# powers off.  kunit.py parses the console log.
# Results: build/results/kunit-x86.tsv; kernel log build/logs/kunit-x86-boot.log.
# KUNIT_X86_FILTER (default hmm_mirror), KUNIT_X86_ARGS (more kernel
# arguments) and KUNIT_X86_TIMEOUT (seconds, default 1800).
. "$(dirname "$0")/../lib/lib.sh"

KOUT=$OUT/x86
LOG=$LOGS/kunit-x86-boot.log
TSV=$RESULTS/kunit-x86.tsv
TIMEOUT=${KUNIT_X86_TIMEOUT:-1800}

: >"$TSV"
rm -f "$LOG" "$RESULTS/kunit-x86.json"
if [ ! -f "$KOUT/arch/x86/boot/bzImage" ]; then
	row kunit-x86 '(stage)' FAIL "no x86_64 kernel to boot: the build stage failed or did not run"
	exit 1
fi
if ! grep -qx 'CONFIG_HMM_MIRROR_KUNIT_TEST=y' "$KOUT/.config"; then
	row kunit-x86 '(stage)' SKIP "the x86_64 kernel has no built-in HMM_MIRROR_KUNIT_TEST"
	exit 0
fi

root=$OUT/kunit-x86-root
rm -rf "$root"
mkdir -p "$root/bin"
cp /bin/busybox "$root/bin/busybox"
printf '#!/bin/busybox sh\n/bin/busybox poweroff -f\n' >"$root/init"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT/kunit-x86-initramfs.cpio.gz"

filter=${KUNIT_X86_FILTER:-hmm_mirror}
stage "KUnit $filter on x86_64, 2 vCPUs, PREEMPT"
boot_x86 "$LOG" "$TIMEOUT" 2G "$OUT/kunit-x86-initramfs.cpio.gz" \
	"console=ttyS0 panic=-1 kasan_multi_shot kunit.filter_glob=$filter ${KUNIT_X86_ARGS:-}"
rc=$BOOT_RC

python3 "$LINUX/tools/testing/kunit/kunit.py" parse --json="$RESULTS/kunit-x86.json" \
	"$LOG" >"$LOGS/kunit-x86.log" 2>&1 || true
# kunit_tsv.py's exit status is QEMU's here (124: timeout).
KUNIT_GROUP=kunit-x86 KUNIT_RC_WHAT="QEMU (124: timeout)" python3 "$LIBDIR/kunit_tsv.py" "$RESULTS/kunit-x86.json" "$TSV" \
	"$rc" "$LOGS/kunit-x86.log"
exit 0
