#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the hmm_mirror_bench KUnit suite at full size, without debug
# options, in two environments, then one report.
#  - UML (mm/tests/hmm_mirror_bench.kunitconfig, build/out/um-bench): runs
#    kernel code natively, one CPU: the single-thread figures.
#  - x86_64 under QEMU (configs/bench.config, build/out/x86-bench), 2 vCPUs:
#    the two-CPU and collision figures.  QEMU uses TCG on a host whose
#    /dev/kvm cannot run the guest, so its absolute times are emulated;
#    ratios within that boot still compare like with like.
# Output: build/bench/results.json, table.md (printed), *.png.
# BENCH_MODE (2: full, 1: tiny), BENCH_ENVS (default "uml x86").
. "$(dirname "$0")/../lib/lib.sh"

MODE=${BENCH_MODE:-2}
ENVS=${BENCH_ENVS:-uml x86}
DIR=$BUILD/bench
TSV=$RESULTS/bench.tsv
mkdir -p "$DIR"
: >"$TSV"
rm -f "$DIR"/*.log "$DIR"/*.png "$DIR"/*.dat "$DIR/results.json" "$DIR/table.md"
args=()
# Plots need gnuplot; install it like the other packages, or do without.
if ! command -v gnuplot >/dev/null && [ "$(id -u)" -eq 0 ]; then
	info "installing gnuplot-nox for the plots"
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
		--no-install-recommends gnuplot-nox >>"$LOGS/deps.log" 2>&1 ||
		info "gnuplot-nox did not install: no plots (see build/logs/deps.log)"
fi

if [[ " $ENVS " == *" uml "* ]]; then
	stage "benchmarks on UML, no debug options (log: build/logs/bench-uml.log)"
	s=$(date +%s)
	rc=0
	run_logged "$LOGS/bench-uml.log" python3 "$LINUX/tools/testing/kunit/kunit.py" run \
		--arch=um --build_dir="$OUT/um-bench" \
		--kunitconfig="$LINUX/mm/tests/hmm_mirror_bench.kunitconfig" \
		--kconfig_add CONFIG_UML_PCI_OVER_VIRTIO=n --jobs="$JOBS" \
		--make_options CC="ccache gcc" --make_options HOSTCC="ccache gcc" \
		--kernel_args "hmm_mirror_bench.mode=$MODE" --timeout 3600 \
		hmm_mirror_bench || rc=$?
	cp "$OUT/um-bench/test.log" "$DIR/uml.log" 2>/dev/null || : >"$DIR/uml.log"
	if [ "$rc" -eq 0 ]; then
		row bench uml PASS "UML build and run in $(($(date +%s) - s)) s"
	else
		row bench uml FAIL "kunit.py exit $rc; see build/logs/bench-uml.log"
	fi
	args+=("uml=$DIR/uml.log" --config "uml=UML, mm/tests/hmm_mirror_bench.kunitconfig (no debug options)")
fi

if [[ " $ENVS " == *" x86 "* ]]; then
	KOUT=$OUT/x86-bench
	s=$(date +%s)
	if KOUT=$KOUT LOG=$LOGS/build-bench.log RESULT=no EXTRA_FRAGMENTS=$CONFIGS/bench.config \
		"$STAGES/build-x86.sh"; then
		root=$OUT/bench-root
		rm -rf "$root"
		mkdir -p "$root/bin"
		cp /bin/busybox "$root/bin/busybox"
		printf '#!/bin/busybox sh\n/bin/busybox poweroff -f\n' >"$root/init"
		chmod +x "$root/init"
		(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT/bench-initramfs.cpio.gz"
		stage "benchmarks on x86_64, 2 vCPUs, no debug options"
		BOOT_KERNEL=$KOUT/arch/x86/boot/bzImage boot_x86 "$DIR/x86.log" 3600 2G \
			"$OUT/bench-initramfs.cpio.gz" \
			"console=ttyS0 panic=-1 kunit.filter_glob=hmm_mirror_bench hmm_mirror_bench.mode=$MODE"
		accel=$(qemu_accel "$KOUT/arch/x86/boot/bzImage" | cut -f1)
		if [ "$BOOT_RC" -eq 0 ] && grep -q 'ok 1 hmm_mirror_bench' "$DIR/x86.log"; then
			row bench x86 PASS "build and boot in $(($(date +%s) - s)) s (QEMU $accel)"
		else
			row bench x86 FAIL "QEMU exit $BOOT_RC or suite not ok; see build/bench/x86.log"
		fi
		args+=("x86-$accel=$DIR/x86.log" --config "x86-$accel=x86_64 under QEMU $accel, 2 vCPUs, configs/bench.config (no debug options)")
	else
		row bench x86 FAIL "bench kernel build failed; see build/logs/build-bench.log"
	fi
fi

stage "report (build/bench/table.md, results.json, plots)"
if python3 "$LIBDIR/bench.py" report "$DIR" "${args[@]}"; then
	row bench report PASS "build/bench/results.json, table.md"
else
	row bench report FAIL "bench.py report failed"
fi
