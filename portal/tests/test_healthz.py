"""/healthz tells operations whether the database, the cache (Redis) and the broker are reachable."""

import time

import pytest

from portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_broker():
    # Other tests run tasks eagerly; the health check must talk to the real broker (Redis in CI).
    # The autouse eager fixture in conftest.py restores the setting afterwards.
    celery_app.conf.task_always_eager = False


def test_healthy_when_database_cache_and_broker_answer(client, real_broker):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert (body["database"], body["cache"], body["broker"], body["status"]) == ("ok", "ok", "ok", "ok")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_503_when_the_cache_is_unreachable(client, real_broker, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["cache"], body["broker"], body["status"]) == ("ok", "error", "ok", "error")


def test_503_when_the_broker_is_unreachable(client, broker_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["cache"], body["broker"], body["status"]) == ("ok", "ok", "error", "error")


def test_503_quickly_when_the_broker_does_not_answer(client, broker_hung):
    started = time.monotonic()
    response = client.get("/healthz")

    assert time.monotonic() - started < 8
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
