# The few commands a person types. Every target bootstraps .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PEERS_STAMP := $(VENV)/.installed-peers
# CPython 3.8 to 3.13 live under pyenv here, not on PATH by name: let tox find them.
PYENV_BINS := $(shell ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/*/bin 2>/dev/null | tr '\n' ':')

.PHONY: report matrix test lint bench tox baselines clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# The peers graded by `make report` (geventhttpclient, future, urllib3).
$(PEERS_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test,peers]'
	touch $(PEERS_STAMP)

# The main job: grade the reference (each module in its own edition), this
# interpreter's http.client and the three peers, three runs at a time, then build
# reports/out/ (index.html, summary.md, results.json, junit/, deviations.md).
# Deviations are the report, not an error: the target fails only when a run
# could not grade (usage error, kit error, crash) or the report cannot be built.
report: $(PEERS_STAMP)
	$(BIN)/python -m conformance report

# The same in every tox env found (CPython 3.8-3.13 under pyenv, PyPy 3, and the
# peers env), merged into one report; an env is created or refreshed with
# `tox --notest` when missing or older than pyproject.toml/tox.ini, and an
# interpreter that is not installed is skipped.
matrix: $(STAMP)
	$(BIN)/python -m pip install -q tox
	PATH="$(PYENV_BINS)$$PATH" $(BIN)/python -m conformance matrix --tox $(BIN)/tox

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

# Regenerate every baseline from its tox env (`make tox` creates them), each
# from BASELINE_RUNS runs so an outcome that varies lists every form seen.
# A failed run leaves the old file whole. Read the diff before committing.
BASELINE_RUNS ?= 3
STDLIB_ENVS := py38 py39 py310 py311 py312 py313 pypy3
PEERS := geventhttpclient=conformance/adapters/geventhttpclient_patched.py \
	future=future.backports.http.client urllib3=conformance/adapters/urllib3_connection.py
baselines:
	@for env in $(STDLIB_ENVS); do \
		if [ ! -x .tox/$$env/bin/python ]; then echo "baselines: no .tox/$$env (make tox creates it): skipped"; continue; fi; \
		echo "baselines: $$env http.client"; \
		.tox/$$env/bin/python -m conformance baseline --impl http.client --repeat $(BASELINE_RUNS) \
			> conformance/baselines/.new.json && mv conformance/baselines/.new.json conformance/baselines/$$env-http.client.json \
			|| { rm -f conformance/baselines/.new.json; exit 1; }; \
	done
	@if [ ! -x .tox/peers/bin/python ]; then echo "baselines: no .tox/peers: skipped"; exit 0; fi; \
	for peer in $(PEERS); do \
		echo "baselines: peers $${peer%%=*}"; \
		.tox/peers/bin/python -m conformance baseline --impl $${peer#*=} --repeat $(BASELINE_RUNS) \
			> conformance/baselines/.new.json && mv conformance/baselines/.new.json conformance/baselines/peers-$${peer%%=*}.json \
			|| { rm -f conformance/baselines/.new.json; exit 1; }; \
	done

clean:
	rm -rf $(VENV) .tox .coverage results reports/out
