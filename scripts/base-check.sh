#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make base-check: is the series ready for the newest 6.12.y Debian
# offers?  Fetches that linux-source-6.12 (lib/base.sh), applies patches/
# on it with git am in build/base-check/ (build/linux is not touched),
# builds UML and runs the KUnit suite there, then says whether a rebase is
# needed and which patch no longer applies.  BASE_CHECK_VERSION=V checks
# V instead of the newest.  Ends with the summary line; exits non-zero
# when the series does not apply or a case fails.
. "$(dirname "$0")/lib/lib.sh"

pinned=$(pin version)
ver=${BASE_CHECK_VERSION:-$(newest_offered)}
[ -n "$ver" ] || die "apt offers no $BASE_PKG (as root: apt-get update)"
if [ "$ver" = "$pinned" ]; then
	stage "base-check: the newest $BASE_PKG apt offers is the pinned $ver"
	tarball=$(base_tarball "$ver" "$(pin sha256)")
else
	stage "base-check: $BASE_PKG $ver (pinned: $pinned)"
	tarball=$(base_tarball "$ver")
fi
sha=$(sha256sum <"$tarball" | cut -d' ' -f1)

# Everything in a build directory of its own, with the same layout
# (tree two levels above its builds) so that ccache serves it.
export BUILD=$TOP/build/base-check TARBALL=$tarball
export T0
mkdir -p "$BUILD/logs"
out=$BUILD/logs/base-check.out
rc=0
"$TOP/scripts/stage.sh" kunit 2>&1 | tee "$out" || rc=$?

r=$BUILD/results
v=$(cat "$BUILD/kernelversion" 2>/dev/null || echo "$ver")
if grep -qs $'^series\tapply\tFAIL' "$r/series.tsv"; then
	why=$(grep $'^series\tapply\tFAIL' "$r/series.tsv" | cut -f4 | sed 's/ (build\/linux holds .*//')
	echo "base-check: rebase needed for $ver (Linux $v): $why"
elif [ "$rc" -ne 0 ]; then
	echo "base-check: the series applies on $ver (Linux $v) but its checks fail (above, and build/base-check/logs/): rebase needed"
elif [ "$ver" = "$pinned" ]; then
	echo "base-check: the pin $ver (Linux $v) is the newest; nothing to do"
else
	echo "base-check: the series applies on $ver (Linux $v) and its KUnit suite passes: no rebase needed; re-pin with version=$ver and sha256=$sha in configs/base-version, then make test"
fi
# The summary line last, as every target ends.
tail -n 1 "$out"
exit "$rc"
