# Practice QA. `make run` and `make test` set up everything they need on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FRAMEWORK ?= coventry-2017
HOST ?= 127.0.0.1:8000

.PHONY: run test bench lint format audit install assets chromium lock clean

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_framework $(FRAMEWORK)
	$(BIN)/python manage.py seed_demo
	@echo "Practice QA is starting on http://$(HOST)/"
	$(BIN)/python manage.py runserver $(HOST)

test: install chromium
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks $(BENCH)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=src $(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check-file-sizes

# The locked packages against known vulnerabilities (PyPI's advisory data); a finding fails.
audit: install
	$(BIN)/python scripts/audit

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

install: $(VENV)/.installed assets

$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: src/practiceqa/static/css/app.css

src/practiceqa/static/css/app.css: node_modules/.installed src/practiceqa/static_src/app.scss scripts/build-assets.mjs
	npm run -s build

chromium:
	@scripts/ensure-chromium

# Re-lock after changing pyproject.toml's dependencies.
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11

clean:
	rm -rf $(VENV) node_modules staticfiles src/practiceqa/static/govuk src/practiceqa/static/css
