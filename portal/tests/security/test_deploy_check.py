"""`manage.py check --deploy` under the settings production runs with: DEBUG off, a real secret key,
the real PostgreSQL and Redis. Django's deployment checks cover HSTS, secure cookies, SSL redirect,
X-Frame-Options, the secret key and DEBUG; every warning fails the test, nothing may be silenced."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

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
