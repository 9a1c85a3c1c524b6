# Two commands do everything on a fresh machine with Python 3.11+ (see README):
#   make serve   set up, build the book, serve the book and the apps on localhost
#   make test    set up, lint, validate the data, run every test (browser tests included)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8866

.PHONY: serve test book validate lint browser fonts clean benchmark notebooks packs postgres

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

APT = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && \
      $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

# DejaVu Sans (Latin, Cyrillic, Georgian) for PDF export. Without it the apps still run and say so.
fonts:
	@if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  ( $(APT) fonts-dejavu-core >/dev/null ) || echo "Could not install fonts-dejavu-core: PDF export will ask for it."; \
	fi

# Debian's Chromium for the browser tests (never `playwright install`).
browser: fonts
	@if [ ! -x /usr/bin/chromium ]; then $(APT) chromium >/dev/null; fi

# Debian's PostgreSQL for the register tests: installed and started if possible, with a role and a
# database the tests may wipe. Where it cannot be (no apt, no root), one line says so and the
# register tests run on SQLite only. TOOLKIT_TEST_PG_URL=… uses another server instead.
PG_TEST_URL ?= postgresql://toolkit_test:toolkit_test@127.0.0.1:5432/toolkit_test
PG_URL_FILE := $(VENV)/.pg-test-url
postgres:
	@rm -f $(PG_URL_FILE); \
	if [ -n "$$TOOLKIT_TEST_PG_URL" ]; then echo "$$TOOLKIT_TEST_PG_URL" > $(PG_URL_FILE); exit 0; fi; \
	SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	if ! command -v pg_ctlcluster >/dev/null; then ( $(APT) postgresql >/dev/null 2>&1 ) || true; fi; \
	if ! command -v pg_ctlcluster >/dev/null; then echo "PostgreSQL could not be installed: the register tests run on SQLite only."; exit 0; fi; \
	VER=$$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $$1}'); \
	if [ -z "$$VER" ]; then echo "No PostgreSQL cluster: the register tests run on SQLite only."; exit 0; fi; \
	$$SUDO pg_ctlcluster $$VER main start >/dev/null 2>&1 || true; \
	pg() { if [ -n "$$SUDO" ]; then sudo -u postgres psql -qtAc "$$1"; else su postgres -s /bin/sh -c "psql -qtAc \"$$1\""; fi; }; \
	if ! pg "SELECT 1" >/dev/null 2>&1; then echo "PostgreSQL did not start: the register tests run on SQLite only."; exit 0; fi; \
	[ "$$(pg "SELECT 1 FROM pg_roles WHERE rolname='toolkit_test'")" = 1 ] || pg "CREATE ROLE toolkit_test LOGIN PASSWORD 'toolkit_test'" >/dev/null; \
	[ "$$(pg "SELECT 1 FROM pg_database WHERE datname='toolkit_test'")" = 1 ] || pg "CREATE DATABASE toolkit_test OWNER toolkit_test" >/dev/null; \
	echo "$(PG_TEST_URL)" > $(PG_URL_FILE)

# configurable-http-proxy (npm) for the agency's JupyterHub (widgets/hub): installed into $(VENV)/node unless
# one is on PATH, with Debian's nodejs and npm first if npm is missing. Version 5 needs Node.js 20; with an
# older Node.js (Debian 12 has 18) version 4 is installed. If it cannot be, one line says so and the hub test is skipped.
.PHONY: hub-proxy
hub-proxy: $(STAMP)
	@if command -v configurable-http-proxy >/dev/null || [ -x $(VENV)/node/bin/configurable-http-proxy ]; then exit 0; fi; \
	if ! command -v npm >/dev/null; then ( $(APT) nodejs npm >/dev/null ) || true; fi; \
	V=4; [ "$$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ] && V=5; \
	npm install --global --prefix $(VENV)/node --no-audit --no-fund --loglevel=error "configurable-http-proxy@^$$V" >/dev/null \
	  || echo "configurable-http-proxy could not be installed: the JupyterHub test is skipped."

validate: $(STAMP)
	$(BIN)/python -m curriculum validate

book: $(STAMP)
	$(BIN)/python -m curriculum build

# WORKSHOP=30 warms the app for 30 people (APP=workshop by default, LANG_APPS=en by default); see README.
WORKSHOP  ?= 0
APP       ?= workshop
LANG_APPS ?= en
serve: book browser
	$(BIN)/python -m widgets.serve --port $(PORT) --workshop $(WORKSHOP) --app $(APP) --lang $(LANG_APPS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) browser lint validate postgres hub-proxy
	TOOLKIT_TEST_PG_URL="$$(cat $(PG_URL_FILE) 2>/dev/null)" $(BIN)/python -m pytest

# The executable pages and the Voila entry notebooks under nbval (lax mode); `make test` runs them too.
notebooks: $(STAMP)
	$(BIN)/python -m pytest tests/test_notebooks.py -q

# Printable packs (PDF) and Word handouts of every edition, from the built book (unchanged packs are not
# printed again). `make serve` does not need them: its server prints a pack on its first request.
packs: $(STAMP)
	$(BIN)/python -m curriculum packs --lang all

benchmark: $(STAMP)
	$(BIN)/python tests/benchmarks.py

clean:
	rm -rf _build book/generated
