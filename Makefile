# The two commands that matter: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

export QT_QPA_PLATFORM_PLUGIN_PATH ?=

# Python keeps the byte code it compiles (in __pycache__, ignored by git), as it does on a
# user's machine: a shell that sets PYTHONDONTWRITEBYTECODE would make every test worker,
# and every app or command a test starts, compile the package and the tests anew.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-fast checks lint typecheck layers bench screenshots clean venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

venv: $(STAMP)

## make run: start the app on the bundled troop-deployment scenario
run: $(STAMP)
	$(BIN)/wargame gui --scenario troop-deployment

CODE := wargame tests bench tools

## make test: the whole suite, headless, plus lint, formatting, types and the layer contract
test: checks
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

## make test-fast: the same checks, and every test not marked `slow`, on every core
## (a test file runs whole on one core, so its module-scoped games are made once)
test-fast: checks
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow" -n auto --dist loadfile

## make checks: what .pre-commit-config.yaml runs too: layers, lint, formatting, types
checks: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

## make bench: speed and memory figures, each against a baseline measured in the same run
## (make bench BENCH="web" runs only the team pages' load test; BENCH=all runs everything)
BENCH ?=
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench $(BENCH)

## make screenshots: every main screen with the demo game, as PNG files in build/screenshots
## (one folder per screen size: 1366x768, 1280x720, 1920x1080 at 150%, and the projector's)
screenshots: $(STAMP)
	WARGAME_SHOTS=build/screenshots QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/ui/test_gallery.py \
		tests/web/test_browser.py::test_pages_at_phone_and_laptop_size
	$(BIN)/python -m tools.screenshots --out build/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# ---------------------------------------------------------------- packaging (not part of `make test`)
# See packaging/README.md. PyInstaller comes from the `package` extra of pyproject.toml.
PKG_STAMP := $(VENV)/.package-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

$(PKG_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	rm -f $(VENV)/.package-*
	touch $@

.PHONY: package package-test

## make package: the app as one folder in dist/wargame (PyInstaller); on Linux also the tarball
package: $(PKG_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/wargame.spec
	@if [ "$$(uname -s)" = Linux ]; then $(BIN)/python packaging/linux/make_tarball.py; fi
	@du -sh dist/wargame

## make package-test: run the built bundle with no Python (version, validate, demo, gui screenshot)
package-test:
	$(BIN)/python packaging/package_test.py
