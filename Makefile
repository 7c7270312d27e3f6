# The two commands: `make run` and `make test`. Both work on a fresh machine with Python 3.11:
# they create .venv when it is missing and install what pyproject.toml lists.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstalled whenever pyproject.toml changes.
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults for `make run`; the environment wins.
export DEBUG ?= true

.PHONY: run test install lint format migrate seeds superuser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet '.[dev]'
	@rm -rf build *.egg-info
	@touch $@

install: $(INSTALLED)

run: install migrate seeds
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	DEBUG=false $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: install
	$(BIN)/python manage.py migrate --noinput

seeds: install
	$(BIN)/python manage.py loadseeds

# Creates an admin account interactively (username, email, password).
superuser: install
	$(BIN)/python manage.py createsuperuser

clean:
	rm -rf $(VENV) build *.egg-info staticfiles
