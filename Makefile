# Everything a fresh machine with Python 3.11+ needs: `make play`, `make test`, `make bench`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test test-fast lint browser bench bench-suite balance clean catalogs extract

# The translations: gettext catalogs edited as .po files, compiled to .mo here (never by hand).
PO := $(wildcard game/locale/*/LC_MESSAGES/parley.po)
MO := $(PO:.po=.mo)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Parley needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

play: $(STAMP) catalogs
	@$(BIN)/parley $(ARGS)

# The tests spread over the machine's cores (pytest-xdist); WORKERS=0 runs them in one process.
# `make test` starts one process more than there are cores: a screen test spends a good part
# of its time waiting for the app to go idle (Textual's Pilot waits a frame or two after each
# key), and the extra process uses that time (on 2 cores: 312 s -> 269 s). The quick tests of
# `make test-fast` keep the cores busy by themselves.
# They start `python -m game` a few hundred times: with PYTHONDONTWRITEBYTECODE set (as some
# shells and containers do) each start would compile game/ again, so the tests may cache
# bytecode (in __pycache__, ignored by git).
WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')
FAST_WORKERS ?= $(if $(filter command line environment,$(origin WORKERS)),$(WORKERS),auto)
TEST_ENV := PYTHONDONTWRITEBYTECODE=
test: $(STAMP) catalogs lint browser
	$(TEST_ENV) $(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

# Headless Chromium for the browser tests: installed with apt-get when we may (as root,
# as CI runs); otherwise those tests are skipped and say why.
browser:
	-@$(PYTHON) tests/debrief/chromium.py

# The quick part of the tests: no screens, processes, browser or long simulations (tests/conftest.py).
test-fast: $(STAMP) catalogs lint
	$(TEST_ENV) $(BIN)/python -m pytest -n $(FAST_WORKERS) -m "not tui and not subprocess and not browser and not slow" $(PYTEST_ARGS)

# ruff and mypy with the rules in pyproject.toml; `make test` runs them first, so CI fails on them.
lint: $(STAMP)
	$(BIN)/ruff check game tests bench
	$(BIN)/mypy

catalogs: $(MO)

game/locale/%/LC_MESSAGES/parley.mo: game/locale/%/LC_MESSAGES/parley.po $(STAMP)
	@$(BIN)/pybabel -q compile -D parley -i $< -o $@

# After changing the code's sentences: the template from the code, then every catalog
# brought up to date with it (new sentences to translate, gone ones marked obsolete).
extract: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k N_plural:1,2 -k ngettext:1,2 -k pgettext:1c,2 --no-location \
		--project Parley --copyright-holder "Parley contributors" --msgid-bugs-address "" -o game/locale/parley.pot game
	$(BIN)/pybabel -q update -D parley -i game/locale/parley.pot -d game/locale --no-fuzzy-matching --ignore-obsolete

# How the scenario plays: paired games with probe strategies in each seat (a few minutes).
balance: $(STAMP) catalogs
	$(BIN)/parley balance --scenario $(or $(SCENARIO),abu-dhabi) --games $(or $(GAMES),300)

bench: $(STAMP) catalogs
	$(BIN)/python bench/run.py
	$(BIN)/python bench/debrief.py
	$(BIN)/python bench/net.py
	$(BIN)/python bench/desk.py
	$(BIN)/python bench/flood.py
	$(BIN)/python bench/stop.py
	$(BIN)/python bench/tui.py
	$(BIN)/python bench/playtime.py
	$(BIN)/python bench/i18n.py

# The tests' own time, as CI meets it: `make test` and `make test-fast` in a fresh clone of
# the committed work (about 5 minutes; run it on an otherwise idle machine).
bench-suite: $(STAMP)
	$(BIN)/python bench/suite.py

clean:
	rm -rf $(VENV) build *.egg-info $(MO)
