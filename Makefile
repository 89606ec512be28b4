# Everyday verbs. `make demo` and `make test` set everything up from nothing.
PYTHON := $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export CORRIDOR_DATA_DIR ?= $(CURDIR)/var

.PHONY: install demo run test test-fast test-browser lint format bench messages check clean serve \
	fuzz audit backup restore

$(BIN)/python:
	@test -n "$(PYTHON)" || exit 1
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/dev.txt
	$(BIN)/uv pip install --python $(BIN)/python --quiet -r requirements/dev.txt
	$(BIN)/uv pip install --python $(BIN)/python --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/corridor migrate --noinput
	$(BIN)/corridor loaddemo
	@echo "Corridor is at http://$(HOST):$(PORT)/  (Ctrl-C stops it and the task worker)"
	$(BIN)/corridor worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/corridor runserver $(HOST):$(PORT)

run: install
	$(BIN)/corridor createcachetable
	$(BIN)/corridor worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/corridor runserver $(HOST):$(PORT)

test: install
	scripts/install-browser
	scripts/install-pg-client
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser"

test-browser: install
	scripts/install-browser
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(BIN)/corridor check
	$(BIN)/corridor makemigrations --check --dry-run
	CORRIDOR_ENV=production SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
	  ALLOWED_HOSTS=corridor.example.org EMAIL_HOST=smtp.example.org $(BIN)/corridor check --deploy --fail-level WARNING

bench: install
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

messages: install
	cd corridor && ../$(BIN)/corridor makemessages -l zh_Hans --no-obsolete --ignore "*/tests/*"
	cd corridor && ../$(BIN)/corridor makemessages -d djangojs -l zh_Hans --no-obsolete --ignore "*/tests/*" --ignore "vendor" --ignore "*.min.js" --ignore "jsQR.js"
	cd corridor && ../$(BIN)/corridor compilemessages

# Production: stateless web processes (sessions, cache and tasks live in the database, or the
# cache in Redis with CACHE_URL), so more of them on more machines is configuration. Each
# machine runs this; `corridor migrate` also creates the cache table. The task worker keeps
# a heartbeat and re-queues the tasks of workers that died (corridor reap-tasks).
serve: install
	$(BIN)/corridor migrate --noinput
	$(BIN)/corridor collectstatic --noinput
	$(BIN)/corridor worker --no-reload & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/gunicorn corridor.wsgi --workers $${WEB_WORKERS:-4} --worker-class gthread \
	    --threads $${WEB_THREADS:-4} --bind $(HOST):$(PORT) --timeout $${WEB_TIMEOUT:-60} \
	    --max-requests 2000 --max-requests-jitter 200 --access-logfile -

# Long fuzzing of the REST API (schemathesis, every operation, every persona); `make test`
# runs a short pass of the same test.
fuzz: install
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-10} FUZZ_PERSONAS=all $(BIN)/pytest -q -s -p no:cacheprovider tests/fuzz

# bandit (clean or justified in place) and pip-audit of the locked requirements (--strict;
# says NOT CHECKED and fails when its vulnerability service is unreachable, unless
# AUDIT_ALLOW_OFFLINE=1).
audit: install
	$(BIN)/python scripts/audit-bandit
	BIN=$(BIN) scripts/audit-deps

# `make backup FILE=...` / `make restore FILE=...`: database + uploaded files.
backup: install
	@test -n "$(FILE)" || { echo "usage: make backup FILE=path/to/backup"; exit 1; }
	scripts/install-pg-client
	$(BIN)/corridor backup "$(FILE)"

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup"; exit 1; }
	scripts/install-pg-client
	$(BIN)/corridor restore "$(FILE)"

clean:
	rm -rf $(VENV) var .pytest_cache
