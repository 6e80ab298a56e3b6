# Everything a fresh machine with Python 3.11+ needs: `make play`, `make test`, `make bench`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test bench balance clean catalogs extract

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

test: $(STAMP) catalogs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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
	$(BIN)/python bench/flood.py
	$(BIN)/python bench/stop.py
	$(BIN)/python bench/tui.py
	$(BIN)/python bench/playtime.py
	$(BIN)/python bench/i18n.py

clean:
	rm -rf $(VENV) build *.egg-info $(MO)
