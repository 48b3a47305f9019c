#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mail works: the versioned set it makes (in build/out/mail-check)
# has a cover letter with its version, base-commit and a range-diff
# against the previous posted version (mail/), and applies with git am on
# a fresh base tree, giving exactly the tree patches/ gives.
# Results: build/results/mail.tsv.
. "$(dirname "$0")/../lib/lib.sh"

: >"$RESULTS/mail.tsv"
out=$OUT/mail-check
stage "make mail: versioned series, range-diff, git am on a fresh base (log: build/logs/mail.log)"
if ! MAIL_OUT=$out "$TOP/scripts/mail.sh" >"$LOGS/mail.log" 2>&1; then
	row mail "make mail" FAIL "$(grep -h '^ERROR: ' "$LOGS/mail.log" | tail -n 1 | sed 's/^ERROR: //')"
	exit 0
fi
cat "$LOGS/mail.log"
c=$(ls "$out"/v*-0000-cover-letter.patch)
v=$(basename "$c" | sed 's/^v\([0-9]*\)-.*/\1/')
n=$(series_patches | wc -l)
why=
grep -q "^Subject: \[PATCH v$v 0\+/$n\] " "$c" || why="cover subject is not [PATCH v$v 00/$n]"
grep -q '^base-commit: [0-9a-f]\{40\}$' "$c" || why=${why:-"no base-commit line"}
grep -qF "$(kver)" "$c" || why=${why:-"cover letter does not name Linux $(kver)"}
grep -q 'BLURB HERE\|SUBJECT HERE' "$c" && why=${why:-"cover letter has format-patch's placeholders"}
if [ "$v" -gt 1 ]; then
	grep -q "^Range-diff against v$((v - 1)):" "$c" || why=${why:-"no range-diff against v$((v - 1))"}
	grep -q "^Changes since v$((v - 1))" "$c" || why=${why:-"no \"Changes since v$((v - 1))\" section"}
fi
k=0
for p in "$out"/v"$v"-*.patch; do
	case $p in *-0000-*) continue ;; esac
	k=$((k + 1))
	grep -q "^Subject: \[PATCH v$v 0*$k/$n\] " "$p" || why=${why:-"$(basename "$p"): subject is not [PATCH v$v $k/$n]"}
done
[ "$k" -eq "$n" ] || why=${why:-"$k mails for $n patches"}
if [ -z "$why" ]; then
	row mail "make mail: v$v cover letter, base-commit, range-diff, subjects" PASS
else
	row mail "make mail: v$v cover letter, base-commit, range-diff, subjects" FAIL "$why"
fi

# The mails, as a maintainer would apply them, against patches/ applied
# the same way.
WT=$BUILD/mail/linux
name="v$v mails apply with git am on a fresh Linux $(kver) tree"
am() { # PATCH...: git am on base in the scratch worktree; print the tree
	git -C "$WT" checkout -q --detach base
	if ! git -C "$WT" am -q "$@" >>"$LOGS/mail.log" 2>&1; then
		git -C "$WT" am --abort >/dev/null 2>&1 || true
		return 1
	fi
	git -C "$WT" rev-parse 'HEAD^{tree}'
}
mapfile -t mails < <(ls "$out"/v"$v"-*.patch | grep -v -- '-0000-')
if ! got=$(am "${mails[@]}"); then
	row mail "$name" FAIL "git am failed: $(grep -m1 -E 'error|Patch failed' "$LOGS/mail.log")"
elif [ "$got" != "$(am $(series_patches))" ]; then
	row mail "$name" FAIL "the applied mails give another tree than patches/"
else
	row mail "$name" PASS "${#mails[@]} patches"
fi
