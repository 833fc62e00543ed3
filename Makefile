# Everything runs from a local virtualenv in .venv; stamps in .stamps make
# repeated runs skip steps whose inputs have not changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
PYTEST_ARGS ?=

.PHONY: install run test drills frontend-test schema bench frontend clean db-stop

# The stamp lives inside the venv, so deleting .venv also forgets the install.
INSTALLED := $(VENV)/.installed

install: $(INSTALLED)

$(INSTALLED): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.lock
	$(BIN)/pip install --disable-pip-version-check -q -e . --no-deps
	@touch $@

# The SPA is built only when the frontend exists in this checkout.
frontend:
	@if [ -f frontend/package.json ]; then \
		[ -f frontend/dist/index.html ] || rm -f $(STAMPS)/frontend; \
		$(MAKE) --no-print-directory $(STAMPS)/frontend; \
	fi

FRONTEND_SOURCES = $(shell find frontend -path frontend/node_modules -prune -o \
	-path frontend/dist -prune -o -path frontend/test-results -prune -o -type f -print 2>/dev/null)

# The app's GraphQL documents are checked against schema.graphql when it builds.
$(STAMPS)/frontend: $(FRONTEND_SOURCES) schema.graphql
	@mkdir -p $(STAMPS)
	cd frontend && npm ci --no-audit --no-fund && npm run build
	@touch $@

run: install frontend
	$(BIN)/erp serve

# The embedded PostgreSQL outlives `make run` so the next start is instant.
db-stop: install
	$(BIN)/erp db-stop

# Drills (pytest marker `drill`) are left out here: each has a fast version in the suite.
test: install
	$(BIN)/ruff check backend tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q -m "not drill" $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory frontend-test

# Long robustness runs: a server killed mid-writes on a cluster of its own, the database
# restarted under writes, long schema fuzzing.
drills: install
	$(BIN)/pytest -q -m drill $(PYTEST_ARGS)

# Web app: component tests (Vitest), then browser tests in headless Chromium
# against `erp serve` on a fresh embedded database (frontend/e2e/run.mjs).
frontend-test: install frontend
	@if [ -f frontend/package.json ]; then \
		cd frontend && npm test && npm run e2e; \
	fi

schema: install
	$(BIN)/erp export-schema

bench: install
	@set -e; found=0; for script in bench/*.py; do \
		[ -f "$$script" ] || continue; found=1; \
		echo "== $$script"; $(BIN)/python "$$script"; \
	done; [ $$found = 1 ] || echo "no benchmarks in bench/"

clean:
	rm -rf $(VENV) $(STAMPS) .pytest_cache *.egg-info frontend/dist frontend/test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
