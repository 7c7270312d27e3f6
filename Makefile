# The two commands: `make run` and `make test`. Both work on a fresh machine with Python 3.11:
# they create .venv when it is missing and install what pyproject.toml lists.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstalled whenever pyproject.toml changes: what serving needs (`make run`), and the test
# and lint tools on top of it (`make test`, `make lint`).
INSTALLED := $(VENV)/.installed
DEV_INSTALLED := $(VENV)/.installed-dev
# Browser-side test tools (axe-core), from package-lock.json; skipped where npm is missing.
NODE_TOOLS := node_modules/.package-lock.json
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core; TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto

# Development defaults for `make run`; the environment wins.
export DEBUG ?= true

.PHONY: run test install install-dev lint format prepare migrate roles seeds superuser staff fuzz-api messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# --no-compile: Python writes bytecode for the modules it imports, when it first imports them;
# compiling every installed file up front was about half of a first install. The venv's own
# pip is recent enough for pyproject.toml: no upgrade (a download) on a first start.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check .
	@rm -rf build *.egg-info
	@touch $@

$(DEV_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check '.[dev]'
	@rm -rf build *.egg-info
	@touch $@

$(NODE_TOOLS): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm not found: the accessibility tests will be skipped"; \
	fi

install: $(INSTALLED)

install-dev: $(DEV_INSTALLED) $(NODE_TOOLS)

# The site, and beside it a task-queue worker with its scheduler (webhooks; the command
# is factcheck.celery.worker_argv's, which tests and benches start). Both stop
# together: on Ctrl-C, on a TERM to make, or when either ends. Without Redis the site
# still serves; the worker waits for it. Absolute addresses made outside a request
# (webhooks, releases) name the address served, unless SITE_URL says otherwise.
run: install prepare
	@export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(BIN)/celery -A factcheck worker --beat --pool=threads --concurrency=4 \
		--loglevel=warning --without-mingle --without-gossip & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) & server=$$!; \
	trap 'kill $$worker 2>/dev/null; pkill -P $$server 2>/dev/null; kill $$server 2>/dev/null' \
		INT TERM EXIT; \
	wait $$server

test: install-dev
	DEBUG=false $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

# The translation catalogues (locale/<language>/LC_MESSAGES/django.po, and djangojs.po for
# the admin's scripts) brought in step with the code, templates and scripts, then compiled
# to the .mo files the site reads; both are committed.
# Needs GNU gettext (apt-get install gettext). Translate what is new in the .po files (the
# tests refuse an untranslated Russian or Arabic message, or a .mo behind its .po), then run
# it again to compile.
LOCALES := --locale=ru --locale=ar --locale=ckb
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench \
	--ignore=staticfiles --ignore=var --ignore=build
messages: install
	$(BIN)/python manage.py makemessages $(LOCALES) --add-location=file --no-obsolete \
		$(MESSAGES_IGNORE)
	$(BIN)/python manage.py makemessages --domain=djangojs $(LOCALES) --add-location=file \
		--no-obsolete $(MESSAGES_IGNORE) --ignore=static/admin
	$(BIN)/python manage.py compilemessages $(LOCALES) $(MESSAGES_IGNORE)

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# migrate, roles and seeds in one process (`make run` before serving): Django starts once.
prepare: install
	$(BIN)/python manage.py prepare

migrate: install
	$(BIN)/python manage.py migrate --noinput

# The Contributors and Editors groups (idempotent).
roles: install
	$(BIN)/python manage.py setup_roles

seeds: install
	$(BIN)/python manage.py loadseeds

# Schemathesis against a live server's OpenAPI schema (as CI runs it).
fuzz-api: install-dev
	bash .ci/fuzz-api

# Creates an admin account interactively (username, email, password).
superuser: install
	$(BIN)/python manage.py createsuperuser

# A fact-checker's staff account: make staff USER=ana ROLE=contributor (or ROLE=editor).
# The password is asked in a terminal, or taken from STAFF_PASSWORD. USER must be given on
# the command line: the shell's own $$USER is never taken for it.
staff: install migrate
	@if [ "$(origin USER)" != "command line" ] || [ -z "$(ROLE)" ]; then \
		echo "usage: make staff USER=<username> ROLE=contributor|editor" >&2; exit 2; fi
	$(BIN)/python manage.py staff "$(USER)" --role "$(ROLE)"

clean:
	rm -rf $(VENV) build *.egg-info staticfiles node_modules
