# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint typecheck pytest messages demo-reset bench clean

$(VENV)/bin/activate:
	$(PYTHON) -c 'import sys; sys.exit("Nøkkel needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml requirements/constraints.txt
	$(PIP) install --quiet -c requirements/constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo --if-empty
	@echo
	@echo "  Nøkkel runs on http://$(HOST):$(PORT)/  (Ctrl-C stops the server and the worker)"
	@echo "  Demo logins, password nokkel-demo: admin, sara (sales manager), kari, ola, nora (KAMs), erik (operations)"
	@echo
	@bash -c 'trap "kill 0" INT TERM EXIT; \
		$(PY) manage.py db_worker --interval 1 & \
		$(PY) manage.py runserver $(HOST):$(PORT); '

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev
	$(VENV)/bin/mypy nokkel

pytest: install-dev
	$(VENV)/bin/pytest

test: lint typecheck pytest

# Regenerates the Norwegian catalogue's template (needs GNU gettext) and compiles it.
messages: install-dev
	$(PY) manage.py makemessages -l nb --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(PY) -m nokkel.core.compile_messages

demo-reset: install
	$(PY) manage.py demo --reset

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
