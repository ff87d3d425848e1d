# The two commands of the README: `make demo` and `make test`. Both are idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= newsgraph.duckdb

SHARED ?= ../shared

.PHONY: demo test lint typecheck pytest bench score clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,ray]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/newsgraph ingest examples/demo --db $(DB)
	$(BIN)/newsgraph articles --db $(DB)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

test: lint typecheck pytest

bench: $(VENV)/.installed
	$(BIN)/python bench/ingest.py

# Score the two seed articles against the shared gold (needs ../shared).
score: $(VENV)/.installed
	@tmp=$$(mktemp -d) && $(BIN)/python $(SHARED)/tools/seeds_jsonl.py > $$tmp/seeds.jsonl \
	  && $(BIN)/newsgraph ingest $$tmp/seeds.jsonl --db $$tmp/s.duckdb -q \
	  && $(BIN)/newsgraph export --db $$tmp/s.duckdb -o $$tmp/export.json \
	  && $(BIN)/python $(SHARED)/tools/score.py --gold $(SHARED)/gold/seeds.json --pred $$tmp/export.json --verbose; \
	  status=$$?; rm -rf $$tmp; exit $$status

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .mypy_cache .ruff_cache
