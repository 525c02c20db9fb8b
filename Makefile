# The one entry point: set-up, app, tests, benchmarks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: app test lint typecheck unit postgres browser soak screenshots bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[app,dev]'
	touch $(STAMP)

app: $(STAMP)
	$(BIN)/toc app

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check toc apps tests benchmarks
	$(BIN)/ruff format --check toc apps tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy toc apps/tocapp

unit: $(STAMP)
	$(BIN)/pytest

# The store's tests on SQLite and on a throwaway PostgreSQL cluster (apt-get install -y postgresql)
postgres: $(STAMP)
	dir=$$(mktemp -d) && trap ".ci/postgres.sh stop $$dir" EXIT && \
	env=$$(.ci/postgres.sh start $$dir) && eval "$$env" && \
	$(BIN)/pytest tests/test_store*.py toc/store

# The workshop story in Debian's Chromium (also part of `unit`); apt-get install -y chromium
browser: $(STAMP)
	$(BIN)/pytest -m browser tests/test_browser.py

# The browser suite 20 times in a row with every core kept busy (TOC_SOAK_RUNS to change)
soak: $(STAMP)
	$(BIN)/python -m benchmarks.soak

# Retake the README's screenshots of the Map, Analyse and Value pages
screenshots: $(STAMP)
	TOC_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m browser tests/test_browser.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
