# Fugong: `make run` sets everything up and serves the demo; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run install migrate demo serve test test-fast test-browser lint format bench messages check clean

$(BIN)/fugong: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(BIN)/fugong

install: $(BIN)/fugong

migrate: install
	$(BIN)/fugong migrate --noinput -v 0
	$(BIN)/fugong createcachetable

demo: migrate
	$(BIN)/fugong load_demo

serve:
	$(BIN)/fugong runserver $(HOST):$(PORT)

run: demo serve

test: install
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-browser: install
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/fugong check
	$(BIN)/fugong makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the catalogue after changing strings; the compiled .mo is committed so that a
# fresh machine needs no gettext tools.
messages: install
	cd fugong && ../$(BIN)/fugong makemessages -l zh_Hans --ignore 'static/*' --no-obsolete
	cd fugong && ../$(BIN)/fugong compilemessages -l zh_Hans

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
