# Two commands for a fresh Debian/Ubuntu machine:
#   make run    build everything and open Sitrep on the default database
#   make test   every test layer, end-to-end tests of the real app included
# Each installs what is missing first, and skips work already done.

SHELL := /bin/bash
.DEFAULT_GOAL := run

# What building the desktop app needs, and what its tests need on top.
BUILD_PACKAGES := libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev \
                  libssl-dev pkg-config libxdo-dev build-essential
TEST_PACKAGES  := xvfb webkit2gtk-driver dbus dunst libnotify-bin xauth xdotool procps desktop-file-utils

CARGO_BIN    := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
TAURI_DRIVER := $(CARGO_BIN)/tauri-driver
CARGO_MUTANTS := $(CARGO_BIN)/cargo-mutants
UI_SOURCES   := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json

.PHONY: run test build-deps test-deps ui lint unit e2e install-test bench bench-footprint mutants \
        app install uninstall package clean

run: build-deps ui
	cargo run -p sitrep-desktop

test: build-deps test-deps ui lint unit e2e install-test

build-deps:
	@scripts/check-toolchain
	@scripts/ensure-system-packages $(BUILD_PACKAGES)

test-deps: $(TAURI_DRIVER)
	@scripts/ensure-system-packages $(TEST_PACKAGES)

$(TAURI_DRIVER):
	cargo install tauri-driver --locked

ui/node_modules/.installed: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

ui/dist/index.html: ui/node_modules/.installed $(UI_SOURCES)
	cd ui && npm run build
	touch $@

ui: ui/dist/index.html

lint: ui
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --features sitrep/e2e --locked -- -D warnings
	cd ui && npm run check

unit: ui
	cargo test --workspace --exclude sitrep-floor --locked
	cd ui && npm test

# The real app in its real webview: builds the binary and its .deb (from
# the same debug build), then drives both.
e2e: ui test-deps
	$(MAKE) --no-print-directory package PROFILE=debug
	SITREP_DEB=$(call deb_of,debug) timeout --kill-after=1m 30m cargo test -p sitrep --features e2e --test e2e --locked

# make install and make uninstall into a temporary PREFIX, from the same debug build.
install-test: test-deps
	tests/install.sh

# The build that install and package take: release (the UI embedded) by
# default; PROFILE=debug reuses the build the tests already made.
PROFILE ?= release
ifeq ($(PROFILE),release)
APP_BUILD := cargo build --release --locked -p sitrep-desktop -p sitrep --bins \
             --features sitrep-desktop/custom-protocol
BUNDLE_FLAGS :=
else ifeq ($(PROFILE),debug)
APP_BUILD := cargo build --locked -p sitrep-desktop -p sitrep --bins
BUNDLE_FLAGS := --debug
else
$(error PROFILE is release or debug, not $(PROFILE))
endif
BUILT   := $(CURDIR)/target/$(PROFILE)
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
ARCH    := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
# The .deb `make package PROFILE=$(1)` builds.
deb_of   = $(CURDIR)/target/$(1)/bundle/deb/Sitrep_$(VERSION)_$(ARCH).deb

app: build-deps ui
	$(APP_BUILD)

# For the current user by default; for everyone: make app, then
# sudo make install PREFIX=/usr/local.
# Uninstall removes exactly the files install put there; never the database.
PREFIX ?= $(HOME)/.local
# Each icon as installed size:source file in icons/.
ICON_SIZES := 32x32:32x32 128x128:128x128 256x256:128x128@2x
icon_in     = $(PREFIX)/share/icons/hicolor/$(word 1,$(subst :, ,$(1)))/apps/sitrep-desktop.png
icon_from   = icons/$(word 2,$(subst :, ,$(1))).png
INSTALLED  := $(PREFIX)/bin/sitrep-desktop $(PREFIX)/bin/sitrep \
              $(PREFIX)/share/applications/sitrep.desktop \
              $(foreach size,$(ICON_SIZES),$(call icon_in,$(size)))

# Under sudo cargo is usually not on PATH: then the build `make app` made
# (as the user) is installed as it is.
install:
	@if command -v cargo > /dev/null; then $(MAKE) --no-print-directory app; \
	elif [ -x $(BUILT)/sitrep-desktop ] && [ -x $(BUILT)/sitrep ]; then \
		echo "cargo is not on PATH: installing the build in $(BUILT) as it is"; \
	else echo "cargo is not on PATH and nothing is built: run make app first" >&2; exit 1; fi
	install -Dm755 $(BUILT)/sitrep-desktop $(PREFIX)/bin/sitrep-desktop
	install -Dm755 $(BUILT)/sitrep $(PREFIX)/bin/sitrep
	sed 's|@BIN@|$(PREFIX)/bin|' packaging/sitrep.desktop > $(BUILT)/sitrep.desktop
	install -Dm644 $(BUILT)/sitrep.desktop $(PREFIX)/share/applications/sitrep.desktop
	$(foreach size,$(ICON_SIZES),install -Dm644 $(call icon_from,$(size)) $(call icon_in,$(size));)
	@echo "Installed Sitrep in $(PREFIX); make uninstall PREFIX=$(PREFIX) removes it."

uninstall:
	rm -f $(INSTALLED)

# A .deb by Tauri's bundler (the Tauri CLI comes with the UI's npm packages),
# holding both binaries, the desktop entry and the icons.
package: app
	ui/node_modules/.bin/tauri bundle $(BUNDLE_FLAGS) --bundles deb --ci \
		--config '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/sitrep":"$(BUILT)/sitrep"}}}}}'
	@echo "Built $(call deb_of,$(PROFILE))"

# Speed and memory targets; the desktop bench runs the real app under Xvfb and dunst.
bench: build-deps test-deps ui
	cargo build -p sitrep-desktop --locked
	cargo bench -p sitrep --locked --bench store --bench scheduler --bench postmortem --bench import --bench desktop

# Start time, memory and idle CPU of Sitrep against a bare Tauri 2 window
# (bench/floor), both release builds, on an empty database and on generated
# histories of 1,000 and 10,000 incidents. Takes about ten minutes.
RELEASE := $(CURDIR)/target/release
bench-footprint: build-deps test-deps ui
	cargo build --release --locked -p sitrep-desktop -p sitrep-floor \
		--features sitrep-desktop/custom-protocol,sitrep-floor/custom-protocol
	SITREP_DESKTOP_BIN=$(RELEASE)/sitrep-desktop SITREP_FLOOR_BIN=$(RELEASE)/sitrep-floor \
		cargo bench -p sitrep --locked --bench footprint

# Mutation testing of the business rules (.cargo/mutants.toml names the files);
# not part of `make test`. DIFF=1: only the mutants in lines changed since the
# merge base with origin/main (main if there is no origin), uncommitted edits
# included — quick enough to run before stopping. Results in mutants.out/;
# ARGS=--iterate tests again only what the last run missed or did not reach.
MUTANTS_BASE = $(shell git merge-base origin/main HEAD 2>/dev/null || git merge-base main HEAD)
# Two jobs keep both cores busy: one mutant builds while another's tests run.
MUTANTS_JOBS ?= 2
MUTANTS := CARGO_PROFILE_DEV_DEBUG=0 nice cargo mutants --jobs $(MUTANTS_JOBS)

mutants: $(CARGO_MUTANTS)
ifeq ($(DIFF),1)
	git diff $(MUTANTS_BASE) | $(MUTANTS) --in-diff /dev/stdin $(ARGS)
else
	$(MUTANTS) $(ARGS)
endif

$(CARGO_MUTANTS):
	cargo install cargo-mutants --locked

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules
