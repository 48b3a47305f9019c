#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make base-check: is the series ready for the newest 6.12.y Debian
# offers?  Fetches that linux-source-6.12 (lib/base.sh), applies patches/
# on it with git am in build/base-check/ (build/linux is not touched),
# builds UML and runs the KUnit suite there, then says whether a rebase is
# needed and which patch no longer applies (left stopped in git am there,
# to be resolved).  BASE_CHECK_VERSION=V checks V instead of the newest.
# Ends with the summary line; exits non-zero when the series does not
# apply or a case fails.
. "$(dirname "$0")/lib/lib.sh"

pinned=$(pin version)
pinned_sha=$(pin sha256)
if [ -n "${BASE_CHECK_VERSION:-}" ]; then
	ver=$BASE_CHECK_VERSION what=BASE_CHECK_VERSION
else
	ver=$(newest_offered) what="the newest apt offers"
	[ -n "$ver" ] || die "apt offers no $BASE_PKG (as root: apt-get update)"
	if [ "$ver" = "$pinned" ]; then
		echo "base-check: the newest $BASE_PKG apt offers is the pinned $ver: nothing to move to (make test checks it)"
		echo "0 passed, 0 failed"
		exit 0
	fi
	if dpkg --compare-versions "$ver" lt "$pinned"; then
		die "apt's package lists know $BASE_PKG up to $ver, older than the pinned $pinned: they are out of date; as root: apt-get update"
	fi
fi
stage "base-check: $BASE_PKG $ver ($what; pinned: $pinned)"
sha=
[ "$ver" != "$pinned" ] || sha=$pinned_sha
fetch_tarball "$ver" "$sha" "$what"
sha=$(sha256sum <"$BASE_TARBALL" | cut -d' ' -f1)

# Everything in a build directory of its own, with the same layout
# (tree two levels above its builds) so that ccache serves it.
export BUILD=$TOP/build/base-check TARBALL=$BASE_TARBALL BASE_ID="debian $ver $sha"
export KEEP_FAILED_AM=1 T0
mkdir -p "$BUILD/logs"
out=$BUILD/logs/base-check.out
rc=0
"$TOP/scripts/stage.sh" kunit 2>&1 | tee "$out" || rc=$?

r=$BUILD/results
v=$(cat "$BUILD/kernelversion" 2>/dev/null || echo "$ver")
apply=$(grep -h $'^series\tapply\tFAIL' "$r/series.tsv" 2>/dev/null | cut -f4 || true)
case $apply in
'patch does not apply:'*)
	echo "base-check: rebase needed for $ver (Linux $v): ${apply% (*}; build/base-check/linux is stopped in git am at it (README: moving to a new base)" ;;
?*)
	echo "base-check: could not prepare $ver: $apply" ;;
*)
	if [ "$rc" -ne 0 ]; then
		echo "base-check: the series applies on $ver (Linux $v) but its KUnit suite fails there (above; build/base-check/logs/): rebase needed"
	else
		echo "base-check: the series applies on $ver (Linux $v) and its KUnit suite passes: re-pin with version=$ver and sha256=$sha in configs/base-version, then make test"
	fi ;;
esac
# The summary line last, as every target ends.
tail -n 1 "$out"
exit "$rc"
