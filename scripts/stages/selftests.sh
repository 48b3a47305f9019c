#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the HMM selftests statically, pack them into a busybox initramfs,
# boot the x86_64 kernel in QEMU (TCG), run them and collect the results.
#
# Guest console (kernel log)  -> build/logs/boot-x86.log
# Test output (TAP, ttyS1)    -> build/logs/selftests.tap
# Per-case results            -> build/results/selftests.tsv
# Other callers (make soak, make mutate-selftests, the kcsan stage) set:
# HMM_TESTS_ARGS (run only hmm-tests, with these arguments, and with the
# environment HMM_TESTS_ENV),
# HMM_SOAK_SECONDS (run only the soak), SELFTEST_KOUT (another kernel
# build), SELFTEST_NAME, SELFTEST_BOOT and SELFTEST_PREFIX (the names of
# the results file, boot log and result groups), SELFTEST_APPEND (kernel
# arguments instead of kunit.enable=0).
. "$(dirname "$0")/../lib/lib.sh"

NAME=${SELFTEST_NAME:-selftests}
PREFIX=${SELFTEST_PREFIX:-x86}
KOUT=${SELFTEST_KOUT:-$OUT/x86}
GUEST=$OUT/guest-$NAME
BOOT_LOG=$LOGS/boot-${SELFTEST_BOOT:-x86}.log
TAP=$LOGS/$NAME.tap
TSV=$RESULTS/$NAME.tsv
TIMEOUT=${BOOT_TIMEOUT:-2400}
MM=$LINUX/tools/testing/selftests/mm

: >"$TSV"
rm -f "$BOOT_LOG" "$TAP"
if [ ! -f "$KOUT/arch/x86/boot/bzImage" ]; then
	row "$NAME" '(stage)' FAIL "no x86_64 kernel to boot: the build stage failed or did not run"
	exit 1
fi

stage "building static hmm-tests (selftests Makefile) and initramfs"
run_logged "$LOGS/headers.log" kmake O="$KOUT" ARCH=x86_64 headers_install
rm -rf "$GUEST"
mkdir -p "$GUEST"/{bin,dev,proc,sys,tmp,tests}
cp /bin/busybox "$GUEST/bin/busybox"
mkdir -p "$OUT/selftests"
# hmm-tests as upstream builds it (tools/testing/selftests/mm/Makefile),
# linked statically for the busybox guest, against this kernel's headers.
if ! run_logged "$LOGS/selftests-build.log" make -C "$MM" OUTPUT="$OUT/selftests" \
	KHDR_INCLUDES="-isystem $KOUT/usr/include" LDFLAGS=-static CC="ccache gcc" \
	"$OUT/selftests/hmm-tests"; then
	row "$NAME" '(build)' FAIL "hmm-tests does not build: $(first_error "$LOGS/selftests-build.log")"
	exit 1
fi
cp "$OUT/selftests/hmm-tests" "$MM/test_hmm.sh" "$GUEST/tests/"
# make soak: the soak program, against this tree's test_hmm uapi.
if [ -n "${HMM_SOAK_SECONDS:-}" ]; then
	if ! run_logged "$LOGS/soak-build.log" ccache gcc -Wall -O2 -static \
		-I"$LINUX/lib" -o "$GUEST/tests/hmm-soak" "$TOP/scripts/soak/hmm-soak.c" -lpthread; then
		row "$NAME" '(build)' FAIL "hmm-soak does not build: $(first_error "$LOGS/soak-build.log")"
		exit 1
	fi
fi

# test_hmm as a module (CONFIG_TEST_HMM=m): test_hmm.sh loads and unloads
# it; the per-backend runs load it once.  bash for test_hmm.sh.
modules=no
if grep -qx 'CONFIG_TEST_HMM=m' "$KOUT/.config"; then
	if ! run_logged "$LOGS/modules-install.log" kmake O="$KOUT" ARCH=x86_64 \
		INSTALL_MOD_PATH="$GUEST" INSTALL_MOD_STRIP=1 modules_install; then
		row "$NAME" '(modules)' FAIL "modules_install failed: $(first_error "$LOGS/modules-install.log")"
		exit 1
	fi
	[ -s "$GUEST/lib/modules/$(cat "$KOUT/include/config/kernel.release")/modules.dep" ] || {
		row "$NAME" '(modules)' FAIL "no modules.dep after modules_install (is depmod, from kmod, installed?)"
		exit 1
	}
	cp /bin/bash-static "$GUEST/bin/bash"
	modules=yes
fi

# Coherent device memory for test_hmm's DEVICE_COHERENT devices: the
# kernel reserves 512 MiB at 2 GiB (memmap=, below) and test_hmm hands the
# two halves to hmm_dmirror2/3.
spm="0x80000000 0x90000000"

# Each line: run name, then the shell command the guest runs in /tests.
# test_hmm.sh, as upstream's run_vmtests.sh runs it: it loads test_hmm,
# runs all of hmm-tests (with the series, the upstream cases on the
# interval backend and the registry's cases), then the upstream cases on
# the mirror backend, and unloads test_hmm.
: >"$GUEST/tests/runs"
load="modprobe test_hmm spm_addr_dev0=${spm% *} spm_addr_dev1=${spm#* }"
if [ -n "${HMM_SOAK_SECONDS:-}" ]; then
	# make soak: load, soak, unload (then the kmemleak scan below).
	cat >>"$GUEST/tests/runs" <<RUNS
load-test_hmm $load
soak ./hmm-soak $HMM_SOAK_SECONDS ${HMM_SOAK_SEED:-}
unload-test_hmm rmmod test_hmm
RUNS
elif [ -n "${HMM_TESTS_ARGS:-}" ]; then
	# Only hmm-tests with these arguments (make mutate's selftest runs).
	[ $modules = no ] || echo "load-test_hmm $load" >>"$GUEST/tests/runs"
	echo "hmm ${HMM_TESTS_ENV:+env $HMM_TESTS_ENV }./hmm-tests $HMM_TESTS_ARGS" >>"$GUEST/tests/runs"
elif [ $modules = yes ]; then
	echo "test_hmm.sh bash ./test_hmm.sh smoke $spm" >>"$GUEST/tests/runs"
	echo "test_hmm-unloaded ! grep -q '^test_hmm ' /proc/modules" >>"$GUEST/tests/runs"
else
	echo "hmm ./hmm-tests" >>"$GUEST/tests/runs"
fi
# Last, a kmemleak scan (CONFIG_DEBUG_KMEMLEAK, no automatic scans): what
# the runs leaked is older than kmemleak's 5 s minimum age by then.  A
# leak fails the run and goes to the console for the log check.
if grep -qx 'CONFIG_DEBUG_KMEMLEAK=y' "$KOUT/.config" && [ -z "${HMM_TESTS_ARGS:-}" ]; then
	cat >"$GUEST/tests/kmemleak" <<'KMEMLEAK'
k=/sys/kernel/debug/kmemleak
[ -w $k ] || { echo "kmemleak: no $k (disabled?)"; exit 1; }
sleep 6
echo scan >$k && echo scan >$k || { echo "kmemleak: scan failed (disabled?)"; exit 1; }
r=$(cat $k) || { echo "kmemleak: cannot read $k"; exit 1; }
[ -z "$r" ] || { echo "$r" >/dev/console; echo "kmemleak: leaks reported (console log)"; exit 1; }
KMEMLEAK
	echo "kmemleak sh ./kmemleak" >>"$GUEST/tests/runs"
fi

cat >"$GUEST/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
# As upstream's run_vmtests.sh: THP on madvise (with "always" the
# exclusive tests get a huge page they cannot make exclusive), and a
# hugetlb pool for the hugetlbfs cases.
echo madvise >/sys/kernel/mm/transparent_hugepage/enabled
echo 64 >/proc/sys/vm/nr_hugepages
out=/dev/ttyS1
echo "HMM-GUEST: $(uname -r) $(nproc) cpus, $(grep MemTotal /proc/meminfo)"
cd /tests
# Only what the runs leak counts: forget what boot left (kmemleak; an
# object is reported once it is 5 s old).
if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 5
	echo scan >/sys/kernel/debug/kmemleak
	echo clear >/sys/kernel/debug/kmemleak
fi
while read -r name cmd; do
	echo "HMM-GUEST: running $name at $(cut -d' ' -f1 /proc/uptime) s" >/dev/console
	echo "### RUN $name" >$out
	sh -c "$cmd" </dev/null >$out 2>&1
	echo "### END $name rc=$?" >$out
	echo "HMM-GUEST: finished $name at $(cut -d' ' -f1 /proc/uptime) s" >/dev/console
done <runs
echo "### DONE" >$out
echo "HMM-GUEST: all runs done"
sync
poweroff -f
INIT
chmod +x "$GUEST/init"
(cd "$GUEST" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT/initramfs-$NAME.cpio.gz"

# KUnit is built in (CONFIG_KUNIT=y) but not run in this boot.
append="console=ttyS0 panic=-1 kasan_multi_shot ${SELFTEST_APPEND:-kunit.enable=0} memmap=512M!2G \
test_hmm.spm_addr_dev0=${spm% *} test_hmm.spm_addr_dev1=${spm#* } ${KERNEL_ARGS:-}"
stage "booting in QEMU, running the selftests"
rm -f "$TAP"
BOOT_KERNEL=$KOUT/arch/x86/boot/bzImage \
	boot_x86 "$BOOT_LOG" "$TIMEOUT" 3G "$OUT/initramfs-$NAME.cpio.gz" "$append" -serial "file:$TAP"
rc=$BOOT_RC

# Plain commands report their exit status; test_hmm.sh runs hmm-tests
# twice (all cases, then the upstream ones on the mirror backend).  The
# runs the configs and the series call for must all have run, whatever
# the runs file says.
passes=1
required=
grep -q 'use_mirror' "$LINUX/lib/test_hmm.c" && passes=2
if [ -n "${HMM_SOAK_SECONDS:-}" ]; then
	required=soak,kmemleak
elif [ -z "${HMM_TESTS_ARGS:-}" ]; then
	grep -qx 'CONFIG_TEST_HMM=m' "$CONFIGS/x86_64.config" &&
		required=$required,test_hmm.sh,test_hmm-unloaded
	grep -qx 'CONFIG_DEBUG_KMEMLEAK=y' "$CONFIGS/x86_64.config" && required=$required,kmemleak
fi
python3 "$LIBDIR/tap.py" "$TAP" "$TSV" "$PREFIX" \
	--expect "$(cut -d' ' -f1 "$GUEST/tests/runs" | paste -sd,),$required" \
	--commands load-test_hmm,unload-test_hmm,test_hmm-unloaded,kmemleak,soak \
	--passes test_hmm.sh=$passes || true
# Both backends must run the same upstream cases with the same results:
# test_hmm.sh's first pass (interval backend, plus the registry's cases)
# against its second (mirror backend).
if [ $passes = 2 ] && [ -z "${HMM_TESTS_ARGS:-}" ] && [ -z "${HMM_SOAK_SECONDS:-}" ]; then
	python3 "$LIBDIR/parity.py" "$TSV" "$PREFIX:test_hmm.sh/1" \
		"$PREFIX:test_hmm.sh/2" "hmm-tests interval vs mirror" --exclude mirror.,badarg.
fi
[ "$rc" -eq 0 ] || echo "QEMU exited with $rc (124: timeout)" >"$RESULTS/$NAME.qemu"
[ "$rc" -eq 0 ] && rm -f "$RESULTS/$NAME.qemu"
exit 0
