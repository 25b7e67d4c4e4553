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

# The main job: grade the reference (each module in its own edition) and this
# interpreter's http.client. Deviations of http.client are the report, not an
# error: only a usage error (exit 2) fails the target.
report: $(STAMP)
	mkdir -p results
	$(BIN)/python -m conformance run --impl reference.seed --edition seed \
		--results results/reference.seed.jsonl || [ $$? -eq 1 ]
	$(BIN)/python -m conformance run --impl reference.client --edition modern \
		--results results/reference.client.jsonl || [ $$? -eq 1 ]
	$(BIN)/python -m conformance run --impl http.client \
		--results results/http.client.jsonl || [ $$? -eq 1 ]

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
	PATH="$(PYENV_BINS)$$PATH" $(BIN)/tox $(ARGS)

clean:
	rm -rf $(VENV) .tox .coverage results
