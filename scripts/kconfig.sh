#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kconfig.sh SRC OUT ARCH BASE FRAGMENT...: write OUT/.config from the BASE
# target (tinyconfig, defconfig) plus fragments, then check that every
# symbol a fragment asks for got the asked-for value.  A symbol that no
# Kconfig file in SRC defines yet (added by a later patch) is skipped.
. "$(dirname "$0")/lib.sh"

src=$1 out=$2 arch=$3 base=$4
shift 4
mkdir -p "$out"
make -s -C "$src" O="$out" ARCH="$arch" HOSTCC="ccache gcc" "$base" >/dev/null
KCONFIG_CONFIG=$out/.config "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
	"$out/.config" "$@" >/dev/null
make -s -C "$src" O="$out" ARCH="$arch" HOSTCC="ccache gcc" olddefconfig >/dev/null

bad=0
known=$(mktemp)
trap 'rm -f "$known"' EXIT
known_symbols "$src" >"$known"
for frag in "$@"; do
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) sym=${line%%=*}; want=${line#*=} ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}; want=n ;;
		*) continue ;;
		esac
		grep -qx "${sym#CONFIG_}" "$known" || continue
		got=$(sed -n "s/^$sym=//p" "$out/.config")
		[ -n "$got" ] || got=n
		if [ "$got" != "$want" ]; then
			echo "kconfig: $sym=$want requested by $(basename "$frag"), got $got" >&2
			bad=1
		fi
	done <"$frag"
done
[ "$bad" -eq 0 ] || die "config fragments not honoured (see above); check dependencies"
