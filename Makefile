# The two commands: `make run` and `make test`. Both install what is missing first.
# Works on a fresh Debian machine with Swift installed (as root, or with sudo).

SHELL := /bin/bash
SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(CURDIR)/$(VENV)/bin/python
CONFIG ?= Config/plannerd.yaml

# Debian packages the build and the tests need: libical, SQLite, COIN-OR CBC and libqrencode
# headers for the Swift targets, vdirsyncer + khal as the real calendar client of the end-to-end
# tests, Chromium and its driver for the pages' browser tests, zbar-tools to read a printed QR code
# back.
APT_PACKAGES := pkg-config libical-dev libsqlite3-dev coinor-libcbc-dev libqrencode-dev zlib1g-dev vdirsyncer khal curl chromium chromium-driver zbar-tools
PIP_PACKAGES := icalendar recurring-ical-events pyyaml selenium axe-selenium-python openapi-spec-validator \
	schemathesis
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build lint format deps python-deps bench fuzz clean

## run: install what is missing, build, start plannerd on the example group and print its URL.
run: deps
	$(SWIFT) build --product plannerd
	$(SWIFT) build --product planner
	exec $$($(SWIFT) build --show-bin-path)/plannerd --config $(CONFIG)

## test: every test: the style (swift format lint, .swift-format), the shipped YAML checked by
## planner's own loaders, then the Swift tests (with the independent Python parser, real
## calendar clients and a real browser).
test: deps python-deps lint
	PLANNER_PYTHON=$(VENV_PYTHON) $(SWIFT) build --build-tests
	$$($(SWIFT) build --show-bin-path)/planner catalogue check
	$$($(SWIFT) build --show-bin-path)/planner group check
	PLANNER_PYTHON=$(VENV_PYTHON) $(SWIFT) test --skip-build

build: deps
	$(SWIFT) build

## lint: the Swift style, kept by swift-format with the checked-in .swift-format (4 spaces, 120
## columns); `make format` rewrites the files to match.
SWIFT_SOURCES := Package.swift Sources Tests Benchmarks Fuzz
lint:
	$(SWIFT) format lint --strict --recursive $(SWIFT_SOURCES)

format:
	$(SWIFT) format format --in-place --recursive $(SWIFT_SOURCES)

# Iterations of the property-based fuzz tests in `make fuzz` (`make test` runs 150), and seconds
# of libFuzzer on the reader (its build and work folders live in Fuzz/.build).
FUZZ_ITERATIONS ?= 5000
FUZZ_SECONDS ?= 300

## fuzz: hostile .ics input for longer: the fuzz tests with FUZZ_ITERATIONS, then libFuzzer for FUZZ_SECONDS.
fuzz: deps
	PLANNER_PYTHON=$(VENV_PYTHON) $(SWIFT) build --build-tests
	ICAL_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(SWIFT) test --skip-build --filter 'FuzzTests|ImportLimitTests'
	cd Fuzz && $(SWIFT) build -c debug -Xswiftc -sanitize=fuzzer,address --product ICalendarFuzz
	mkdir -p Fuzz/.build/corpus Fuzz/.build/findings
	cd Fuzz && $$($(SWIFT) build -c debug -Xswiftc -sanitize=fuzzer,address --show-bin-path)/ICalendarFuzz \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=2048 -max_len=200000 \
	    -artifact_prefix=.build/findings/ .build/corpus ../Tests/ICalendarTests/Fixtures \
	    ../Tests/CalendarFeedsTests/Golden ../Tests/CalendarFeedsTests/Imports

## bench: the package-benchmark suites in Benchmarks/ (release builds).
bench: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark

## deps: apt-get only the Debian packages that are not installed yet.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## python-deps: the independent iCalendar parser, the OpenAPI validator and schemathesis, in a
## virtual environment of its own (installing PyPI's icalendar into Debian's python3 would break
## khal). The stamp depends on the Makefile, so a changed PIP_PACKAGES installs again.
python-deps: $(VENV)/.installed

# The stamp depends on the Makefile, so a package added to PIP_PACKAGES is installed on the
# next run of an existing checkout too.
$(VENV)/.installed: Makefile
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check $(PIP_PACKAGES)
	touch $@

clean:
	rm -rf .build $(VENV)
