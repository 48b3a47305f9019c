# SPDX-License-Identifier: GPL-2.0
# HMM mirror registry series: build, boot and test harness.
# See README.md; settings (JOBS, BOOT_TIMEOUT, ...) are in its table.

SHELL := /bin/bash
S := scripts

.PHONY: all help deps tree export build boot run test harness-test \
	checkpatch kerneldoc maintainers docs kunit lockdep sparse bisect mutate mutate-selftests soak kcsan bench \
	mail mail-check kunit-x86 base-check \
	clean distclean

all: help

help:
	@echo "Main:"
	@echo "  make run           build the patched x86_64 kernel, boot it in QEMU, run the HMM selftests"
	@echo "  make test          every check (CI runs this); ends with 'N passed, N failed'"
	@echo "Working on the series:"
	@echo "  make tree          unpack the base into build/linux and git am patches/"
	@echo "  make export        regenerate patches/ from build/linux (base..HEAD)"
	@echo "  make mutate [M=x]  break mm/hmm.c on purpose, show which KUnit case catches it"
	@echo "  make soak [SECONDS=600]  fork/mirror/migrate/exit at random in the guest, then leak and splat checks"
	@echo "  make bench         benchmarks: registry vs mmu_notifier vs interval notifier (builds, boots)"
	@echo "  make mutate-selftests [M=x]  the same for the hmm-tests race cases (builds, boots)"
	@echo "  make mail          the next posted version in build/mail/vN (range-diff vs mail/)"
	@echo "  make base-check    the series on the newest linux-source-6.12 apt offers: applies? KUnit on UML"
	@echo "Single stages (each ends with its own summary line):"
	@echo "  make harness-test  the harness's own tests (tests/)"
	@echo "  make checkpatch    checkpatch.pl --strict on every patch"
	@echo "  make kerneldoc     kernel-doc -none -Wall on touched files"
	@echo "  make maintainers   get_maintainer.pl names the HMM entry for every patch and new file"
	@echo "  make mail-check    make mail works and its mails apply with git am on the base"
	@echo "  make build         the x86_64 test kernel"
	@echo "  make docs          htmldocs of Documentation/mm, hmm.rst's example compiled (builds)"
	@echo "  make boot          build, boot in QEMU, run the selftests"
	@echo "  make kunit         the KUnit suite on UML"
	@echo "  make kunit-x86     the KUnit suite on the x86_64 guest kernel: 2 vCPUs, PREEMPT (builds)"
	@echo "  make kcsan         KUnit + the registry's selftests on a KCSAN x86_64 kernel (builds)"
	@echo "  make lockdep       the lockdep demonstrations on UML"
	@echo "  make sparse        sparse and W=1 on touched files (builds both kernels)"
	@echo "  make bisect        every patch builds on x86_64 and UML"
	@echo "Other:"
	@echo "  make deps          install the Debian packages the harness needs"
	@echo "  make clean         remove build output (keeps the tree)"
	@echo "  make distclean     remove build/ entirely"

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh

export:
	@$(S)/export.sh

run: deps
	@$(S)/run.sh

test: deps
	@$(S)/test.sh

harness-test:
	@$(S)/stage.sh harness

build: deps
	@$(S)/stage.sh build

boot: deps
	@$(S)/stage.sh build selftests

checkpatch: deps
	@$(S)/stage.sh checkpatch

kerneldoc: deps
	@$(S)/stage.sh kerneldoc

maintainers: deps
	@$(S)/stage.sh maintainers

docs: deps
	@$(S)/stage.sh build docs

kunit: deps
	@$(S)/stage.sh kunit

kcsan: deps
	@$(S)/stage.sh kcsan

kunit-x86: deps
	@$(S)/stage.sh build kunit_x86

lockdep: deps
	@$(S)/stage.sh lockdep

sparse: deps
	@$(S)/stage.sh build kunit sparse

bisect: deps
	@$(S)/stage.sh bisect

mail: tree
	@$(S)/mail.sh

mail-check: deps
	@$(S)/stage.sh mail

mutate: tree
	@$(S)/mutate.sh $(M)

soak: deps
	@SOAK_SECONDS=$(or $(SECONDS),600) $(S)/stage.sh build soak

bench: deps
	@$(S)/stage.sh bench

base-check: deps
	@$(S)/base-check.sh

mutate-selftests: tree
	@$(S)/mutate-selftests.sh $(M)

clean:
	rm -rf build/out build/logs build/results build/base/out build/bisect/out

distclean:
	rm -rf build
