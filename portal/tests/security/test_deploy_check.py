"""`manage.py check --deploy` under the settings production runs with: DEBUG off, a real secret key,
the real PostgreSQL and Redis. Django's deployment checks cover HSTS, secure cookies, SSL redirect,
X-Frame-Options, the secret key and DEBUG; every warning fails the test, nothing may be silenced."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)

# Overrides an operator may set for a local plain-http run (production relies on their defaults), and
# what the test run itself sets (e2e/conftest.py allows the ORM in Playwright's event loop).
LOCAL_OVERRIDES = (
    "COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "BEHIND_TLS_PROXY",
    "STATIC_MANIFEST",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_environment(**overrides) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in LOCAL_OVERRIDES}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",  # production's module, not the suite's (pytest.ini)
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),  # 67 characters, as `check --deploy` wants ≥ 50 with variety
        ALLOWED_HOSTS="kundenportal.hwk-musterstadt.de",
    )
    # The real services, as the suite uses them (DATABASE_URL / REDIS_URL from the environment).
    assert env.get("DATABASE_URL", "").startswith("postgres"), "run the suite with DATABASE_URL (PostgreSQL)"
    assert env.get("REDIS_URL", "").startswith("redis"), "run the suite with REDIS_URL"
    env.update(overrides)
    return env


def check_deploy(**overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--database", "default", "--fail-level", "DEBUG"],
        cwd=BASE_DIR,
        env=production_environment(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_under_production_settings():
    result = check_deploy()

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", result.stdout + result.stderr


def test_check_deploy_would_report_a_production_setting_switched_off():
    # The same command notices a weakened setting, so the test above can fail.
    result = check_deploy(SECURE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


# Chooses English with the language switch in a process running the production settings and prints the
# cookie the portal sets.
SWITCH_LANGUAGE = """
import django
django.setup()
from django.test import Client
browser = Client(HTTP_HOST="kundenportal.hwk-musterstadt.de")
response = browser.get("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
print(response.status_code, response.cookies["django_language"].output())
"""


def switch_language(**overrides) -> str:
    # Every request opens a transaction: the process uses this run's test database.
    database_url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    result = subprocess.run(
        [sys.executable, "-c", SWITCH_LANGUAGE],
        cwd=BASE_DIR,
        env=production_environment(
            DJANGO_SETTINGS_MODULE="portal.settings", DATABASE_URL=urlunsplit(database_url), **overrides
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db
def test_the_language_cookie_is_secure_in_production_like_the_session_cookie():
    output = switch_language()

    assert output.startswith("302 Set-Cookie: django_language=en;")
    assert "; Secure" in output
    assert "; HttpOnly" in output
    assert "SameSite=Lax" in output


@pytest.mark.django_db
def test_the_language_cookie_follows_the_switch_for_a_local_plain_http_run():
    # make serve (COOKIE_SECURE=false) sends no cookie over https, so none may demand it.
    assert "Secure" not in switch_language(COOKIE_SECURE="false")


def test_without_debug_set_the_portal_runs_with_debug_off_and_refuses_to_start_without_a_secret_key():
    """A deploy that forgets a variable fails closed: DEBUG is off by default, and then a secret key is required."""
    env = {key: value for key, value in production_environment().items() if key not in ("DEBUG", "SECRET_KEY")}
    command = [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; print(settings.DEBUG)"]

    refused = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    started = subprocess.run(
        command, cwd=BASE_DIR, env={**env, "SECRET_KEY": "x" * 60}, capture_output=True, text=True, timeout=120
    )

    assert refused.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in refused.stderr
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip().splitlines()[-1] == "False"


def test_the_migration_check_runs_as_a_plain_command_without_debug_or_secret_key():
    """`manage.py makemigrations --check` reads only the models: it needs no secret, so CI and hooks can run it
    as it is — while every other command still refuses to start without one (test above)."""
    env = {key: value for key, value in production_environment().items() if key not in ("DEBUG", "SECRET_KEY")}
    command = [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"]

    checked = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)

    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
