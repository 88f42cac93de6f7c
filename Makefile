# Two commands on a fresh machine with only python3 and make: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test chromium redis-server tools lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The replica portal on :8080 → a crawl with progress → Datasette on http://127.0.0.1:8001.
demo: $(STAMP)
	$(BIN)/bentre-archive demo

# The browser test drives Debian's chromium through Playwright (no Playwright browser download).
chromium:
	@test -x /usr/bin/chromium || { \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

# The distributed crawl's tests start Debian's redis-server on a loopback port (tests/distributed).
redis-server:
	@test -x /usr/bin/redis-server || { \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q redis-server; }


# The archivists' tools the replay tests run as subprocesses: pywb (wb-manager, wayback) and
# py-wacz (wacz validate). Their own venv: pywb pins an old redis client and brings gevent.
TOOLS := .venv-tools
TOOLS_STAMP := $(TOOLS)/.installed-stamp
$(TOOLS_STAMP):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --upgrade pip
	$(TOOLS)/bin/pip install --quiet 'pywb==2.10.0' 'wacz==0.6.0'
	touch $(TOOLS_STAMP)
tools: $(TOOLS_STAMP)

test: $(STAMP) chromium redis-server $(TOOLS_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP) $(TOOLS_STAMP)
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/dates.py
	$(BIN)/python bench/replica.py
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/revisits.py
	$(BIN)/python bench/revisits.py --epoch-every 0
	$(BIN)/python bench/wacz.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache build *.egg-info
