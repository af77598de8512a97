# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint check-data clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/marsad demo

# The store's PostgreSQL tests need a server: tools/start-postgres.sh installs (Debian package) and starts a
# throwaway one on 127.0.0.1. The web's browser test needs Debian's chromium: tools/install-browser.sh
# installs it. Where either cannot be had, those tests skip and say why.
test: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/marsad check-data
	bash tools/install-browser.sh
	eval "$$(bash tools/start-postgres.sh || true)" && $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/mypy src

check-data: $(STAMP)
	$(BIN)/marsad check-data

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
