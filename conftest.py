"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache

from portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate limits and sessions live in the cache (Redis in CI): each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks run in-process unless a test asks for the real worker (`celery_worker`)."""
    eager = "celery_worker" not in request.fixturenames
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in a thread of this process, consuming from the real broker (Redis in CI)."""
    from celery.contrib.testing.worker import start_worker

    if celery_app.conf.broker_url.startswith("memory://"):
        pytest.fail("The real-worker tests need CELERY_BROKER_URL (Redis); run them through `make test`.")
    celery_app.control.purge()
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING") as worker:
        yield worker


@pytest.fixture
def user_factory(db):
    from accounts.tests.factories import UserFactory

    return UserFactory


@pytest.fixture
def user(user_factory):
    return user_factory()


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client
