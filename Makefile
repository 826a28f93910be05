# kaohe — the two set-up commands are `make demo` and `make test`; both install what they need.
SHELL := /bin/bash
APT_PACKAGES := pkg-config zlib1g-dev libcairo2-dev libsqlite3-dev libpango1.0-dev fonts-noto-cjk sqlite3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
KAOHE_DEBUG := .build/debug/kaohe
KAOHE_RELEASE := .build/release/kaohe

.PHONY: deps build demo test check-cli bench clean

## Install the Debian packages kaohe needs, only those missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "kaohe: installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build

## The main job: generated data → database → site in output/.
demo: deps
	swift build -c release --product kaohe
	$(KAOHE_RELEASE) demo

## The tests: the CLI against the broken fixtures, then the Swift test suite.
test: deps
	$(MAKE) --no-print-directory check-cli
	swift test --disable-xctest

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

## Benchmarks: prints figures (import, scoring, charts, site build, memory).
bench: deps
	swift build -c release --product kaohe
	$(KAOHE_RELEASE) bench

clean:
	rm -rf .build output/site kaohe.sqlite
