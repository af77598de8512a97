# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test smoke install lint check-data clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/marsad demo

# The store's PostgreSQL tests need a server: tools/with-postgres.sh installs (Debian package, one line of
# output) and starts a throwaway one on 127.0.0.1 around pytest, and stops it afterwards, also when tests fail.
# The web's browser test needs Debian's chromium: tools/install-browser.sh installs it. Where either cannot be
# had, those tests skip and say why. Last, tools/smoke_wheel.sh builds the wheel, installs it alone into a fresh
# venv with Python's bundled pip and runs the installed `marsad` (what a user gets, not what .venv has).
test: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/marsad check-data
	bash tools/install-browser.sh
	bash tools/with-postgres.sh $(BIN)/pytest -q
	PYTHON=$(PYTHON) BUILD_PYTHON=$(BIN)/python bash tools/smoke_wheel.sh

smoke: $(STAMP)
	PYTHON=$(PYTHON) BUILD_PYTHON=$(BIN)/python bash tools/smoke_wheel.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/mypy src

check-data: $(STAMP)
	$(BIN)/marsad check-data

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
