# The two commands: `make run` and `make test`. Both install what is missing first.
# Works on a fresh Debian machine with Swift installed (as root, or with sudo).

SHELL := /bin/bash
SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(CURDIR)/$(VENV)/bin/python
CONFIG ?= Config/plannerd.yaml

# Debian packages the build and the tests need: libical and SQLite headers for the Swift
# targets, vdirsyncer + khal as the real calendar client of the end-to-end tests.
APT_PACKAGES := pkg-config libical-dev libsqlite3-dev zlib1g-dev vdirsyncer khal curl
PIP_PACKAGES := icalendar recurring-ical-events pyyaml openapi-spec-validator schemathesis
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps python-deps bench check-config clean

## run: install what is missing, build, start plannerd on the example group and print its URL.
run: deps
	$(SWIFT) build --product plannerd
	$(SWIFT) build --product planner
	exec $$($(SWIFT) build --show-bin-path)/plannerd --config $(CONFIG)

## test: every test: Swift tests (with the independent Python parser), config checks.
test: deps python-deps
	$(VENV_PYTHON) Tests/tools/check_config.py --root .
	PLANNER_PYTHON=$(VENV_PYTHON) $(SWIFT) build --build-tests
	PLANNER_PYTHON=$(VENV_PYTHON) $(SWIFT) test --skip-build

build: deps
	$(SWIFT) build

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

$(VENV)/.installed: Makefile
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check $(PIP_PACKAGES)
	touch $@

clean:
	rm -rf .build $(VENV)
