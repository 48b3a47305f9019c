# SPDX-License-Identifier: GPL-2.0
# The base tree: Debian's linux-source-6.12 at exactly the version that
# configs/base-version pins, with the sha256 of its source tarball.
# Sourced by lib.sh.
#
# The package is fetched with "apt-get download" (no root needed) into the
# machine's cache and unpacked there with dpkg-deb, never installed: what
# apt installed in /usr/src, and an unattended upgrade of it, cannot move
# the base.  TARBALL=path bypasses all of this (a tarball of one's own).
#
# The functions set variables rather than print, so that they run in the
# caller's shell, where "set -e" and die() stop the script.

BASE_PKG=linux-source-6.12
BASE_PIN=$CONFIGS/base-version
# Where fetched tarballs are kept: beside the rest of what the base gives.
if [ "$CACHE" = off ]; then
	DEB_CACHE=$BUILD/debian
else
	DEB_CACHE=$CACHE/debian
fi

# tilde PATH: PATH with $HOME written as ~, for messages.
tilde() {
	if [ -n "${HOME:-}" ]; then
		printf '%s\n' "${1/#$HOME/\~}"
	else
		printf '%s\n' "$1"
	fi
}

# pin KEY: the "KEY=value" line of configs/base-version; dies without one.
# Call it as an assignment of its own (v=$(pin KEY)), never inside another
# command's arguments, where its failure would go unnoticed.
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

# fetch_tarball VERSION SHA256 WHAT: set BASE_TARBALL to the source
# tarball of that package version, fetched into DEB_CACHE unless it is
# there already.  With SHA256, a tarball of another hash is refused and
# removed (a download or a cached file alike).  WHAT names where VERSION
# came from, for the messages.
fetch_tarball() {
	local ver=$1 sha=$2 what=$3 file tmp deb got newest
	file=$DEB_CACHE/${BASE_PKG}_${ver}.tar.xz
	mkdir -p "$DEB_CACHE" || die "cannot create $(tilde "$DEB_CACHE")"
	if [ ! -f "$file" ]; then
		tmp=$(mktemp -d "$DEB_CACHE/fetch.XXXXXX") || die "cannot write to $(tilde "$DEB_CACHE")"
		# An interrupted fetch leaves nothing behind.
		trap 'rm -rf "$tmp"' EXIT
		if ! (cd "$tmp" && apt_download "$ver") >"$LOGS/base-fetch.log" 2>&1; then
			rm -rf "$tmp"
			newest=$(newest_offered)
			if offered_versions | grep -qxF -- "$ver"; then
				die "apt-get download $BASE_PKG=$ver failed: $(tail -n 1 "$LOGS/base-fetch.log") (build/logs/base-fetch.log)"
			elif [ -z "$newest" ]; then
				die "apt offers no $BASE_PKG at all: is bookworm-security in /etc/apt/sources.list? (as root: apt-get update)"
			elif dpkg --compare-versions "$ver" gt "$newest"; then
				die "apt's package lists know $BASE_PKG up to $newest, older than $ver ($what): they are out of date; as root: apt-get update"
			elif [ "$what" = "configs/base-version" ]; then
				die "$BASE_PKG $ver ($what) is no longer in the Debian archive; the newest it offers is $newest: run 'make base-check' to try the series on it"
			fi
			die "apt does not offer $BASE_PKG $ver ($what); the newest it offers is $newest"
		fi
		deb=$(ls "$tmp"/*.deb 2>/dev/null | head -n 1) || true
		[ -n "$deb" ] || die "apt-get download $BASE_PKG=$ver gave no .deb (build/logs/base-fetch.log)"
		# Only the tarball: its path inside the package is fixed.
		if ! dpkg-deb --fsys-tarfile "$deb" 2>>"$LOGS/base-fetch.log" |
		     tar -xOf - "./usr/src/$BASE_PKG.tar.xz" >"$tmp/src.tar.xz" 2>>"$LOGS/base-fetch.log" ||
		   [ ! -s "$tmp/src.tar.xz" ]; then
			die "cannot take usr/src/$BASE_PKG.tar.xz out of $(basename "$deb"): $(tail -n 1 "$LOGS/base-fetch.log") (disk full? build/logs/base-fetch.log)"
		fi
		mv -f "$tmp/src.tar.xz" "$file" || die "cannot write $(tilde "$file")"
		rm -rf "$tmp"
		trap - EXIT
		prune_tarballs "$file"
	fi
	if [ -n "$sha" ]; then
		got=$(sha256sum <"$file" | cut -d' ' -f1)
		if [ "$got" != "$sha" ]; then
			rm -f "$file"
			die "$BASE_PKG $ver: its tarball's sha256 is $got, not $sha as $what pins; refused (and removed from $(tilde "$DEB_CACHE"))"
		fi
	fi
	BASE_TARBALL=$file
}

# apt_download VERSION: the package into the current directory.  As root,
# lists that do not know the version yet are updated once.
apt_download() {
	apt-get download "$BASE_PKG=$1" && return 0
	[ "$(id -u)" -eq 0 ] || return 1
	apt-get -o DPkg::Lock::Timeout="${APT_LOCK_TIMEOUT:-600}" update || return 1
	apt-get download "$BASE_PKG=$1"
}

# prune_tarballs KEEP: at most three tarballs in the cache, never KEEP nor
# the pinned one.
prune_tarballs() {
	local f pinned
	pinned=$DEB_CACHE/${BASE_PKG}_$(sed -n 's/^version=//p' "$BASE_PIN" 2>/dev/null | tail -n 1).tar.xz
	for f in $(ls -t "$DEB_CACHE"/"$BASE_PKG"_*.tar.xz 2>/dev/null | tail -n +4); do
		[ "$f" = "$1" ] || [ "$f" = "$pinned" ] || rm -f "$f"
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
	local ver sha
	if [ -n "${TARBALL:-}" ]; then
		[ -r "$TARBALL" ] || die "TARBALL=$TARBALL: no such file"
		BASE_DESC=$(tilde "$TARBALL")
		return 0
	fi
	ver=$(pin version)
	sha=$(pin sha256)
	fetch_tarball "$ver" "$sha" configs/base-version
	TARBALL=$BASE_TARBALL
	BASE_DESC="Debian $BASE_PKG $ver"
}
