#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make export: regenerate patches/ from the commits on top of "base" in
# build/linux, keeping the cover letter's subject and text.  Refuses to
# export a tree whose series did not fully apply, or fewer patches than
# patches/ holds, unless FORCE=1.
. "$(dirname "$0")/lib/lib.sh"

[ -d "$LINUX/.git" ] || die "no build/linux; run 'make tree' first"
git -C "$LINUX" rev-parse -q --verify base >/dev/null || die "build/linux has no base commit; run 'make tree'"
[ -z "$(git -C "$LINUX" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes; commit them first"
n=$(git -C "$LINUX" rev-list --count base..HEAD)
have=$(series_patches | wc -l)
if [ -z "${FORCE:-}" ]; then
	if [ -n "$(stamp_get partial)" ]; then
		die "build/linux holds a series that did not fully apply (see 'make tree'); exporting it would drop patches. Fix the tree, or FORCE=1 make export"
	fi
	if [ "$n" -lt "$have" ]; then
		die "build/linux has $n commit(s) on base but patches/ holds $have patch(es); refusing to drop patches (FORCE=1 make export to do it)"
	fi
fi

cover=$PATCHES/0000-cover-letter.patch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$n" -eq 0 ]; then
	info "no commits on base: keeping the cover letter only"
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -delete
	exit 0
fi

git -C "$LINUX" format-patch -q --cover-letter --zero-commit --no-signature \
	--subject-prefix=PATCH -o "$tmp/out" base..HEAD
python3 "$LIBDIR/cover.py" "$cover" "$tmp/out/0000-cover-letter.patch"
find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' -delete
cp "$tmp/out"/*.patch "$PATCHES/"
# The tree now matches patches/: record it so 'make tree' keeps it.
stamp_write
info "exported $n patch(es) to patches/"
