#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of the series builds on x86_64 and UML with the test configs
# (configured from the fragments at that patch; on x86_64 vmlinux and the
# modules, and the bzImage only for a patch that touches the code that
# packs it), with no compiler warning, and the C files it touches have no
# W=1 warning the base does not have.
# Builds in a worktree (build/bisect/linux, build dirs build/bisect/out/*)
# laid out like build/linux and build/out/*, so that ccache serves every
# file a patch does not change from the main builds.
# Results: build/results/bisect.tsv.
. "$(dirname "$0")/../lib/lib.sh"

: >"$RESULTS/bisect.tsv"
: >"$LOGS/bisect.log"
commits=$(git -C "$LINUX" rev-list --reverse base..HEAD)
[ -n "$commits" ] || { info "no patches: nothing to bisect"; exit 0; }

stage "building every patch on x86_64 and UML (log: build/logs/bisect.log)"
BX=$BISECT_OUT/x86
BU=$BISECT_OUT/um

# compiles KOUT FILE...: can a change to FILEs change what the build in
# KOUT compiles?  The selftests, documentation text and MAINTAINERS cannot;
# lib/test_hmm* only where the configuration builds test_hmm.  Anything
# else can: sources, headers, Kconfig (Documentation/Kconfig too),
# Makefiles, and the tools the build runs (objtool, kunit.py).
compiles() {
	local kout=$1 f
	shift
	[ -f "$kout/.config" ] || return 0
	for f; do
		case $f in
		tools/testing/selftests/*|Documentation/*.rst|Documentation/*.txt|MAINTAINERS) ;;
		lib/test_hmm*) grep -qE '^CONFIG_TEST_HMM=[ym]$' "$kout/.config" && return 0 ;;
		*) return 0 ;;
		esac
	done
	return 1
}

# w1 ARCH KOUT FILE: normalised W=1 warnings of FILE's object.
w1() {
	SRC=$BISECT kmake O="$2" ARCH="$1" W=1 "${3%.c}.o" 2>&1 | tee -a "$LOGS/bisect.log" | warnings_of
}

i=0
declare -A built_ok=()
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$LINUX" log -1 --format=%s "$c")
	changed=$(git -C "$LINUX" diff --name-only "$c~1" "$c")
	worktree "$BISECT" "$c"
	for arch in x86_64 um; do
		log=$LOGS/bisect-$i-$arch.log
		kout=$BX
		[ $arch = x86_64 ] || kout=$BU
		# A patch that changes nothing this build compiles leaves the
		# tree the previous patch built, here, in this run: no build.
		# shellcheck disable=SC2086
		if [ -n "${built_ok[$arch]:-}" ] && ! compiles "$kout" $changed; then
			info "[$i] $arch: $subj (nothing this build compiles changed)"
			printf 'bisect\t%02d %s\tPASS\t%s (compiles as patch %02d: no file this build compiles changed)\n' \
				"$i" "$arch" "$subj" "${built_ok[$arch]}" >>"$RESULTS/bisect.tsv"
			continue
		fi
		info "[$i] $arch: $subj"
		rc=0
		if [ $arch = x86_64 ]; then
			kout=$BX
			# The configuration of the previous patch, built in this
			# run, stands if this one changes no Kconfig file; if it
			# changes test_hmm alone, building that module is all
			# that can differ from the previous patch's build.
			reconfig=yes
			if [ -n "${built_ok[$arch]:-}" ] && ! grep -q 'Kconfig' <<<"$changed"; then
				reconfig=no
			fi
			# Files other than test_hmm's that this build compiles.  Not
			# a pipe into "grep -q": under pipefail, its early exit
			# fails the writer (SIGPIPE), and the test with it.
			others=
			for f in $changed; do
				case $f in lib/test_hmm*) continue ;; esac
				! compiles "$BX" "$f" || others="$others $f"
			done
			if [ $reconfig = no ] && [ -f "$BX/lib/test_hmm.ko" ] && [ -z "$others" ]; then
				# A single-module build drops modules.order, which
				# the W=1 check below reads: keep it.
				cp "$BX/modules.order" "$BX/modules.order.keep" 2>/dev/null || true
				SRC=$BISECT run_logged "$log" kmake O="$BX" ARCH=x86_64 lib/test_hmm.ko \
					>/dev/null 2>&1 || rc=$?
				mv "$BX/modules.order.keep" "$BX/modules.order" 2>/dev/null || true
			else
				# The image is packed by code a patch can touch
				# too: then it is built.
				target=vmlinux
				if grep -qE '^(arch/x86/boot/|lib/decompress|include/linux/decompress/|scripts/)' \
					<<<"$changed"; then
					target=bzImage
				fi
				SRC=$BISECT KOUT=$BX LOG=$log RESULT=no RECONFIG=$reconfig KTARGET=$target \
					"$STAGES/build-x86.sh" >/dev/null 2>&1 || rc=$?
			fi
		else
			kout=$BU
			kunit_args "$BISECT"
			run_logged "$log" python3 "$BISECT/tools/testing/kunit/kunit.py" build \
				--arch=um --build_dir="$BU" "${KUNIT_ARGS[@]}" --jobs="$JOBS" \
				--make_options CC="ccache gcc" --make_options HOSTCC="ccache gcc" \
				>/dev/null 2>&1 || rc=$?
		fi
		built_ok[$arch]=
		if [ "$rc" -ne 0 ]; then
			printf 'bisect\t%02d %s\tFAIL\tbuild failed: %s\n' "$i" "$arch" \
				"$(first_error "$log" | grep . || echo "see ${log#$TOP/}")" >>"$RESULTS/bisect.tsv"
			continue
		fi
		warn=$(grep -E 'warning:' "$log" | tree_relative || true)
		# W=1 on the C files this patch touches, against the base.
		files=$(git -C "$LINUX" diff --name-only --diff-filter=AM "$c~1" "$c" -- '*.c')
		for f in $files; do
			# Only files this config builds, built in or as a module
			# (a stale object from a later commit does not count).
			{ (cd "$kout" && ar t "${f%%/*}/built-in.a" 2>/dev/null) || true
			  cat "$kout/modules.order" 2>/dev/null || true; } |
				grep -qxF "${f%.c}.o" || continue
			new=$(w1 $arch "$kout" "$f")
			old=
			if [ $arch = x86_64 ] && git -C "$LINUX" cat-file -e "base:$f" 2>/dev/null; then
				old=$("$LIBDIR/basewarn.sh" w1 "$f")
			fi
			w=$(added_lines "$new" "$old")
			[ -n "$w" ] && warn=$(printf '%s\n%s' "$warn" "$w")
		done
		warn=$(printf '%s\n' "$warn" | sed '/^$/d')
		if [ -n "$warn" ]; then
			printf 'bisect\t%02d %s\tFAIL\t%s\n' "$i" "$arch" "$(printf '%s\n' "$warn" | head -n 1)" >>"$RESULTS/bisect.tsv"
			printf '%s\n' "$warn" | sed 's/^/      /' | head -n 10 || true
		else
			printf 'bisect\t%02d %s\tPASS\t%s\n' "$i" "$arch" "$subj" >>"$RESULTS/bisect.tsv"
			built_ok[$arch]=$i
		fi
	done
done
