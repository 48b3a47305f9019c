#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build UML from the series' mm/tests/.kunitconfig plus the harness's
# debug options (kunit_args, lib.sh) and run the KUnit suites.
# Results: build/results/kunit.tsv; kernel log: build/logs/kunit-boot.log.
# KUNIT_FILTER (default: the hmm_mirror suite), KUNIT_KERNEL_ARGS and
# KUNIT_NAME (file names of the results and logs) serve other callers.
. "$(dirname "$0")/../lib/lib.sh"

SRC=${SRC:-$LINUX}
NAME=${KUNIT_NAME:-kunit}
KOUT=${KOUT:-$OUT/um}
mkdir -p "$KOUT"

kunit_args "$SRC"

stage "KUnit on UML ${KUNIT_FILTER:-hmm_mirror}: build and run (log: build/logs/$NAME.log)"
s=$(date +%s)
rm -f "$RESULTS/$NAME.json" "$RESULTS/$NAME.tsv"
rc=0
extra=()
[ -z "${KUNIT_KERNEL_ARGS:-}" ] || extra=(--kernel_args "$KUNIT_KERNEL_ARGS")
run_logged "$LOGS/$NAME.log" python3 "$SRC/tools/testing/kunit/kunit.py" run \
	--arch=um --build_dir="$KOUT" "${KUNIT_ARGS[@]}" --jobs="$JOBS" \
	--make_options CC="ccache gcc" --make_options HOSTCC="ccache gcc" \
	--kernel_args kasan_multi_shot "${extra[@]}" --timeout "${KUNIT_TIMEOUT:-900}" \
	--json="$RESULTS/$NAME.json" "${KUNIT_FILTER:-hmm_mirror}" || rc=$?
info "KUnit build+run took $(($(date +%s) - s)) s (kunit.py exit $rc)"
cp "$KOUT/test.log" "$LOGS/$NAME-boot.log" 2>/dev/null || : >"$LOGS/$NAME-boot.log"

python3 "$LIBDIR/kunit_tsv.py" "$RESULTS/$NAME.json" "$RESULTS/$NAME.tsv" "$rc" "$LOGS/$NAME.log"
exit 0
