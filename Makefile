# Visitator: `make demo` runs the application with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint typecheck pytest bench install node chromium migrate messages clean schema

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

node: node_modules/.installed

chromium:
	bash scripts/ensure-chromium

migrate: install
	VISITATOR_DEV=1 $(BIN)/visitator migrate --no-input

# Sets up and serves the application on the embedded SQLite database (var/visitator.sqlite3) with demo data,
# with a background worker (visitator jobs-worker) next to the web server; the worker stops with it. The
# daily sweep is put on the queue at once so the demo shows reminders (Påmindelser) straight away. The
# development OpenID Connect provider for the citizen portal (/devidp/, docs/portal.md) is set up and its
# discovery address printed.
demo: migrate
	VISITATOR_DEV=1 $(BIN)/visitator demo --host $(HOST) --port $(PORT)
	VISITATOR_DEV=1 $(BIN)/visitator jobs-sweep --enqueue
	VISITATOR_DEV=1 PORTAL_OIDC_ISSUER=http://$(HOST):$(PORT)/devidp $(BIN)/visitator devidp setup --base-url http://$(HOST):$(PORT)
	VISITATOR_DEV=1 $(BIN)/visitator jobs-worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	VISITATOR_DEV=1 PORTAL_OIDC_ISSUER=http://$(HOST):$(PORT)/devidp $(BIN)/visitator runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

typecheck: install
	VISITATOR_DEV=1 $(BIN)/mypy

pytest: install chromium
	VISITATOR_DEV=1 $(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# The whole suite: lint, type check, tests (unit, service, HTTP, browser). DATABASE_URL picks the database.
test: lint typecheck pytest

bench: install
	VISITATOR_DEV=1 $(BIN)/python -m bench.run $(BENCH_ARGS)
	VISITATOR_DEV=1 $(BIN)/python -m bench.letters --docs docs/benchmarks.md

# Mutation testing of the rule modules with mutmut ([tool.mutmut] in pyproject.toml; docs/testing.md).
# Not part of `make test` (it takes hours for all modules): run it before committing a change to a rule
# module, for that module, e.g. `make mutate MUTANTS='visitator.core.periods*'`. Mutants and results are
# kept in mutants/ (git-ignored); `rm -rf mutants` starts afresh.
.PHONY: mutate
MUTANTS ?=
mutate: install
	VISITATOR_DEV=1 nice -n 10 $(BIN)/mutmut run --max-children 1 $(MUTANTS)
	$(BIN)/mutmut results

# The REST API's OpenAPI 3 schema, committed as docs/openapi.yaml (tests/api/test_schema.py fails when it
# differs from the code).
schema: install
	VISITATOR_DEV=1 $(BIN)/visitator spectacular --validate --fail-on-warn --file docs/openapi.yaml

messages: install
	cd src/visitator && VISITATOR_DEV=1 ../../$(BIN)/visitator compilemessages

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache .hypothesis
