#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make export: regenerate patches/ from the commits on top of "base" in
# build/linux, keeping the cover letter's subject and text.
. "$(dirname "$0")/lib.sh"

[ -d "$LINUX/.git" ] || die "no build/linux; run 'make tree' first"
[ -z "$(git -C "$LINUX" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes; commit them first"
n=$(git -C "$LINUX" rev-list --count base..HEAD)

cover=$PATCHES/0000-cover-letter.patch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Subject and blurb of the current cover letter.
subject="mm/hmm: HMM mirror registry"
[ -f "$cover" ] && subject=$(sed -n 's/^Subject: \[PATCH[^]]*\] *//p' "$cover" | head -n 1)
if [ -f "$cover" ]; then
	awk 'BEGIN { h = 1 } h && /^$/ { h = 0; next } !h' "$cover" |
		awk '/^[^ ].* \([0-9]+\):$/ { exit } { print }' >"$tmp/blurb"
else
	echo "*** BLURB HERE ***" >"$tmp/blurb"
fi
# Drop trailing blank lines of the blurb.
sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$tmp/blurb"

if [ "$n" -eq 0 ]; then
	info "no commits on base: keeping the cover letter only"
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -delete
	exit 0
fi

git -C "$LINUX" format-patch -q --cover-letter --zero-commit --no-signature \
	--subject-prefix=PATCH -o "$tmp/out" base..HEAD
python3 - "$tmp/out/0000-cover-letter.patch" "$subject" "$tmp/blurb" <<'PY'
import sys
path, subject, blurb = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().rstrip('\n')
text = open(path).read()
text = text.replace('*** SUBJECT HERE ***', subject, 1)
text = text.replace('*** BLURB HERE ***', blurb, 1)
open(path, 'w').write(text)
PY
find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' -delete
cp "$tmp/out"/*.patch "$PATCHES/"
# The tree now matches patches/: record it so 'make tree' keeps it.
printf 'tarball=%s\npatches=%s\nhead=%s\n' "$(stat -c '%s %Y' "$TARBALL")" \
	"$(for p in $(series_patches); do sha256sum "$p" | cut -d' ' -f1; done | sha256sum | cut -d' ' -f1)" \
	"$(git -C "$LINUX" rev-parse HEAD)" >"$LINUX/.git/hmm-series.stamp"
info "exported $n patch(es) to patches/"
ls "$PATCHES"
