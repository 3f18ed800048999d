# The two commands of the README: `make audit` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ST_STAMP := $(VENV)/.installed-st

.PHONY: audit test clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# The tests also cover the sentence-transformers backend (the `st` extra) and --ray (the `ray` extra, tested on a
# local Ray instance), which `make audit` does not need.
# torch is pinned: 2.13.0 is a CPU build on this machine's disk; an unpinned torch pulls a multi-GB CUDA build.
$(ST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check torch==2.13.0 -e '.[test,st,ray]'
	touch $(ST_STAMP)

audit: $(STAMP)
	$(BIN)/auditor audit fixtures/trump-putin --fail-on never

test: $(ST_STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
