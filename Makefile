# The two commands that matter: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

export QT_QPA_PLATFORM_PLUGIN_PATH ?=

.PHONY: run test lint typecheck layers bench clean venv

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

## make test: the whole suite, headless, plus lint, types and the layer contract
test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check wargame tests bench
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check wargame tests bench
	$(BIN)/ruff format --check wargame tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

## make bench: speed and memory figures, each against a baseline measured in the same run
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
