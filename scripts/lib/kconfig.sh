#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kconfig.sh SRC OUT ARCH BASE FRAGMENT...: write OUT/.config from the BASE
# target (tinyconfig, defconfig) plus fragments, then check that every
# symbol a fragment asks for got the asked-for value (the last fragment's,
# for a symbol several set).  A symbol that no
# Kconfig file in SRC defines yet (added by a later patch) is skipped.
. "$(dirname "$0")/lib.sh"

src=$1 out=$2 arch=$3 base=$4
shift 4
mkdir -p "$out"
SRC=$src kmake -s O="$out" ARCH="$arch" "$base" >/dev/null
KCONFIG_CONFIG=$out/.config "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
	"$out/.config" "$@" >/dev/null
SRC=$src kmake -s O="$out" ARCH="$arch" olddefconfig >/dev/null

bad=0
known=$(mktemp)
trap 'rm -f "$known"' EXIT
known_symbols "$src" >"$known"
# A later fragment overrides an earlier one (kcsan.config turns KASAN off):
# check each symbol against the last fragment that sets it.
declare -A want_of=() from=()
for frag in "$@"; do
	while read -r sym want; do
		want_of[$sym]=$want
		from[$sym]=$(basename "$frag")
	done < <(fragment_lines "$frag")
done
for sym in "${!want_of[@]}"; do
	want=${want_of[$sym]}
	grep -qx "$sym" "$known" || continue
	got=$(sed -n "s/^CONFIG_$sym=//p" "$out/.config")
	[ -n "$got" ] || got=n
	if [ "$got" != "$want" ]; then
		echo "kconfig: CONFIG_$sym=$want requested by ${from[$sym]}, got $got" >&2
		bad=1
	fi
done
[ "$bad" -eq 0 ] || die "config fragments not honoured (see above); check dependencies"
