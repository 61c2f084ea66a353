# The NPQ Platform. `make run` serves it with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STATIC := src/npq/web/static
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test`: one per core; each gets its own test database (suffix _gw0, _gw1, ...).
# Work stealing: a worker that runs out takes queued tests from the other (with plain load scheduling the
# slow browser tests, which run last, were all queued on one worker while the other sat idle for 90 s).
TEST_WORKERS ?= auto
# Python keeps compiled modules (__pycache__, ignored by git) even where the machine's environment says
# not to (PYTHONDONTWRITEBYTECODE=1 here): each test worker, and each benchmark's subprocess, otherwise
# compiles the whole project again, about 9 s of a worker's 19 s collection.
export PYTHONDONTWRITEBYTECODE =

.PHONY: run test install install-test assets browser lint openapi-check check migrations openapi bench fuzz clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# pip compiles the packages it installs; the project itself is installed editable, so its modules are
# compiled here, once, instead of by each process that imports them first (-j 0: on every core).
install: $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m compileall -q -j 0 src

install-test: $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q -j 0 src benchmarks

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json
	@mkdir -p $(STATIC)
	cp -r node_modules/govuk-frontend/dist/govuk/assets/. $(STATIC)/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(STATIC)/
	cp node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.css node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js $(STATIC)/

# The demo is development: NPQ_ENV=development turns on debug pages and the demo sign-ins.
run: export NPQ_ENV = development
run: install assets
	$(BIN)/npq migrate
	$(BIN)/npq load-reference
	$(BIN)/npq demo
	$(BIN)/npq serve --with-worker --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (apt-get; needs root, as on CI and the dev machines).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "Could not install chromium: browser tests will be skipped"

test: install-test assets browser
	$(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist worksteal

# Every quality gate, in one place: CI (.ci/run) calls this target.
lint: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/npq makemigrations --check --dry-run
	$(MAKE) --no-print-directory openapi-check

# The published OpenAPI document must match what the code generates.
openapi-check:
	@diff=$$(set -o pipefail; $(BIN)/npq openapi | diff -u docs/api/openapi-v3.json -) || { \
	  echo "OpenAPI drift: docs/api/openapi-v3.json differs from the code (run: make openapi)"; echo "$$diff" | head -50; exit 1; }

openapi: install
	$(BIN)/npq openapi > docs/api/openapi-v3.json

# Every benchmark at its own default (national) size, one after another: see benchmarks/README.md.
bench: install
	@for script in benchmarks/*.py; do \
	  [ "$$script" = benchmarks/bench_env.py ] && continue; echo "== $$script"; $(BIN)/python "$$script" || exit 1; done

# Deeper fuzzing than the suite's (which tries each API operation and each form a few times): 200
# examples per API operation, 80 per form (ten of each theme of hostile values).
fuzz: install-test
	NPQ_FUZZ_EXAMPLES=200 $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) tests/api/test_fuzz.py
	NPQ_FORM_FUZZ_EXAMPLES=80 $(BIN)/pytest -q -p no:cacheprovider tests/web/test_form_fuzz.py

clean:
	rm -rf $(VENV) node_modules var $(STATIC)/accessible-autocomplete* $(STATIC)/fonts $(STATIC)/images $(STATIC)/govuk-frontend.min.*
