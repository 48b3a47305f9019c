# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the harness scripts.  Sourced, never executed.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
LINUX=$BUILD/linux
OUT=$BUILD/out
LOGS=$BUILD/logs
RESULTS=$BUILD/results
PATCHES=$TOP/patches
CONFIGS=$TOP/configs
TARBALL=${TARBALL:-/usr/src/linux-source-6.12.tar.xz}
JOBS=${JOBS:-2}

mkdir -p "$LOGS" "$RESULTS"

# ccache: share hits between clones in other folders.
export CCACHE_BASEDIR=$TOP
export CCACHE_NOHASHDIR=true
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-time_macros}
# Reproducible git identity for the commits the harness makes.
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-HMM Registry Developer}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-hmm-registry@example.org}

T0=${T0:-$(date +%s)}
export T0

elapsed() {
	local s=$(($(date +%s) - T0))
	printf '%02d:%02d' $((s / 60)) $((s % 60))
}

stage() { printf '==> [%s] %s\n' "$(elapsed)" "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

kver() { cat "$BUILD/kernelversion" 2>/dev/null || echo unknown; }

# run_logged LOG CMD...: run CMD with output in LOG, print a heartbeat
# every 30 s, and show the log's tail on failure.
run_logged() {
	local log=$1 what rc=0 start tick
	shift
	what=$(basename "$log" .log)
	start=$(date +%s)
	printf '### %s\n### kernel %s\n### %s\n' "$(date -u)" "$(kver)" "$*" >"$log"
	( while sleep 30; do
		printf '    ... %s running for %ss (%s)\n' "$what" \
			$(($(date +%s) - start)) "${log#$TOP/}"
	  done ) &
	tick=$!
	"$@" >>"$log" 2>&1 || rc=$?
	kill "$tick" 2>/dev/null || true
	wait "$tick" 2>/dev/null || true
	if [ "$rc" -ne 0 ]; then
		echo "---- last lines of ${log#$TOP/} ----" >&2
		tail -n 40 "$log" >&2
		echo "---- ${what} failed (exit $rc) ----" >&2
	fi
	return "$rc"
}

# The patches of the series, cover letter excluded, in order.
series_patches() {
	find "$PATCHES" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-*' | sort
}

kmake() {
	make -C "$LINUX" -j"$JOBS" CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# known_symbols SRC: every Kconfig symbol the tree at SRC defines, a line each.
known_symbols() {
	find "$1" -name 'Kconfig*' -not -path '*/.git/*' -print0 |
		xargs -0 sed -n 's/^[[:space:]]*\(menu\)\?config[[:space:]]\+\([A-Z0-9_]\+\).*/\2/p' |
		sort -u
}

# added_lines NEW OLD: the lines of NEW (sorted text) that OLD lacks.
added_lines() {
	comm -23 <(printf '%s\n' "$1" | sed '/^$/d') <(printf '%s\n' "$2" | sed '/^$/d')
}

# new_vs_base TSV GROUP NAME NEW OLD: a PASS row if NEW (warnings on the
# series) has no line OLD (the same file on the base) lacks, else a FAIL
# row naming the first new one; the new ones are printed too.
new_vs_base() {
	local added
	added=$(added_lines "$4" "$5")
	if [ -z "$added" ]; then
		printf '%s\t%s\tPASS\t\n' "$2" "$3" >>"$1"
	else
		printf '%s\t%s\tFAIL\t%s\n' "$2" "$3" "$(printf '%s\n' "$added" | head -n 1)" >>"$1"
		printf '%s\n' "$added" | sed 's/^/      new: /'
	fi
}
