# Everything a fresh machine with Python 3.11+ needs: `make play`, `make test`, `make bench`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: play test bench balance clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Parley needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

play: $(STAMP)
	@$(BIN)/parley $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# How the scenario plays: paired games with probe strategies in each seat (a few minutes).
balance: $(STAMP)
	$(BIN)/parley balance --scenario $(or $(SCENARIO),abu-dhabi) --games $(or $(GAMES),300)

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/debrief.py
	$(BIN)/python bench/net.py
	$(BIN)/python bench/flood.py
	$(BIN)/python bench/stop.py
	$(BIN)/python bench/tui.py
	$(BIN)/python bench/playtime.py

clean:
	rm -rf $(VENV) build *.egg-info
