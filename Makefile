# Brug: `make run` serves a demo on http://127.0.0.1:5000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app community
VENDOR := community/static/vendor
export FLASK_APP := community

.PHONY: run test fuzz audit bench soak install install-dev assets translations migrate seed clean

run: install assets translations migrate seed
	$(FLASK) run --host 127.0.0.1 --port 5000

PYTEST_ARGS ?= -n 2

test: install-dev assets translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The API fuzzing of tests/api/test_fuzz.py, longer: FUZZ_EXAMPLES cases per operation and role.
FUZZ_EXAMPLES ?= 200
fuzz: install-dev translations
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q tests/api/test_fuzz.py

# Known vulnerabilities with a fix in the installed Python packages and the served npm packages.
audit: install-dev node_modules/.package-lock.json
	$(BIN)/python .ci/audit.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Front-end packages come from the npm registry; only the files the pages use are served.
assets: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/socket.io-client/dist/socket.io.min.js $(VENDOR)/socket.io.min.js
	cp node_modules/uplot/dist/uPlot.iife.min.js $(VENDOR)/uPlot.iife.min.js
	cp node_modules/uplot/dist/uPlot.min.css $(VENDOR)/uPlot.min.css
	cp node_modules/@fontsource/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-400-normal.woff2 \
	   $(VENDOR)/noto-sans-ethiopic-400.woff2
	# Embedded in attestation PDFs: Latin, Arabic script (Arabic, Persian) and Ethiopic (Tigrinya).
	cp node_modules/@fontsource/noto-sans-ethiopic/files/noto-sans-ethiopic-latin-400-normal.woff2 \
	   $(VENDOR)/noto-sans-latin-400.woff2
	cp node_modules/@fontsource/noto-sans-ethiopic/files/noto-sans-ethiopic-latin-ext-400-normal.woff2 \
	   $(VENDOR)/noto-sans-latin-ext-400.woff2
	cp node_modules/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2 \
	   $(VENDOR)/noto-sans-arabic-400.woff2

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d community/translations -f >/dev/null

migrate: install
	$(FLASK) db upgrade

# seed-demo only adds what is missing, so every run prints the demo logins and changes nothing else.
seed: install
	$(FLASK) seed-demo

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance .pytest_cache

# Not part of `make test`: Brug under load on PostgreSQL beside a bare hello route (bench/run.py).
# BENCH_ARGS="--members 2000 --duration 10" for a quick run; BENCH_DATABASE_URL for another database.
BENCH_ARGS ?=
check-wrk:
	@command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk"; exit 1; }

bench: install translations check-wrk
	$(BIN)/python bench/run.py $(BENCH_ARGS)

soak: install translations check-wrk
	$(BIN)/python bench/run.py --soak 600 --no-extras $(BENCH_ARGS)
