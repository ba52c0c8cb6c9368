# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make demo   creates .venv, installs claimtrack, ingests seeds/ into claimtrack.db and shows what was found
#   make test   the same set-up, then the test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint clean

$(BIN)/claimtrack: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("claimtrack needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/claimtrack
	$(BIN)/claimtrack demo

test: $(BIN)/claimtrack
	$(BIN)/python -m pytest

lint: $(BIN)/claimtrack
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) claimtrack.db claimtrack.db-wal claimtrack.db-shm
