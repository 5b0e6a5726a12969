# Kundenportal — the two commands a newcomer needs are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

# Tests run against real PostgreSQL and Redis; these defaults match a developer machine with both
# on localhost. CI (.ci/run) sets the same variables explicitly.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
TEST_BROKER_URL ?= redis://127.0.0.1:6379/1

.PHONY: run test serve lint format messages migrate demo clean mutate

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# DEBUG is off unless set (portal/settings.py): the developer targets switch it on.
DEV := DEBUG=$${DEBUG:-true}

run: $(VENV)/.installed
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py demo_data
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed-dev
	$(DEV) DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(PY) -m pytest $(PYTEST_ARGS)

# Mutation testing of the security and money rules (bench/mutate.py, README "Mutation testing"): one
# mutant at a time against the real PostgreSQL/Redis given like `make test`; not part of CI (too slow).
# `make mutate MODULES="pins memberships"` runs some modules; the default is all of them.
mutate: $(VENV)/.installed-dev
	$(DEV) DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(PY) bench/mutate.py $(MODULES)

# Production-like stack (gunicorn + Celery worker + beat via honcho and the Procfile) against the
# PostgreSQL and Redis given by the environment; defaults are the local services. Plain http on
# 127.0.0.1, so secure cookies and the https redirect are off; everything else is production.
SERVE_ENV = DEBUG=false \
	SECRET_KEY=$${SECRET_KEY:-local-production-like-run-only} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_serve} \
	DATABASE_POOL=$${DATABASE_POOL:-true} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/10} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/11} \
	SECURE_SSL_REDIRECT=false COOKIE_SECURE=false
serve: $(VENV)/.installed
	$(SERVE_ENV) $(PY) -c "import environ, psycopg; u = environ.Env.db_url_config('$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_serve}'); c = psycopg.connect(host=u['HOST'], port=u['PORT'] or 5432, user=u['USER'], password=u['PASSWORD'], dbname='postgres', autocommit=True); c.execute('CREATE DATABASE ' + u['NAME']) if not c.execute('SELECT 1 FROM pg_database WHERE datname=%s', [u['NAME']]).fetchone() else None"
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) PATH=$(VENV)/bin:$$PATH $(VENV)/bin/honcho start

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs gettext (msgfmt). Each app keeps its own catalogue in <app>/locale; project-wide templates
# (templates/) use locale/. The compiled .mo files are committed, so `make run` works without gettext.
LOCAL_APPS := accounts notifications portal businesses courses forms_catalog contracts documents jobboard help
APPS_WITH_LOCALE := $(patsubst %/locale/,%,$(wildcard */locale/))
messages: $(VENV)/.installed
	for app in $(APPS_WITH_LOCALE); do \
	  (cd $$app && $(DEV) ../$(PY) ../manage.py makemessages -l de -l en --ignore=tests) || exit 1; \
	done
	$(DEV) $(PY) manage.py makemessages -l de -l en --ignore=$(VENV) --ignore=staticfiles --ignore=e2e --ignore=bench \
	  --ignore=conftest.py $(foreach app,$(LOCAL_APPS),--ignore=$(app))
	$(DEV) $(PY) manage.py compilemessages --ignore=$(VENV)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
