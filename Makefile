# Corridor — the two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup lock lint messages demo schema bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Installs exactly the versions in requirements.lock (what CI tested); `make lock` writes it anew from
# pyproject.toml after a dependency changes there.
$(STAMP): requirements.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --requirement requirements.lock
	@touch $(STAMP)

lock: | $(PY)
	$(PY) -m pip install --quiet 'pip-tools>=7.6,<8'
	$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

setup: $(STAMP)
	@mkdir -p var
	@$(MAKE) --no-print-directory messages

# Compile the translation catalogues when gettext is available; the compiled .mo files are committed
# so that a machine without gettext still serves Khmer.
messages: | $(PY)
	@if command -v msgfmt >/dev/null 2>&1 && [ -d locale ]; then $(PY) manage.py compilemessages --ignore=.venv -v0; fi

demo: setup
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_demo

run: demo
	@bin/run

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/pytest

schema: setup
	$(PY) manage.py export_schema api.schema --path schema.graphql

bench: demo
	$(PY) bench/run.py

clean:
	rm -rf var staticfiles
