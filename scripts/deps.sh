#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, or say how to.  The base
# tree is not one of them: lib/base.sh fetches the pinned version itself.
. "$(dirname "$0")/lib/lib.sh"

pkgs=(qemu-system-x86 qemu-system-data busybox-static
      sparse flex bison bc libelf-dev libssl-dev cpio ccache python3
      xz-utils lz4 gcc make git perl gzip libc6-dev linux-libc-dev rsync
      python3-ply python3-git kmod bash-static python3-sphinx)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "Missing Debian packages. As root, run:" >&2
	echo "  apt-get install -y ${missing[*]}" >&2
	exit 1
fi
stage "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Wait for an apt lock held by unattended-upgrades rather than fail.
apt=(apt-get -o DPkg::Lock::Timeout="${APT_LOCK_TIMEOUT:-600}")
if ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >"$LOGS/deps.log" 2>&1; then
	# DPkg::Lock::Timeout does not cover the lists lock of "update".
	for i in 1 2 3 4 5 6; do
		"${apt[@]}" update >>"$LOGS/deps.log" 2>&1 && break
		sleep 20
	done
	"${apt[@]}" install -y --no-install-recommends "${missing[@]}" >>"$LOGS/deps.log" 2>&1 ||
		{ tail -20 "$LOGS/deps.log" >&2; die "apt-get install failed (see build/logs/deps.log)"; }
fi
