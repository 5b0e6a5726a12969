"""Project-wide settings that protect users: password hashing, migrations in step with the models."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.core.management import call_command


def test_argon2_is_the_first_password_hasher(user):
    from portal import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # The suite hashes with the same algorithm, only with lighter parameters (portal/settings_test.py).
    assert settings.PASSWORD_HASHERS[1:] == production.PASSWORD_HASHERS[1:]
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_rate_limits_are_kept_in_redis_shared_by_all_web_processes(client):
    import redis

    client.post("/accounts/login/", {"login": "jemand@example.de", "password": "Falsch-123456"})

    keys = redis.Redis.from_url(settings.REDIS_URL).keys("*")
    assert any(b"allauth" in key or b"rl:" in key for key in keys), keys
