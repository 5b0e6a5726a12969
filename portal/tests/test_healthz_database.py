"""/healthz still answers, with 503, when PostgreSQL is unreachable."""

from django.db import connection

from portal.celery import app as celery_app


def test_503_when_the_database_is_unreachable(client, django_db_blocker):
    celery_app.conf.task_always_eager = False  # the autouse fixture in conftest.py restores it
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict["PORT"] = "9"
        try:
            response = client.get("/healthz")
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)

    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["cache"], body["broker"], body["status"]) == ("error", "ok", "ok", "error")
