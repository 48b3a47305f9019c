#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build UML with configs/kunit.config and run the KUnit suites.
# Results: build/results/kunit.tsv; kernel log: build/logs/kunit-boot.log.
# KUNIT_FILTER (default: the hmm_mirror suite), KUNIT_KERNEL_ARGS and
# KUNIT_NAME (file names of the results and logs) serve other callers.
. "$(dirname "$0")/lib.sh"

SRC=${SRC:-$LINUX}
NAME=${KUNIT_NAME:-kunit}
KOUT=${KOUT:-$OUT/um}
mkdir -p "$KOUT"

# Keep only symbols this tree defines, so that the harness works on the
# base and on every prefix of the series.
known=$(mktemp)
trap 'rm -f "$known"' EXIT
known_symbols "$SRC" >"$known"
kcfg=$OUT/kunitconfig
: >"$kcfg"
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) sym=${line%%=*} ;;
	"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
	*) continue ;;
	esac
	if grep -qx "${sym#CONFIG_}" "$known"; then
		echo "$line" >>"$kcfg"
	else
		info "kunit: $sym not defined in this tree, skipped"
	fi
done <"$CONFIGS/kunit.config"

stage "KUnit on UML ${KUNIT_FILTER:-hmm_mirror}: build and run (log: build/logs/$NAME.log)"
s=$(date +%s)
rm -f "$RESULTS/$NAME.json" "$RESULTS/$NAME.tsv"
rc=0
extra=()
[ -z "${KUNIT_KERNEL_ARGS:-}" ] || extra=(--kernel_args "$KUNIT_KERNEL_ARGS")
run_logged "$LOGS/$NAME.log" python3 "$SRC/tools/testing/kunit/kunit.py" run \
	--arch=um --build_dir="$KOUT" --kunitconfig="$kcfg" --jobs="$JOBS" \
	--make_options CC="ccache gcc" --make_options HOSTCC="ccache gcc" \
	--kernel_args kasan_multi_shot "${extra[@]}" --timeout "${KUNIT_TIMEOUT:-900}" \
	--json="$RESULTS/$NAME.json" "${KUNIT_FILTER:-hmm_mirror}" || rc=$?
info "KUnit build+run took $(($(date +%s) - s)) s (kunit.py exit $rc)"
cp "$KOUT/test.log" "$LOGS/$NAME-boot.log" 2>/dev/null || : >"$LOGS/$NAME-boot.log"

python3 - "$RESULTS/$NAME.json" "$RESULTS/$NAME.tsv" "$rc" <<'PY'
import json, sys
src, out, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = []
def walk(g, path):
    for c in g.get('test_cases', []):
        rows.append(('kunit:' + path, c['name'], c['status'] if c['status'] in ('PASS', 'SKIP') else 'FAIL'))
    for s in g.get('sub_groups', []):
        walk(s, (path + '.' if path else '') + s['name'])
try:
    data = json.load(open(src))
    for s in data.get('sub_groups', []):
        walk(s, s['name'])
    for c in data.get('test_cases', []):
        rows.append(('kunit', c['name'], c['status'] if c['status'] in ('PASS', 'SKIP') else 'FAIL'))
except (OSError, ValueError):
    pass
with open(out, 'w') as f:
    for r in rows:
        f.write('\t'.join(r) + '\t\n')
    if rc and not any(r[2] == 'FAIL' for r in rows):
        f.write('kunit\t(kunit.py)\tFAIL\tkunit.py exited %d (build or boot failure, see build/logs/kunit.log)\n' % rc)
PY
exit 0
