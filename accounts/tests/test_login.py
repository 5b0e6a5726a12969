"""Logging in and out with e-mail and password."""

import pytest

from .factories import DEFAULT_PASSWORD
from .helpers import LOGIN_URL, MY_PORTAL_URL, SIGNUP_URL, page_without_tokens, signup_data, text

pytestmark = pytest.mark.django_db

WRONG_LOGIN = "Die E-Mail-Adresse und/oder das Passwort sind leider falsch."


def login(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_login_with_the_right_password_opens_my_portal(client, user):
    response = login(client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == MY_PORTAL_URL
    assert client.get(MY_PORTAL_URL).status_code == 200


def test_login_ignores_case_and_surrounding_spaces_of_the_address(client, user):
    assert login(client, f"  {user.email.upper()} ", DEFAULT_PASSWORD)["Location"] == MY_PORTAL_URL


@pytest.mark.parametrize("pasted", [DEFAULT_PASSWORD + " ", " " + DEFAULT_PASSWORD, f"\t{DEFAULT_PASSWORD}\n"])
def test_password_pasted_with_surrounding_white_space_works(client, user, pasted):
    response = login(client, user.email, pasted)

    assert response.status_code == 302
    assert client.get(MY_PORTAL_URL).status_code == 200


def test_wrong_password_gives_a_german_error_and_keeps_the_address(client, user):
    response = login(client, user.email, "Falsches-Passwort-1")

    assert response.status_code == 200
    page = text(response)
    assert WRONG_LOGIN in page
    assert f'value="{user.email}"' in page
    assert "Falsches-Passwort-1" not in page
    assert "PIN" not in page
    assert client.get(MY_PORTAL_URL).status_code == 302


@pytest.mark.parametrize("pin", ["ABCD-EFGH", "abcd efgh", "K7M2P9QX"])
def test_a_password_shaped_like_a_business_pin_adds_the_pin_hint(client, user, pin):
    response = login(client, user.email, pin)

    page = text(response)
    assert WRONG_LOGIN in page
    assert "PIN" in page
    assert "Mein Betrieb" in page


def test_repeated_failures_are_rate_limited(client, user):
    for _attempt in range(5):
        assert WRONG_LOGIN in text(login(client, user.email, "Falsches-Passwort-1"))

    response = login(client, user.email, DEFAULT_PASSWORD)

    assert "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es später" in text(response)
    assert client.get(MY_PORTAL_URL).status_code == 302


def test_an_unactivated_account_cannot_log_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data())
    client.cookies.clear()

    for password in ("!", "Irgendein-Passwort-9"):
        response = login(client, "maria.musterfrau@example.de", password)
        assert WRONG_LOGIN in text(response)
    assert client.get(MY_PORTAL_URL).status_code == 302


def test_a_deactivated_account_cannot_log_in(client, user):
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = login(client, user.email, DEFAULT_PASSWORD)

    assert response["Location"] == "/accounts/inactive/"
    assert client.get(MY_PORTAL_URL).status_code == 302


def test_logout_ends_the_session(client, user):
    login(client, user.email, DEFAULT_PASSWORD)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert client.get(MY_PORTAL_URL).status_code == 302


def test_login_page_links_to_forgotten_password_and_registration(client, db):
    page = text(client.get(LOGIN_URL))

    assert "Passwort vergessen" in page
    assert "Registrieren" in page
    assert 'type="password"' in page


def test_unknown_address_and_wrong_password_look_the_same(client, user):
    wrong_password = page_without_tokens(login(client, user.email, "Falsches-Passwort-1"))
    unknown = page_without_tokens(login(client, "niemand@example.de", "Falsches-Passwort-1"))

    assert unknown.replace("niemand@example.de", user.email) == wrong_password
