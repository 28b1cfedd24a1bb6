# Each target creates .venv on first use, so each is the only command a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,check]'
	@# WeasyPrint comes from pip; Pango comes from the system (.ci/run installs it with apt-get).
	@$(BIN)/python -c "from wizard.documents import pdf; r = pdf.unavailable(); r and print('warning:', r)"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/huskurage demo

test: check
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The lint and type gate (configured in pyproject.toml): bug-finding ruff rules over all our Python, mypy over wizard/.
check: $(STAMP)
	$(BIN)/ruff check wizard tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .hypothesis .mypy_cache .ruff_cache
