# The few commands a person types. Every target bootstraps .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# CPython 3.8 to 3.13 live under pyenv here, not on PATH by name: let tox find them.
PYENV_BINS := $(shell ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/*/bin 2>/dev/null | tr '\n' ':')

.PHONY: report test lint bench tox clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest -q tests
	$(BIN)/coverage report --fail-under=100

bench: $(STAMP)
	$(BIN)/python -m bench

tox: $(STAMP)
	$(BIN)/python -m pip install -q tox
	PATH="$(PYENV_BINS)$$PATH" $(BIN)/tox

clean:
	rm -rf $(VENV) .tox .coverage results
