# kaohe — the two set-up commands are `make demo` and `make test`; both install what they need.
SHELL := /bin/bash
APT_PACKAGES := pkg-config zlib1g-dev libcairo2-dev libsqlite3-dev libpango1.0-dev libharfbuzz-dev fonts-noto-cjk sqlite3 time \
  libfreexl-dev libxlsxwriter-dev poppler-utils
## Only for the tests: a real browser and the fixture writers.
TEST_APT_PACKAGES := chromium
PIP_PACKAGES := openpyxl xlwt xlsxwriter playwright axe-playwright-python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
KAOHE_DEBUG := .build/debug/kaohe
KAOHE_RELEASE := .build/release/kaohe
## The release binary links the Swift runtime and Foundation statically: every command starts about
## 15 ms sooner (15 shared libraries fewer to load and bind; docs/benchmarks.md).
BUILD_RELEASE := swift build -c release --product kaohe --static-swift-stdlib

## $(call apt_install_missing,PACKAGES): apt-get install those of PACKAGES that are not installed yet.
apt_install_missing = missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "kaohe: installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

.PHONY: deps test-deps build demo test lint format check-cli check-browser bench clean

## Install the Debian packages kaohe needs, only those missing.
deps:
	@$(call apt_install_missing,$(APT_PACKAGES))

## The test-only packages (Chromium for the browser checks, Python fixture writers), only those missing.
test-deps: deps
	@$(call apt_install_missing,$(TEST_APT_PACKAGES))
	@python3 -c "import openpyxl, xlwt, xlsxwriter, playwright, axe_playwright_python" 2>/dev/null || \
	  { echo "kaohe: installing $(PIP_PACKAGES)"; python3 -m pip install -q $(PIP_PACKAGES); }

build: deps
	swift build

## The main job: generated data → database → site in output/.
demo: deps
	$(BUILD_RELEASE)
	$(KAOHE_RELEASE) demo

## The tests: the format check, the CLI against the broken fixtures, the Swift test suite, then every
## page kind in a real browser (system Chromium + Playwright + axe-core; screenshots in .build/browser-shots/).
## The suite's temporary folders (sites, databases, workbooks) go into one folder removed after it
## (mode 1777 as /tmp: some tests run kaohe as `nobody`).
test: test-deps
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory check-cli
	@scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/kaohe-test-XXXXXX") && chmod 1777 "$$scratch" && \
	  echo "swift test --disable-xctest (temporary folders in $$scratch, removed afterwards)" && \
	  { TMPDIR=$$scratch swift test --disable-xctest; status=$$?; rm -rf "$$scratch"; exit $$status; }
	$(MAKE) --no-print-directory check-browser

## The code as `swift format` (shipped with the toolchain) lays it out under .swift-format; `make format` fixes it.
SWIFT_FILES := Sources Tests Package.swift
lint:
	swift format lint --strict --recursive --parallel $(SWIFT_FILES)
	@echo "swift format: no findings"

format:
	swift format format --in-place --recursive --parallel $(SWIFT_FILES)

check-browser:
	@swift build --product kaohe >/dev/null
	python3 Tests/browser/check_pages.py --kaohe $(KAOHE_DEBUG)

check-cli:
	@swift build --product kaohe >/dev/null
	@$(KAOHE_DEBUG) check >/dev/null && echo "kaohe check indicators/: ok"
	@fails=0; for d in Tests/IndicatorsTests/Fixtures/broken/*/; do \
	  if out=$$($(KAOHE_DEBUG) check --indicators $$d 2>&1 >/dev/null); then \
	    echo "FAIL: kaohe check accepted $$d"; fails=$$((fails+1)); \
	  elif ! grep -q "$$d" <<<"$$out"; then \
	    echo "FAIL: message does not name the file for $$d: $$out"; fails=$$((fails+1)); \
	  fi; \
	done; \
	n=$$(ls -d Tests/IndicatorsTests/Fixtures/broken/*/ | wc -l); \
	echo "kaohe check rejected $$((n-fails)) of $$n broken fixtures"; \
	[ $$fails = 0 ]

## Benchmarks: every goal of issue #15 next to its figure, each command a process of its own of the
## release binary, BENCH_ROUNDS rounds (median and range); the charts next to matplotlib (docs/benchmarks.md).
BENCH := data/bench
BENCH_ROUNDS ?= 3
bench: deps
	@python3 -c "import matplotlib" 2>/dev/null || { echo "kaohe: installing matplotlib"; python3 -m pip install -q matplotlib; }
	$(BUILD_RELEASE)
	$(KAOHE_RELEASE) bench --work $(BENCH) --rounds $(BENCH_ROUNDS)

clean:
	rm -rf .build output/site kaohe.sqlite

## A long fuzz run of the file readers (the suite runs 1,200 mutants; this many more, another seed).
FUZZ_MUTANTS ?= 50000
FUZZ_SEED ?= 20181201
.PHONY: fuzz
fuzz:
	swift build --build-tests
	KAOHE_FUZZ_MUTANTS=$(FUZZ_MUTANTS) KAOHE_FUZZ_SEED=$(FUZZ_SEED) \
	  swift test --disable-xctest --skip-build --filter Fuzzing
