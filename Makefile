# Two entry points: `make run` (set up, open the demo) and `make test` (set up, run every check).
# Both create .venv on first use and reuse it afterwards.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages Qt needs offscreen and in a real X window (see README).
QT_DEBS := libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 fonts-dejavu-core \
	xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0

.PHONY: run test setup system-deps lint bench demo-shot clean package

run: setup
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ -n "$$QT_QPA_PLATFORM" ]; then \
		$(BIN)/annotator --demo; \
	else \
		echo "No display: opening the demo under a virtual screen (xvfb-run) and saving demo.png"; \
		QT_QPA_PLATFORM=xcb xvfb-run -a $(BIN)/annotator --demo --screenshot demo.png; \
	fi

# label-studio-sdk's own validation checks our Label Studio export (tests/services/test_labelstudio_sdk.py).
# The SDK goes in without its requirements, which would downgrade numpy below spaCy's and add OpenCV, pandas
# and black; its label_interface needs only the labelstudio-test extra. `pip check` then names the SDK's
# unused requirements (datamodel-code-generator, doclang, ijson, nltk, opencv, pandas, ...) and nothing else.
LABEL_STUDIO_SDK := 2.1.2
LABEL_STUDIO_STAMP := $(VENV)/.label-studio-sdk-$(LABEL_STUDIO_SDK)

test: setup $(LABEL_STUDIO_STAMP)
	$(BIN)/ruff check annotator tests bench
	$(BIN)/lint-imports
	ANNOTATOR_TEST_LABEL_STUDIO=1 QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

$(LABEL_STUDIO_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[test,labelstudio-test]"
	$(BIN)/python -m pip install -q --no-deps "label-studio-sdk==$(LABEL_STUDIO_SDK)"
	touch $@

setup: system-deps $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

# Installs Qt's system libraries only when one is missing; needs root (as on a fresh Debian machine).
system-deps:
	@missing=$$(for p in $(QT_DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for Qt: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

lint: setup
	$(BIN)/ruff check annotator tests bench
	$(BIN)/lint-imports

bench: setup
	for b in bench/bench_*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

demo-shot: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/annotator --demo --db /tmp/annotator-demo.annotator.db --screenshot docs/screenshot.png

# The .deb and the per-user tarball in dist/ (minutes; not part of `make test`). Check the .deb in a fresh
# Debian 12 chroot with: sudo packaging/chroot_check.sh
package:
	packaging/build.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
