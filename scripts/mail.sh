#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mail: the series of patches/ as the next posted version, ready for
# git send-email, in build/mail/vN/ (N: one more than the newest mail/vK/,
# or MAIL_VERSION=N).  Made with git format-patch -v N --cover-letter
# --base, with the cover letter's subject and text from
# patches/0000-cover-letter.patch and a range-diff against mail/vK/.  The
# cover letter must have a "Changes since vK" section.
#   make mail SENT=1   also records build/mail/vN/ as mail/vN/ (commit it).
#   MAIL_OUT=DIR       write the set to DIR instead (the make test check).
. "$(dirname "$0")/lib/lib.sh"

[ -d "$LINUX/.git" ] || die "no build/linux; run 'make tree' first"
MAILDIR=$TOP/mail
prev=$(find "$MAILDIR" -maxdepth 1 -type d -name 'v[0-9]*' -printf '%f\n' 2>/dev/null |
	sed 's/^v//' | sort -n | tail -n 1)
prev=${prev:-0}
N=${MAIL_VERSION:-$((prev + 1))}
[ "$N" -gt "$prev" ] || die "MAIL_VERSION=$N: mail/v$prev exists already; versions only go up"
out=${MAIL_OUT:-$BUILD/mail/v$N}
cover=$PATCHES/0000-cover-letter.patch
[ -f "$cover" ] || die "no patches/0000-cover-letter.patch"
if [ "$prev" -gt 0 ] && ! grep -q "^Changes since v$prev" "$cover"; then
	die "the cover letter (patches/0000-cover-letter.patch) has no \"Changes since v$prev\" section"
fi

# Apply a set of patches on base in a scratch worktree; print the head.
WT=$BUILD/mail/linux
apply() {
	git -C "$WT" checkout -q --detach base
	git -C "$WT" am -q --committer-date-is-author-date "$@" >"$LOGS/mail-am.log" 2>&1 || {
		git -C "$WT" am --abort >/dev/null 2>&1 || true
		die "git am of $(dirname "$1") on base failed (build/logs/mail-am.log)"
	}
	git -C "$WT" rev-parse HEAD
}
mapfile -t cur < <(series_patches)
[ ${#cur[@]} -gt 0 ] || die "patches/ holds no patch"
# Only the files the patches touch, this version's and the previous one's.
mapfile -t prev_mails < <(find "$MAILDIR/v$prev" -maxdepth 1 -name '*.patch' 2>/dev/null)
mapfile -t paths < <(patch_paths "${cur[@]}" "${prev_mails[@]}")
worktree "$WT" base "${paths[@]}"
head=$(apply "${cur[@]}")
rdiff=()
if [ "$prev" -gt 0 ]; then
	# format-patch names, with or without a "vN-" prefix; no cover letter.
	mapfile -t old < <(find "$MAILDIR/v$prev" -maxdepth 1 -name '*[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '*0000-cover-letter.patch' | sort)
	[ ${#old[@]} -gt 0 ] || die "mail/v$prev holds no patch"
	old_head=$(apply "${old[@]}")
	rdiff=(--range-diff="base..$old_head" --creation-factor=80)
fi

rm -rf "$out"
mkdir -p "$out"
git -C "$WT" format-patch -q -v "$N" --cover-letter --base=base --thread=shallow \
	--no-signature "${rdiff[@]}" -o "$out" "base..$head"
c=$(ls "$out"/v"$N"-0000-cover-letter.patch)
python3 "$LIBDIR/cover.py" "$cover" "$c"
grep -q '^base-commit: ' "$c" || die "no base-commit in the cover letter"
info "v$N: $(ls "$out" | wc -l) mails in ${out#$TOP/} (base $(kver)$([ "$prev" -gt 0 ] && echo ", range-diff against v$prev"))"
info "send with: git send-email --to=linux-mm@kvack.org ${out#$TOP/}/*.patch"

if [ -n "${SENT:-}" ]; then
	[ -z "${MAIL_OUT:-}" ] || die "SENT=1 with MAIL_OUT: record a real version only"
	rm -rf "$MAILDIR/v$N"
	mkdir -p "$MAILDIR/v$N"
	cp "$out"/*.patch "$MAILDIR/v$N/"
	info "recorded as mail/v$N/: commit it"
fi
