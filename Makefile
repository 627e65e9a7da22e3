# The two commands of the README: `make run` and `make test`. Each sets up what it needs first.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

PACKAGES := cli bot handlers conversations kit services storage domain documents texts localapi playground

.PHONY: run test lint bench fuzz chaos

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/refah run

test: lint
	sh scripts/ensure-chromium.sh
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy $(PACKAGES)

bench: $(STAMP)
	$(PY) -m bench
	$(PY) -m bench.sql

# The conversation fuzz at length (tests/e2e/test_fuzz.py runs a few examples per state in `make test`).
fuzz: $(STAMP)
	REFAH_FUZZ_EXAMPLES=$${REFAH_FUZZ_EXAMPLES:-300} $(PY) -m pytest tests/e2e/test_fuzz.py -q

# The chaos test at length: more people's rounds, more SIGKILLs (tests/e2e/test_chaos.py runs one round in `make test`).
chaos: $(STAMP)
	REFAH_CHAOS_ROUNDS=$${REFAH_CHAOS_ROUNDS:-5} $(PY) -m pytest tests/e2e/test_chaos.py -q -s
