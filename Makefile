# Two commands do everything on a fresh machine with Python 3.11+ (see README):
#   make serve   set up, build the book, serve the book and the apps on localhost
#   make test    set up, lint, validate the data, run every test (browser tests included)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8866

.PHONY: serve test book validate lint browser fonts clean benchmark

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

validate: $(STAMP)
	$(BIN)/python -m curriculum validate

book: $(STAMP)
	$(BIN)/python -m curriculum build

serve: book fonts
	$(BIN)/python -m widgets.serve --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) browser lint validate
	$(BIN)/python -m pytest

benchmark: $(STAMP)
	$(BIN)/python tests/benchmarks.py

clean:
	rm -rf _build book/generated
