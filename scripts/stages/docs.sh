#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Documentation/mm/hmm.rst: "make htmldocs SPHINXDIRS=mm" has no warning
# that the base tree lacks (the base's warnings are kept per base commit
# and Sphinx version in the machine's cache, lib.sh's CACHE), the rendered
# page carries the mirror registry section and its kernel-doc, and the
# section's driver example compiles and links as a module against the
# x86_64 build (W=1).
# Results: build/results/docs.tsv.
. "$(dirname "$0")/../lib/lib.sh"

: >"$RESULTS/docs.tsv"
TSV=$RESULTS/docs.tsv
RST=$LINUX/Documentation/mm/hmm.rst

command -v sphinx-build >/dev/null ||
	die "sphinx-build not found (Debian: python3-sphinx; make deps installs it)"

# htmldocs SRC OUT LOG: build the mm book from scratch (Sphinx's cache
# would skip unchanged sources and their warnings); print its normalised
# warnings.  Fails when make htmldocs does.
htmldocs() {
	rm -rf "$2/Documentation/output/mm" "$2/Documentation/output/.doctrees"
	SRC=$1 kmake O="$2" SPHINXDIRS=mm htmldocs >"$3" 2>&1 || return 1
	{ grep -E 'WARNING|ERROR|warning:|error:' "$3" || true; } | tree_relative |
		sed -E -e 's#^[^ ]*/Documentation/#Documentation/#' -e 's#:[0-9]+(:[0-9]+)?:#:#' | sort
}

stage "make htmldocs SPHINXDIRS=mm (log: build/logs/htmldocs.log)"
s=$(date +%s)
name="htmldocs SPHINXDIRS=mm: no new warning"
if ! new=$(htmldocs "$LINUX" "$OUT/docs" "$LOGS/htmldocs.log"); then
	row docs "$name" FAIL "make htmldocs failed: $(grep -m1 -E 'ERROR|Error|error' "$LOGS/htmldocs.log" | tree_relative)"
else
	info "htmldocs took $(($(date +%s) - s)) s"
	# The base's warnings, per base commit and documentation toolchain.
	key=$( { git -C "$LINUX" rev-parse base; sphinx-build --version; command -v dot || true
		 python3 -c 'import docutils; print(docutils.__version__)' 2>&1 || true
		 declare -f htmldocs tree_relative; } | sha256sum | cut -c1-16)
	cache=$CACHE/base-htmldocs/$key
	[ "$CACHE" != off ] || cache=$BASE_OUT/docs.warnings.$key
	if [ ! -f "$cache" ]; then
		info "htmldocs of the base, once per base tree (log: build/logs/htmldocs-base.log)"
		"$LIBDIR/basetree.sh" >/dev/null
		htmldocs "$BASE" "$BASE_OUT/docs" "$LOGS/htmldocs-base.log" >"$BASE_OUT/docs.warnings" ||
			die "make htmldocs fails on the base tree too (build/logs/htmldocs-base.log)"
		# Best effort: a cache that cannot be written costs time only.
		{ mkdir -p "$(dirname "$cache")" && cp "$BASE_OUT/docs.warnings" "$cache.$$" &&
		  mv -f "$cache.$$" "$cache"; } 2>/dev/null || rm -f "$cache.$$" 2>/dev/null || true
		cache=$BASE_OUT/docs.warnings
	fi
	new_vs_base "$TSV" docs "$name" "$new" "$(cat "$cache")"
fi

# The rendered page has the registry's section and the kernel-doc of
# every exported registry function (a kernel-doc directive that matches
# nothing renders nothing, without a warning).
html=$OUT/docs/Documentation/output/mm/hmm.html
# With the registry in mm/hmm.c, hmm.rst must document it.
grep -q 'EXPORT_SYMBOL[_A-Z]*(hmm_mirror_register)' "$LINUX/mm/hmm.c" || exit 0
name="hmm.html: registry section and kernel-doc of every export"
missing=
[ -f "$html" ] || missing="no $(basename "$html")"
for want in 'Mirroring a whole address space' 'struct hmm_mirror_ops' \
	hmm_mirror_register hmm_mirror_unregister hmm_mirror_read_begin \
	hmm_mirror_read_retry mydev_release; do
	[ -n "$missing" ] && break
	grep -q "$want" "$html" || missing="'$want' not in the rendered hmm.html"
done
for f in $(grep -ho 'EXPORT_SYMBOL[_A-Z]*(hmm_mirror[a-z_]*)' "$LINUX/mm/hmm.c" |
	sed 's/.*(\(.*\))/\1/'); do
	[ -n "$missing" ] && break
	grep -q "id=\"c\.$f\"" "$html" || missing="no kernel-doc entry for exported $f in hmm.html"
done
if [ -z "$missing" ]; then
	row docs "$name" PASS
else
	row docs "$name" FAIL "$missing"
fi

# The driver example compiles and links against the series.
name="hmm.rst driver example builds as a module (W=1)"
ex=$OUT/docs-example
rm -rf "$ex"
mkdir -p "$ex"
if ! grep -q '^\.\. The harness compiles the code block below' "$RST"; then
	row docs "$name" FAIL "hmm.rst has no example marked for the harness"
	exit 0
fi
stage "hmm.rst driver example: external module build, W=1 (log: build/logs/docs-example.log)"
if [ ! -f "$OUT/x86/arch/x86/boot/bzImage" ] || [ ! -f "$OUT/x86/Module.symvers" ]; then
	row docs "$name" FAIL "no x86_64 build with modules to build against (the build stage failed or did not run)"
elif ! python3 "$LIBDIR/docexample.py" "$RST" "$ex" >"$LOGS/docs-example.log" 2>&1; then
	row docs "$name" FAIL "$(tail -n 1 "$LOGS/docs-example.log")"
elif ! run_logged "$LOGS/docs-example.log" kmake O="$OUT/x86" ARCH=x86_64 M="$ex" W=1 modules; then
	row docs "$name" FAIL "$(grep -m1 -E 'error|ERROR' "$LOGS/docs-example.log" | sed "s#$ex/##")"
elif w=$(grep -E 'warning:|WARNING:' "$LOGS/docs-example.log"); then
	row docs "$name" FAIL "$(printf '%s\n' "$w" | head -n 1 | sed "s#$ex/##")"
else
	row docs "$name" PASS
fi
