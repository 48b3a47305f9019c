# SPDX-License-Identifier: GPL-2.0
# The base tree: Debian's linux-source-6.12 at exactly the version that
# configs/base-version pins, with the sha256 of its source tarball.
# Sourced after lib.sh.
#
# The package is fetched with "apt-get download" (no root needed) into the
# machine's cache and unpacked there with dpkg-deb, never installed: what
# apt installed in /usr/src, and an unattended upgrade of it, cannot move
# the base.  TARBALL=path bypasses all of this (a tarball of one's own).

BASE_PKG=linux-source-6.12
BASE_PIN=$CONFIGS/base-version
# Where fetched tarballs are kept: beside the rest of what the base gives.
if [ "$CACHE" = off ]; then
	DEB_CACHE=$BUILD/debian
else
	DEB_CACHE=$CACHE/debian
fi

# pin KEY: a "KEY=value" line of configs/base-version.
pin() {
	local v
	v=$(sed -n "s/^$1=//p" "$BASE_PIN" 2>/dev/null | tail -n 1)
	[ -n "$v" ] || die "configs/base-version has no '$1=' line"
	printf '%s\n' "$v"
}

# offered_versions: the versions of the package apt offers, newest first
# (nothing when apt knows none).
offered_versions() {
	apt-cache madison "$BASE_PKG" 2>/dev/null |
		awk -F'|' '{ gsub(/ /, "", $2); if ($2 != "") print $2 }' |
		sort -u | sort -r -V
}

# newest_offered: the newest version apt offers, by dpkg's ordering.
newest_offered() {
	local v best=
	for v in $(offered_versions); do
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then
			best=$v
		fi
	done
	printf '%s\n' "$best"
}

# base_tarball VERSION [SHA256]: the source tarball of that package
# version, fetched into DEB_CACHE when not there yet; prints its path.
# With SHA256, a tarball of another hash is refused (and not kept).
base_tarball() {
	local ver=$1 sha=${2:-} file tmp deb got newest
	file=$DEB_CACHE/${BASE_PKG}_${ver}.tar.xz
	mkdir -p "$DEB_CACHE"
	if [ ! -f "$file" ]; then
		tmp=$(mktemp -d "$DEB_CACHE/fetch.XXXXXX")
		if ! (cd "$tmp" && apt_download "$ver") >"$LOGS/base-fetch.log" 2>&1; then
			rm -rf "$tmp"
			if ! offered_versions | grep -qxF -- "$ver"; then
				newest=$(newest_offered)
				if [ -n "$newest" ]; then
					die "$BASE_PKG $ver (configs/base-version) is no longer in the Debian archive; the newest it offers is $newest: run 'make base-check' to try the series on it"
				fi
				die "apt offers no $BASE_PKG at all (is bookworm-security in /etc/apt/sources.list?; as root: apt-get update)"
			fi
			die "apt-get download $BASE_PKG=$ver failed: $(tail -n 1 "$LOGS/base-fetch.log")"
		fi
		deb=$(ls "$tmp"/*.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || { rm -rf "$tmp"; die "apt-get download $BASE_PKG=$ver gave no .deb"; }
		# Only the tarball: its paths inside the package are fixed.
		if ! dpkg-deb --fsys-tarfile "$deb" |
		     tar -xOf - ./usr/src/$BASE_PKG.tar.xz >"$tmp/src.tar.xz" 2>>"$LOGS/base-fetch.log" ||
		   [ ! -s "$tmp/src.tar.xz" ]; then
			rm -rf "$tmp"
			die "$(basename "$deb") holds no usr/src/$BASE_PKG.tar.xz"
		fi
		mv -f "$tmp/src.tar.xz" "$file"
		rm -rf "$tmp"
		prune_tarballs "$file"
	fi
	if [ -n "$sha" ]; then
		got=$(sha256sum <"$file" | cut -d' ' -f1)
		if [ "$got" != "$sha" ]; then
			rm -f "$file"
			die "$BASE_PKG $ver: its tarball's sha256 is $got, not $sha as configs/base-version pins; refused (and removed from ${DEB_CACHE/#$HOME/\~})"
		fi
	fi
	printf '%s\n' "$file"
}

# apt_download VERSION: the package into the current directory.  As root,
# lists that do not know the version yet are updated once.
apt_download() {
	apt-get download "$BASE_PKG=$1" && return 0
	[ "$(id -u)" -eq 0 ] || return 1
	apt-get -o DPkg::Lock::Timeout="${APT_LOCK_TIMEOUT:-600}" update || return 1
	apt-get download "$BASE_PKG=$1"
}

# prune_tarballs KEEP: at most three tarballs in the cache (the pinned
# one, the newest for base-check, one more), KEEP among them.
prune_tarballs() {
	local f
	for f in $(ls -t "$DEB_CACHE"/"$BASE_PKG"_*.tar.xz 2>/dev/null | tail -n +4); do
		[ "$f" = "$1" ] || rm -f "$f"
	done
}

# base_notice: one line when apt offers a newer version than the pin.
base_notice() {
	local pinned newest
	pinned=$(pin version)
	newest=$(newest_offered)
	if [ -n "$newest" ] && dpkg --compare-versions "$newest" gt "$pinned"; then
		printf 'notice: Debian offers %s %s, newer than the pinned %s: make base-check tries the series on it\n' \
			"$BASE_PKG" "$newest" "$pinned"
	fi
	return 0
}

# select_base: set TARBALL (and BASE_DESC, what it is) to the pinned
# package's tarball, unless TARBALL is set already.
select_base() {
	if [ -n "${TARBALL:-}" ]; then
		[ -r "$TARBALL" ] || die "TARBALL=$TARBALL: no such file"
		BASE_DESC=${TARBALL/#$HOME/\~}
		return 0
	fi
	local ver
	ver=$(pin version)
	TARBALL=$(base_tarball "$ver" "$(pin sha256)")
	BASE_DESC="Debian $BASE_PKG $ver"
}
