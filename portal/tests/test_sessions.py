"""Customers stay logged in and can log out while Redis (the session cache) is unreachable."""

import pytest

pytestmark = pytest.mark.django_db


def test_logged_in_pages_and_logout_work_while_the_cache_is_down(client_logged_in, redis_down):
    assert client_logged_in.get("/").status_code == 200
    assert client_logged_in.get("/mein-portal/").status_code == 200
    assert client_logged_in.get("/accounts/mein-konto/").status_code == 200

    assert client_logged_in.post("/accounts/logout/").status_code == 302
    assert client_logged_in.get("/mein-portal/").status_code == 302


def test_a_new_visitor_gets_a_session_while_the_cache_is_down(client, redis_down):
    response = client.get("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()


def test_sessions_are_still_cached_when_the_cache_is_up(client_logged_in, django_assert_max_num_queries):
    client_logged_in.get("/mein-portal/")
    # The session comes from Redis: no query for it (the page's own queries stay few).
    with django_assert_max_num_queries(8) as captured:
        assert client_logged_in.get("/").status_code == 200
    assert not [query for query in captured.captured_queries if "django_session" in query["sql"]]
