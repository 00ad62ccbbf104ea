# Two commands do everything on a fresh Debian machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := issues/2023-01.json
SAMPLE_EN := issues/2023-01.en.json

.PHONY: setup demo install test lint format golden fonts bench clean

# Setup: the system libraries WeasyPrint needs, then the package in .venv. The stamp
# file makes repeated runs instant until pyproject.toml changes.
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/install-debian-packages.sh
	scripts/install-debian-packages.sh runtime
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/briefpdf build $(SAMPLE)
	$(BIN)/briefpdf build $(SAMPLE_EN)
	@echo
	@echo "The briefpdf command is:"
	@echo "  $(CURDIR)/$(BIN)/briefpdf"
	@echo "To type just briefpdf, in any folder, install it for yourself (with pipx):"
	@echo "  make install"
	@echo "or put its folder on the PATH of this terminal:"
	@echo "  export PATH=\"$(CURDIR)/$(BIN):\$$PATH\""

# The briefpdf command for whoever runs this (as themselves, not as root), in any folder:
# pipx installs the wheel, which carries the layouts, fonts and schema, in a venv of its
# own and links the command into ~/.local/bin. pipx is Debian's if it is there (or can be
# installed: as root), else pip's, for this once. Nothing is written in this folder.
install: setup
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/pip wheel --quiet --no-deps --wheel-dir "$$tmp" . && \
	if command -v pipx >/dev/null || scripts/install-debian-packages.sh install 2>/dev/null; \
	then pipx=pipx; \
	else $(PYTHON) -m venv "$$tmp/pipx" && "$$tmp/pipx/bin/pip" install --quiet pipx && \
	  pipx="$$tmp/pipx/bin/pipx"; fi && \
	"$$pipx" install --force "$$tmp"/briefpdf-*.whl && "$$pipx" ensurepath

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The test suite also needs programs briefpdf itself does not (scripts/install-debian-packages.sh test).
test: lint
	scripts/install-debian-packages.sh test
	$(BIN)/pytest

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Times briefpdf against Typst on the same issues and fonts (bench/run.py): a table of
# medians, ratios and targets, and bench/results.json. Typst is installed for this only.
bench: $(VENV)/.bench-installed
	$(BIN)/python bench/run.py

$(VENV)/.bench-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

# Renews the approved pictures of page 1 of both editions (tests/golden) and the README's,
# after a deliberate change of the layout. Look at them before committing them.
golden: setup
	$(BIN)/briefpdf build $(SAMPLE) -o out/golden.pdf
	$(BIN)/briefpdf build $(SAMPLE_EN) -o out/golden-en.pdf
	pdftoppm -png -r 40 -f 1 -l 1 -singlefile out/golden.pdf tests/golden/sample-page1
	pdftoppm -png -r 40 -f 1 -l 1 -singlefile out/golden-en.pdf tests/golden/sample-en-page1
	pdftoppm -png -r 50 -f 1 -l 1 -singlefile out/golden.pdf docs/sample-page1
	pdftoppm -png -r 50 -f 1 -l 1 -singlefile out/golden-en.pdf docs/sample-en-page1

# Regenerates fonts/ from the pinned Debian packages (see fonts/README.md).
fonts: setup
	$(BIN)/python fonts/build_fonts.py

clean:
	rm -rf out .pytest_cache
