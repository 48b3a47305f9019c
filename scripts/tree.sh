#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make tree: unpack the pinned Debian 6.12 source (lib/base.sh) once into
# a git repo tagged "base", then apply patches/ with git am.  Does nothing
# when neither the base nor patches/ changed; refuses to throw away
# unexported work.
. "$(dirname "$0")/lib/lib.sh"

# The pinned base (configs/base-version), fetched and checked; one line
# when Debian offers a newer 6.12.y (make base-check tries it).
select_base
[ -n "$TARBALL_GIVEN" ] || base_notice

# Work in the tree that patches/ does not hold: commits after the last
# apply/export, or uncommitted changes to tracked files.
local_work() {
	[ -d "$LINUX/.git" ] || return 1
	# An unpack that did not get as far as the base commit holds no work.
	git -C "$LINUX" rev-parse -q --verify base >/dev/null || return 1
	[ -z "$(stamp_get partial)" ] || return 1
	[ -n "$(git -C "$LINUX" status --porcelain --untracked-files=no)" ] && return 0
	[ "$(git -C "$LINUX" rev-parse HEAD)" != "$(stamp_get head)" ]
}

# The base commit as a git pack in the machine's cache (lib.sh), keyed by
# the tarball's content and by this recipe: a clean clone checks it out
# instead of unpacking and hashing 87,000 files again (the commit is the
# same, so are its hash and everything keyed by it).
base_pack() {
	[ "$CACHE" != off ] || return 0
	local key
	key=$( { sha256sum <"$TARBALL"; declare -f unpack_base base_from_pack
		 echo "$GIT_COMMITTER_NAME <$GIT_COMMITTER_EMAIL>"; git --version; } |
		sha256sum | cut -c1-16)
	echo "$CACHE/base-$key.git"
}

# base_from_pack PACK: build/linux from the cached base; fails on a miss.
base_from_pack() {
	[ -n "$1" ] && git -C "$1" rev-parse -q --verify refs/tags/base >/dev/null 2>&1 || return 1
	git clone -q --no-checkout "$1" "$LINUX" || return 1
	git -C "$LINUX" remote remove origin
	git -C "$LINUX" checkout -q -f -B base-branch base
}

unpack_base() {
	local pack
	pack=$(base_pack)
	need_space "$BUILD" "${NEED_GIB:-12}" "Unpacking and building the kernel (tree, git, x86_64, UML and per-patch builds)"
	# The worktrees belong to the old repository: they go with it.
	rm -rf "$LINUX" "$BUILD/linux.tmp" "$BASE" "$BISECT"
	if [ -n "$pack" ] && [ -d "$pack" ]; then
		stage "checking out the base from the cache (${pack/#$HOME/\~})"
		if base_from_pack "$pack"; then
			git_settings
			stamp_write partial
			info "base: Linux $(make -s --no-print-directory -C "$LINUX" kernelversion), $(git -C "$LINUX" ls-files | wc -l) files"
			return 0
		fi
		rm -rf "$LINUX"
		rm -rf "$pack" 2>/dev/null || true
	fi
	stage "unpacking $BASE_DESC into build/linux"
	mkdir -p "$BUILD/linux.tmp"
	tar -C "$BUILD/linux.tmp" -xf "$TARBALL"
	mv "$BUILD/linux.tmp"/linux-source-* "$LINUX"
	rmdir "$BUILD/linux.tmp"
	# Debian's .gitignore ignores every top-level path ("/*" then
	# "!/debian/"): without this, git would track nothing.  It also
	# lacks upstream's exceptions to ".*", without which .gitignore
	# and .kunitconfig files (the tree's and the series') go untracked.
	sed -i -e '\#^/\*$#d' -e '\#^!/debian/$#d' "$LINUX/.gitignore"
	grep -qx '!.kunitconfig' "$LINUX/.gitignore" || cat >>"$LINUX/.gitignore" <<'IGN'

# Dot-files that belong to the tree (as upstream's .gitignore has it).
!.clang-format
!.clippy.toml
!.cocciconfig
!.editorconfig
!.get_maintainer.ignore
!.gitattributes
!.gitignore
!.kunitconfig
!.mailmap
!.rustfmt.toml
IGN
	git -C "$LINUX" init -q -b base-branch
	git_settings
	git -C "$LINUX" add -A
	local n
	n=$(git -C "$LINUX" ls-files | wc -l)
	[ "$n" -gt "${MIN_TREE_FILES:-80000}" ] || die "only $n files tracked in build/linux (expected ~87000)"
	[ -n "${MIN_TREE_FILES:-}" ] || [ -n "$(git -C "$LINUX" ls-files tools/testing/selftests/mm/.gitignore)" ] ||
		die "build/linux: dot-files or tool configs are not tracked"
	local v
	v=$(make -s --no-print-directory -C "$LINUX" kernelversion)
	GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
	GIT_AUTHOR_NAME=Debian GIT_AUTHOR_EMAIL=debian@localhost \
		git -C "$LINUX" commit -q -m "Linux $v (Debian linux-source-6.12)"
	git -C "$LINUX" tag -f base >/dev/null
	# Until the series is applied, the tree is a throwaway.
	stamp_write partial
	info "base: Linux $v, $n files"
	[ -z "$pack" ] || store_pack "$pack" || true
}

# store_pack PACK: the base commit into the cache as one pack, barely
# compressed and without deltas (15 s here).  Best effort: a cache that
# cannot be written costs the next clone time, not this run.  Keeps the
# two newest packs (two branches on other bases need not evict each
# other's).
store_pack() {
	local tmp=$1.$$ old
	{ mkdir -p "$CACHE" && git init -q --bare "$tmp" &&
	  git -C "$LINUX" rev-list --objects base |
		git -C "$LINUX" -c pack.compression=1 pack-objects -q --window=0 --depth=0 \
			"$tmp/objects/pack/pack" >/dev/null &&
	  git -C "$tmp" update-ref refs/tags/base "$(git -C "$LINUX" rev-parse base)" &&
	  mv -T "$tmp" "$1"; } 2>/dev/null || { rm -rf "$tmp" 2>/dev/null; return 1; }
	for old in $(ls -dt "$CACHE"/base-*.git 2>/dev/null | tail -n +3); do
		rm -rf "$old" 2>/dev/null || true
	done
}

git_settings() {
	git -C "$LINUX" config user.name "$GIT_COMMITTER_NAME"
	git -C "$LINUX" config user.email "$GIT_COMMITTER_EMAIL"
	git -C "$LINUX" config core.abbrev 12
	git -C "$LINUX" config gc.auto 0
}

apply_series() {
	git -C "$LINUX" am --abort >/dev/null 2>&1 || true
	git -C "$LINUX" checkout -q -f -B series base
	stamp_write partial
	local p n=0
	for p in $(series_patches); do
		if ! git -C "$LINUX" am -q "$p" >"$LOGS/tree-am.log" 2>&1; then
			cat "$LOGS/tree-am.log" >&2
			stamp_write partial
			# make base-check leaves the failed git am to be resolved.
			if [ -n "${KEEP_FAILED_AM:-}" ]; then
				die "patch does not apply: patches/$(basename "$p") ($(tilde "$LINUX") is stopped in git am at it, after $n patch(es))"
			fi
			git -C "$LINUX" am --abort >/dev/null 2>&1 || true
			die "patch does not apply: patches/$(basename "$p") (build/linux holds the $n patch(es) before it; patches/ is unchanged)"
		fi
		n=$((n + 1))
	done
	info "applied $n patch(es) on base"
	stamp_write
}

if [ -d "$LINUX/.git" ] && git -C "$LINUX" rev-parse -q --verify base >/dev/null &&
   [ "$(stamp_get tarball)" = "$(tarball_id)" ]; then
	if [ "$(stamp_get patches)" = "$(patches_id)" ] && [ -z "$(stamp_get partial)" ]; then
		if local_work; then
			info "build/linux has work not in patches/ yet (commit it and run 'make export')"
		fi
		make -s --no-print-directory -C "$LINUX" kernelversion >"$BUILD/kernelversion"
		exit 0
	fi
	if local_work && [ -z "${FORCE:-}" ]; then
		die "patches/ changed but build/linux has unexported work; run 'make export' first, or FORCE=1 make tree to discard it"
	fi
	stage "patches/ changed (or did not fully apply): re-applying the series"
else
	if local_work && [ -z "${FORCE:-}" ]; then
		die "the base tarball changed but build/linux has unexported work; run 'make export' first, or FORCE=1 make tree"
	fi
	unpack_base
fi
make -s --no-print-directory -C "$LINUX" kernelversion >"$BUILD/kernelversion"
apply_series
