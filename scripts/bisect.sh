#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of the series builds on x86_64 and UML with the test
# configs, with no compiler warning, and the C files it touches have no
# W=1 warning the base does not have.  Uses a worktree (build/linux-bisect)
# and its own build dirs so that build/linux and its builds stay put.
# Results: build/results/bisect.tsv.
. "$(dirname "$0")/lib.sh"

WT=$BUILD/linux-bisect
BX=$OUT/bisect-x86
BU=$OUT/bisect-um
: >"$RESULTS/bisect.tsv"
: >"$LOGS/bisect.log"
commits=$(git -C "$LINUX" rev-list --reverse base..HEAD)
[ -n "$commits" ] || { info "no patches: nothing to bisect"; exit 0; }
for cfg in "$OUT/x86/.config" "$OUT/um/.config"; do
	[ -f "$cfg" ] || { printf 'bisect\t(config)\tFAIL\t%s missing: x86 build or KUnit stage failed\n' "${cfg#$TOP/}" >>"$RESULTS/bisect.tsv"; exit 1; }
done
"$TOP/scripts/basetree.sh"

stage "building every patch on x86_64 and UML (log: build/logs/bisect.log)"
if [ ! -d "$WT" ]; then
	git -C "$LINUX" worktree prune
	git -C "$LINUX" worktree add -q --detach "$WT" base
fi
mkdir -p "$BX" "$BU"

norm() { { grep -E '(warning|error):' || true; } | sed -E -e 's#^.*/(linux|linux-base|linux-bisect)/##' -e 's#:[0-9]+(:[0-9]+)?:#:#' | sort; }

i=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$LINUX" log -1 --format=%s "$c")
	git -C "$WT" checkout -q --detach "$c"
	for arch in x86_64 um; do
		if [ $arch = x86_64 ]; then kout=$BX target=bzImage src=$OUT/x86/.config; else kout=$BU target=all src=$OUT/um/.config; fi
		cp "$src" "$kout/.config"
		log=$LOGS/bisect-$i-$arch.log
		info "[$i] $arch: $subj"
		if ! out=$(make -C "$WT" O="$kout" ARCH=$arch -j"$JOBS" CC="ccache gcc" HOSTCC="ccache gcc" \
			olddefconfig $target 2>&1); then
			printf '%s\n' "$out" >"$log"
			printf 'bisect\t%02d %s\tFAIL\tbuild failed: %s\n' "$i" "$arch" \
				"$(printf '%s\n' "$out" | grep -m1 -E 'error' || echo "see ${log#$TOP/}")" >>"$RESULTS/bisect.tsv"
			continue
		fi
		printf '%s\n' "$out" >"$log"
		warn=$(printf '%s\n' "$out" | grep -E 'warning:' || true)
		# W=1 on the C files this patch touches, against the base.
		files=$(git -C "$LINUX" diff --name-only --diff-filter=AM "$c~1" "$c" -- '*.c')
		for f in $files; do
			# Only files this config builds (a stale object from a
			# later commit does not count).
			(cd "$kout" && ar t "${f%%/*}/built-in.a" 2>/dev/null) |
				grep -qxF "${f%.c}.o" || continue
			new=$(make -C "$WT" O="$kout" ARCH=$arch CC="ccache gcc" HOSTCC="ccache gcc" W=1 "${f%.c}.o" 2>&1 | tee -a "$log" | norm)
			old=
			if [ $arch = x86_64 ] && git -C "$LINUX" cat-file -e "base:$f" 2>/dev/null; then
				old=$(make -C "$BUILD/linux-base" O="$OUT/x86-base" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" W=1 "${f%.c}.o" 2>&1 | norm)
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
		fi
	done
done
