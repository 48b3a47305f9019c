# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the harness scripts.  Sourced, never executed.
# Settings (environment variables) are listed in README.md, "Settings".

set -euo pipefail

# Each harness script is a make of its own: when run from a make recipe
# (make test, make -C DIR test) the outer make's MAKELEVEL would make the
# inner ones print "Entering directory" into captured output, and its
# MAKEFLAGS would hand them its jobserver.
unset MAKEFLAGS MAKELEVEL MFLAGS

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LIBDIR=$TOP/scripts/lib
STAGES=$TOP/scripts/stages
BUILD=${BUILD:-$TOP/build}
LINUX=$BUILD/linux
OUT=$BUILD/out
# Worktrees of build/linux for the base and for per-patch builds.  Each
# sits two levels below its build dirs, as build/linux sits beside
# build/out/*: relative to the compiler's working directory every source
# path is then "../../linux/...", so ccache (CCACHE_BASEDIR) serves all
# of them from the main builds' objects.
BASE=$BUILD/base/linux
BASE_OUT=$BUILD/base/out
BISECT=$BUILD/bisect/linux
BISECT_OUT=$BUILD/bisect/out
LOGS=$BUILD/logs
RESULTS=$BUILD/results
# What the base tree gives is the same in every checkout on this machine:
# the unpacked tree (a git pack) and the base's warnings per check and
# file, keyed by everything they depend on.  Kept beside ccache's cache,
# for the same reason (a clean clone need not redo them); HMM_CACHE moves
# it, HMM_CACHE=off turns it off.
CACHE=${HMM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hmm-series}
[ "$CACHE" = off ] || [ "${CACHE#/}" != "$CACHE" ] || CACHE=$PWD/$CACHE
PATCHES=$TOP/patches
CONFIGS=$TOP/configs
# The base tarball: the pinned Debian package (scripts/lib/base.sh sets
# it), or one of the user's own.
TARBALL=${TARBALL:-}
TARBALL_GIVEN=$TARBALL
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

mkdir -p "$LOGS" "$RESULTS"

# ccache: share hits between clones in other folders (paths under $TOP
# are hashed relative to the compiler's working directory).  The cache
# size is the user's (CCACHE_MAXSIZE or ccache.conf); only ccache's
# built-in 5 GB default is raised, since the x86_64, UML and base builds
# need more.
export CCACHE_BASEDIR=$TOP
export CCACHE_NOHASHDIR=true
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-time_macros}
if [ -z "${CCACHE_MAXSIZE:-}" ] && command -v ccache >/dev/null &&
   ! grep -qs '^[[:space:]]*max_size' "${CCACHE_CONFIGPATH:-${XDG_CONFIG_HOME:-$HOME/.config}/ccache/ccache.conf}" \
	"${CCACHE_DIR:-$HOME/.ccache}/ccache.conf" /etc/ccache.conf; then
	export CCACHE_MAXSIZE=20G
fi
# Reproducible git identity for the commits the harness makes.
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-HMM Registry Developer}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-hmm-registry@example.org}

T0=${T0:-$(date +%s)}
export T0

elapsed() {
	local s=$(($(date +%s) - T0))
	printf '%02d:%02d' $((s / 60)) $((s % 60))
}

stage() { printf '==> [%s] %s\n' "$(elapsed)" "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

kver() { cat "$BUILD/kernelversion" 2>/dev/null || echo unknown; }

# run_logged LOG CMD...: run CMD with output in LOG, print a heartbeat
# every 30 s, and show the log's tail on failure.
run_logged() {
	local log=$1 what rc=0 start tick
	shift
	what=$(basename "$log" .log)
	start=$(date +%s)
	printf '### %s\n### kernel %s\n### %s\n' "$(date -u)" "$(kver)" "$*" >"$log"
	# The sleep must not hold our stdout: a caller reading it to EOF
	# would wait for the orphaned sleep after the kill.
	( while sleep 30 </dev/null >/dev/null 2>&1; do
		printf '    ... %s running for %ss (%s)\n' "$what" \
			$(($(date +%s) - start)) "${log#$TOP/}"
	  done ) &
	tick=$!
	"$@" >>"$log" 2>&1 || rc=$?
	kill "$tick" 2>/dev/null || true
	wait "$tick" 2>/dev/null || true
	if [ "$rc" -ne 0 ]; then
		echo "---- last lines of ${log#$TOP/} ----" >&2
		tail -n 40 "$log" >&2
		echo "---- ${what} failed (exit $rc) ----" >&2
	fi
	return "$rc"
}

# row GROUP CASE STATUS DETAIL: append one result line to GROUP's TSV.
row() {
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$RESULTS/$1.tsv"
}

# run_stage NAME CMD...: run one stage; never aborts the caller.  A stage
# that exits non-zero without having recorded a failure in
# build/results/NAME.tsv gets a FAIL row naming its last "ERROR:" message
# (from die) or else its exit status.
run_stage() {
	local name=$1 rc=0 err=$LOGS/$1.stderr cause
	shift
	{ "$@" 2>&1 1>&3 3>&- | tee "$err" >&2; } 3>&1 || rc=$?
	if [ "$rc" -ne 0 ] && ! grep -qs $'\tFAIL\t' "$RESULTS/$name.tsv"; then
		cause=$(grep -h '^ERROR: ' "$err" | tail -n 1 | sed 's/^ERROR: //' || true)
		row "$name" '(stage)' FAIL "${cause:-stage $name stopped with exit status $rc; see build/logs/}"
	fi
	return 0
}

# The patches of the series, cover letter excluded, in order.
series_patches() {
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-*' | sort
}

# What build/linux holds, in build/linux/.git/hmm-series.stamp: the
# tarball and patches/ it was made from, its HEAD, and whether the series
# only partly applied ("partial": a throwaway tree, never work to keep).
STAMP=$LINUX/.git/hmm-series.stamp
# The base's identity: BASE_ID (make base-check's), the given tarball's
# size and mtime, or the pin.
tarball_id() {
	local v s
	if [ -n "${BASE_ID:-}" ]; then
		printf '%s\n' "$BASE_ID"
	elif [ -n "$TARBALL_GIVEN" ]; then
		stat -c '%s %Y' "$TARBALL_GIVEN"
	else
		v=$(pin version)
		s=$(pin sha256)
		printf 'debian %s %s\n' "$v" "$s"
	fi
}
patches_id() {
	local p
	for p in $(series_patches); do sha256sum "$p" | cut -d' ' -f1; done | sha256sum | cut -d' ' -f1
}
stamp_get() { sed -n "s/^$1=//p" "$STAMP" 2>/dev/null; }
stamp_write() {
	printf 'tarball=%s\npatches=%s\nhead=%s\npartial=%s\nversion=%s\n' "$(tarball_id)" \
		"$(patches_id)" "$(git -C "$LINUX" rev-parse HEAD)" "${1:-}" "$(kver)" >"$STAMP"
}

# kmake ARGS...: make in build/linux (or $SRC) with the harness's jobs
# and compilers.
kmake() {
	make -C "${SRC:-$LINUX}" -j"$JOBS" CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# known_symbols SRC: every Kconfig symbol the tree at SRC defines, a line each.
known_symbols() {
	find "$1" -name 'Kconfig*' -not -path '*/.git/*' -print0 |
		xargs -0 sed -n 's/^[[:space:]]*\(menu\)\?config[[:space:]]\+\([A-Z0-9_]\+\).*/\2/p' |
		sort -u
}

# fragment_lines FRAGMENT...: "SYMBOL VALUE" for each line a Kconfig
# fragment sets ("# CONFIG_X is not set" gives "X n").
fragment_lines() {
	sed -n -e 's/^CONFIG_\([A-Za-z0-9_]*\)=\(.*\)$/\1 \2/p' \
		-e 's/^# CONFIG_\([A-Za-z0-9_]*\) is not set$/\1 n/p' "$@"
}

# kunit_args SRC: fill KUNIT_ARGS with kunit.py's config options for the
# tree at SRC: the series' own mm/tests/.kunitconfig, exactly what a
# reviewer's "kunit.py run --kunitconfig=mm/tests" uses, plus the
# harness's debug options (configs/debug.config) as --kconfig_add.  A tree
# without it (the base, the patches before the KUnit suite) gets KUnit's
# own lib/kunit/.kunitconfig instead, so that UML still builds.
KUNIT_ARGS=()
kunit_args() {
	local sym val
	if [ -f "$1/mm/tests/.kunitconfig" ]; then
		KUNIT_ARGS=(--kunitconfig="$1/mm/tests")
	else
		KUNIT_ARGS=(--kunitconfig="$1/lib/kunit")
	fi
	while read -r sym val; do
		KUNIT_ARGS+=(--kconfig_add "CONFIG_$sym=$val")
	done < <(fragment_lines "$CONFIGS/debug.config")
	# arch_uml.config turns on virtio-PCI with device id -1, which
	# WARNs at every boot; nothing here needs it.
	KUNIT_ARGS+=(--kconfig_add CONFIG_UML_PCI_OVER_VIRTIO=n)
}

# worktree DIR COMMIT [PATH...]: a detached worktree of build/linux at
# DIR, checked out at COMMIT; made again when build/linux was unpacked
# anew.  With PATHs, a sparse one holding only those files (for git am:
# writing the 87,000 files of a full one takes 15 to 60 s here).  Removes
# the worktrees of the harness's older layout.
worktree() {
	local old dir=$1 commit=$2
	shift 2
	for old in "$BUILD/linux-base" "$BUILD/linux-bisect"; do
		[ ! -e "$old" ] || rm -rf "$old"
	done
	if ! git -C "$dir" rev-parse --git-dir >/dev/null 2>&1 ||
	   [ "$(git -C "$dir" rev-parse --git-common-dir)" != "$(git -C "$LINUX" rev-parse --absolute-git-dir)" ]; then
		rm -rf "$dir"
		git -C "$LINUX" worktree prune
		mkdir -p "$(dirname "$dir")"
		if [ $# -gt 0 ]; then
			git -C "$LINUX" worktree add -q --no-checkout --detach "$dir" "$commit"
		else
			git -C "$LINUX" worktree add -q --detach "$dir" "$commit"
		fi
	fi
	if [ $# -gt 0 ]; then
		printf '/%s\n' "$@" | git -C "$dir" sparse-checkout set --no-cone --stdin
		git -C "$dir" read-tree -mu HEAD
	elif [ "$(git -C "$dir" config --worktree --get core.sparseCheckout 2>/dev/null)" = true ]; then
		git -C "$dir" sparse-checkout disable
	fi
	git -C "$dir" checkout -q --detach "$commit"
}

# patch_paths PATCH...: the files the patches touch, a line each.
patch_paths() {
	sed -n 's#^diff --git a/\([^ ]*\) b/\([^ ]*\)$#\1\n\2#p' "$@" | sort -u
}

# tree_relative: drop the tree prefix (build/linux/, build/base/linux/,
# build/bisect/linux/, or a kbuild "../../linux/") from compiler messages.
tree_relative() {
	sed -E 's#^([^ :]*/)?(\.\./\.\./|build/(base/|bisect/)?)linux/##'
}

# warnings_of: the compiler and sparse warnings of a build log on stdin,
# normalised (tree prefix and line numbers dropped) and sorted, so that
# two builds of different trees compare.
warnings_of() {
	{ grep -E '(warning|error):' || true; } | tree_relative |
		sed -E 's#:[0-9]+(:[0-9]+)?:#:#' | sort
}

# first_error LOG: the first compiler error of a build log, tree-relative.
first_error() {
	grep -m1 -E 'error:|Error [0-9]' "$1" | tree_relative || true
}

# added_lines NEW OLD: the lines of NEW (sorted text) that OLD lacks.
added_lines() {
	comm -23 <(printf '%s\n' "$1" | sed '/^$/d') <(printf '%s\n' "$2" | sed '/^$/d')
}

# new_vs_base TSV GROUP NAME NEW OLD: a PASS row if NEW (warnings on the
# series) has no line OLD (the same file on the base) lacks, else a FAIL
# row naming the first new one; the new ones are printed too.
new_vs_base() {
	local added
	added=$(added_lines "$4" "$5")
	if [ -z "$added" ]; then
		printf '%s\t%s\tPASS\t\n' "$2" "$3" >>"$1"
	else
		printf '%s\t%s\tFAIL\t%s\n' "$2" "$3" "$(printf '%s\n' "$added" | head -n 1)" >>"$1"
		printf '%s\n' "$added" | sed 's/^/      new: /'
	fi
}

# need_space DIR GIB WHAT: fail early, with the figures, when the file
# system of DIR has less than GIB GiB free.
need_space() {
	local avail
	mkdir -p "$1"
	avail=$(df -Pk "$1" | awk 'NR == 2 { print int($4 / 1048576) }')
	[ "$avail" -ge "$2" ] ||
		die "$3 needs about $2 GiB free under $1; only $avail GiB are (df -h $1)"
}

# qemu_accel KERNEL: "kvm" when /dev/kvm runs KERNEL here, else "tcg",
# then the reason after a tab.  Some hosts expose a /dev/kvm that fails or
# hangs a real guest (this one: QEMU aborts on an MSR with -cpu host), so
# the probe boots KERNEL under KVM, as the harness would, with an initramfs
# that prints a marker and powers off, and a short timeout.  The answer is
# kept per host in build/out/qemu-accel.  QEMU_ACCEL=kvm|tcg skips it.
qemu_accel() {
	local kernel=$1 cache=$OUT/qemu-accel dir host ans why
	local kvm=${KVM_DEV:-/dev/kvm}
	if [ -n "${QEMU_ACCEL:-}" ]; then
		printf '%s\tQEMU_ACCEL is set\n' "$QEMU_ACCEL"
		return
	fi
	host="$(uname -r) $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2)"
	if [ "$(sed -n 2p "$cache" 2>/dev/null)" = "$host" ]; then
		sed -n 1p "$cache"
		return
	fi
	ans=tcg why="no usable $kvm"
	if [ -e "$kvm" ] && [ ! -w "$kvm" ]; then
		why="$kvm is not writable"
	elif [ -w "$kvm" ]; then
		why="$kvm cannot run this guest"
		dir=$(mktemp -d)
		mkdir -p "$dir/root/bin"
		cp /bin/busybox "$dir/root/bin/busybox"
		printf '#!/bin/busybox sh\n/bin/busybox echo HMM-KVM-PROBE-OK\n/bin/busybox poweroff -f\n' \
			>"$dir/root/init"
		chmod +x "$dir/root/init"
		(cd "$dir/root" && find . | cpio -o -H newc --quiet | gzip -1) >"$dir/initrd"
		if timeout -k 5 "${KVM_PROBE_TIMEOUT:-60}" qemu-system-x86_64 -accel kvm \
			-cpu host -m 512 -bios /usr/share/qemu/qboot.rom -nographic \
			-display none -no-reboot -kernel "$kernel" -initrd "$dir/initrd" \
			-append "console=ttyS0 panic=-1 kunit.enable=0" </dev/null 2>&1 |
		   grep -q HMM-KVM-PROBE-OK; then
			ans=kvm why="$kvm runs the guest"
		fi
		rm -rf "$dir"
	fi
	mkdir -p "$OUT"
	printf '%s\t%s\n%s\n' "$ans" "$why" "$host" >"$cache.tmp"
	mv "$cache.tmp" "$cache"
	sed -n 1p "$cache"
}

# boot_x86 LOG TIMEOUT MEM INITRD APPEND [QEMU_ARG...]: boot the x86_64
# test kernel (build/out/x86) in QEMU with 2 vCPUs and MEM of memory,
# under KVM when qemu_accel says it works, else TCG; the console goes to
# LOG.  Sets BOOT_RC to QEMU's exit status (124: TIMEOUT seconds passed).
boot_x86() {
	local log=$1 timeout=$2 mem=$3 initrd=$4 append=$5 accel why cpu=max s
	local kernel=${BOOT_KERNEL:-$OUT/x86/arch/x86/boot/bzImage}
	shift 5
	IFS=$'\t' read -r accel why < <(qemu_accel "$kernel")
	[ "$accel" = kvm ] && cpu=host
	info "QEMU: $accel ($why); timeout ${timeout}s; log: ${log#$TOP/}"
	s=$(date +%s)
	BOOT_RC=0
	run_logged "$log" timeout --foreground -k 10 "$timeout" \
		qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp 2 -m "$mem" \
		-bios /usr/share/qemu/qboot.rom -nographic -no-reboot -display none \
		-kernel "$kernel" -initrd "$initrd" -append "$append" \
		-serial mon:stdio "$@" </dev/null || BOOT_RC=$?
	info "guest ran for $(($(date +%s) - s)) s (exit $BOOT_RC)"
}

. "$LIBDIR/base.sh"
