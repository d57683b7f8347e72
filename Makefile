# The course's commands. `make serve` and `make test` are the two a newcomer needs (README).
SHELL := /bin/bash
.DEFAULT_GOAL := help

BIN   := .venv/bin
STATE := $(CURDIR)/.state
# Jupyter, IPython and Chromium write their state here, never under $HOME.
export JUPYTER_CONFIG_DIR  := $(STATE)/jupyter/config
export JUPYTER_DATA_DIR    := $(STATE)/jupyter/data
export JUPYTER_RUNTIME_DIR := $(STATE)/jupyter/runtime
export IPYTHONDIR          := $(STATE)/ipython
export XDG_CACHE_HOME      := $(STATE)/cache
export XDG_CONFIG_HOME     := $(STATE)/config
export XDG_DATA_HOME       := $(STATE)/data
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help setup setup-test book serve class workshop import test test-unit bench bench-room bench-class lint format lock clean

help:
	@echo "make serve   byg bogen og start bog + øvelser på localhost"
	@echo "make test    kør alle tests (installerer det, der mangler)"
	@echo "make test-unit   kør kun enhedstestene (under et minut)"
	@echo "make book    byg bogen (advarsler er fejl) og bogen som PDF"
	@echo "make class POOL=4   øvelserne i Voilà for et hold på netværket (link med adgangsnøgle)"
	@echo "make workshop TITLE=...   start et workshoprum (kode, kort link, QR-kode, facilitatorside)"
	@echo "make import FIL=samtale.txt ID=mit-uddrag TITEL=...   importér en egen samtale (kontrolleres først)"
	@echo "make bench  mål svartider og hukommelse for øvelserne (skriver tal)"
	@echo "make bench-room PARTICIPANTS=450   mange deltagere i rummet på én gang (skriver tal)"
	@echo "make bench-class STUDENTS=30 POOL=4   et hold åbner gribningsøvelsen på én gang i make class (skriver tal)"
	@echo "make lint    ruff og nbstripout-kontrol"
	@echo "make lock    opdater requirements.txt ud fra requirements.in"

setup: | $(STATE)
	@scripts/setup.sh

$(STATE):
	@mkdir -p $(JUPYTER_CONFIG_DIR) $(JUPYTER_DATA_DIR) $(JUPYTER_RUNTIME_DIR) $(IPYTHONDIR) \
	  $(XDG_CACHE_HOME) $(XDG_CONFIG_HOME) $(XDG_DATA_HOME)

setup-test: | $(STATE)
	@scripts/setup.sh --test

# The HTML book, then the whole book and the handouts as PDF (headless Chromium) into
# _build/html/_downloads/, so the site offers them; a failed PDF step fails the target.
book: setup
	$(BIN)/jupyter-book build . -W --keep-going --quiet
	$(BIN)/python -m lises.tools.book_pdf

serve: book
	$(BIN)/python -m lises.tools.serve

# Voilà's exercises for an instructor's class on the network: behind a token, learner pages only,
# POOL preheated kernels per exercise and a kernel cap (each student runs their own kernel).
POOL ?= 4
STUDENTS ?= 30
class: setup
	$(BIN)/python -m lises.tools.serve --class --pool $(POOL) --students $(STUDENTS)

# A workshop room (kernel-free, lises.room on uvicorn): prints the code, the short join link with
# its QR code, the facilitator link and key. RESUME=CODE continues a workshop after a restart;
# PORT, WORKERS (server processes) and LISES_STORE_URL (PostgreSQL) for larger rooms.
TITLE ?= Workshop
RESUME ?=
PORT ?= 8000
WORKERS ?= 1
workshop: setup
	$(BIN)/python -m lises.room $(if $(RESUME),--resume "$(RESUME)",--title "$(TITLE)") \
	  --port $(PORT) --workers $(WORKERS)

# A knowledge broker's own transcript as an excerpt in mine-uddrag/ (checked for personal data
# first). Extra options, e.g. ARGS="--accepter-navne" or ARGS="--prefix VK=virksomhedskonsulent".
FIL ?=
ID ?=
TITEL ?=
ARGS ?=
import: setup
	@test -n "$(FIL)" -a -n "$(ID)" -a -n "$(TITEL)" || \
	  { echo "Brug: make import FIL=samtale.txt ID=mit-uddrag TITEL=\"Min titel\" [ARGS=...]"; exit 2; }
	LISES_LOCAL_DIR=$${LISES_LOCAL_DIR:-$(CURDIR)/mine-uddrag} \
	  $(BIN)/python -m lises.transcripts "$(FIL)" --id "$(ID)" --title "$(TITEL)" $(ARGS)

# Tests run with an empty throw-away $HOME: the last test checks that nothing was written to it.
test: setup-test book
	@home=$$(mktemp -d) && trap 'rm -rf "$$home"' EXIT && \
	  HOME=$$home LISES_SENTINEL_HOME=$$home $(BIN)/python -m pytest

# The unit tier alone (tests/tiers.py): no built book, browser, server, subprocess or notebook.
test-unit: setup-test
	@home=$$(mktemp -d) && trap 'rm -rf "$$home"' EXIT && \
	  HOME=$$home LISES_SENTINEL_HOME=$$home $(BIN)/python -m pytest -m unit

bench: setup-test
	$(BIN)/python bench/bench_gribning.py

# The room under load: PARTICIPANTS simulated phones join at once, answer a whole excerpt over
# HTTP and push while the facilitator releases the key; it starts `python -m lises.room --title`
# as `make workshop` does (SQLite of its own, or LISES_STORE_URL). ARGS="--workers 2" etc.
PARTICIPANTS ?= 450
bench-room: setup-test
	$(BIN)/python bench/bench_room.py --participants $(PARTICIPANTS) $(ARGS)

# A class in `make class`: STUDENTS headless Chromium pages open the catching exercise
# at once and answer its first steps from the keyboard; it starts `python -m lises.tools.serve
# --class --pool $(POOL)` on a loopback port. ARGS="--max-kernels 40" etc.
bench-class: setup-test
	$(BIN)/python bench/bench_class.py --students $(STUDENTS) --pool $(POOL) $(ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/nbstripout --verify $$(git ls-files '*.ipynb')

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: setup
	$(BIN)/pip-compile --quiet --no-emit-find-links --no-emit-index-url --generate-hashes --strip-extras --allow-unsafe -o requirements.txt requirements.in

clean:
	rm -rf _build .state
