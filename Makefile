# SPDX-License-Identifier: GPL-2.0
# HMM mirror registry series: build, boot and test harness.
# See README.md.

SHELL := /bin/bash
S := scripts

.PHONY: all help deps tree export build kunit boot run test checkpatch \
	sparse kerneldoc bisect mutate clean distclean

all: help

help:
	@echo "make run      build the patched x86_64 kernel, boot it, run the HMM selftests"
	@echo "make test     every check (series, checkpatch, KUnit, selftests, sparse, kernel-doc)"
	@echo "make tree     unpack the base into build/linux and git am patches/"
	@echo "make export   regenerate patches/ from build/linux (base..HEAD)"

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh

export:
	@$(S)/export.sh

build: tree
	@$(S)/build-x86.sh

kunit: tree
	@$(S)/kunit.sh

boot: build
	@$(S)/selftests.sh

run: deps
	@$(S)/run.sh

test: deps
	@$(S)/test.sh

checkpatch: tree
	@$(S)/checkpatch.sh

sparse: tree
	@$(S)/sparse.sh

kerneldoc: tree
	@$(S)/kerneldoc.sh

bisect: tree
	@$(S)/bisect.sh

clean:
	rm -rf build/out build/logs build/results

distclean:
	rm -rf build

mutate: tree
	@$(S)/mutate.sh $(M)
