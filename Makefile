# Quick start on a fresh machine with python3 and make:  make demo  ·  make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# No DAGSTER_HOME here: the Dagster instance follows the lake (<lake>/.dagster, see
# govlake/defs/instance.py); set DAGSTER_HOME yourself only to share one instance.

.PHONY: setup browser office demo test ui bench clean

$(BIN)/govlake: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,documents]"
	touch $@

setup: $(BIN)/govlake

demo: setup
	$(BIN)/govlake demo

# The UI tests drive Debian's Chromium (never a downloaded browser); CJK fonts so the
# screenshots show Chinese text.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
	  echo "installing chromium and fonts-noto-cjk (Debian packages)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Legacy Word .doc and WPS .wps reports are read through LibreOffice headless
# (govlake/documents/legacy.py); the document tests also render the seeds with it.
office:
	@if ! command -v soffice >/dev/null 2>&1; then \
	  echo "installing libreoffice-writer-nogui (Debian package)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui >/dev/null; \
	fi

test: setup browser office
	$(BIN)/python -m pytest -q

# dg dev on the lake ($$GOVLAKE_LAKE or data_lake/) with the lake's own instance
ui: setup
	$(BIN)/python -m govlake.defs.instance

bench: setup
	$(BIN)/python benchmarks/bench_parser.py
	$(BIN)/python benchmarks/bench_contamination.py
	$(BIN)/python benchmarks/bench_documents.py

clean:
	rm -rf data_lake/raw/* data_lake/cleaned/* data_lake/facts/* data_lake/marts/* \
	       data_lake/catalog/* data_lake/reports/*
	for d in raw cleaned facts marts catalog reports landing; do touch data_lake/$$d/.gitkeep; done
