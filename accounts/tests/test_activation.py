"""The activation link: a button instead of an automatic use, then 'Passwort festlegen', then logged in."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.tokens import activation_token_generator

from .helpers import MY_PORTAL_URL, SIGNUP_URL, link_in, signup_data, text

pytestmark = pytest.mark.django_db

SET_PASSWORD_URL = "/accounts/passwort-festlegen/"
NEW_PASSWORD = "Geselle-Hobelbank-77"


@pytest.fixture
def activation_link(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data())
    [mail] = mailoutbox
    mailoutbox.clear()
    return link_in(mail.body)


def expired_link(user) -> str:
    generator = activation_token_generator
    issued = generator._num_seconds(generator._now()) - settings.PASSWORD_RESET_TIMEOUT - 60
    token = generator._make_token_with_timestamp(user, issued, generator.secret)
    return f"/accounts/aktivieren/{urlsafe_base64_encode(force_bytes(user.pk))}/{token}/"


def test_opening_the_link_shows_only_the_button_and_does_not_spend_it(client, activation_link):
    first = client.get(activation_link)
    second = client.get(activation_link)

    for response in (first, second):
        assert response.status_code == 200
        page = text(response)
        assert "Konto aktivieren" in page
        assert 'type="password"' not in page
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_activate_then_set_password_logs_in_and_verifies_the_address(client, activation_link):
    response = client.post(activation_link, follow=True)
    assert response.redirect_chain[-1][0] == SET_PASSWORD_URL
    assert "Passwort festlegen" in text(response)

    response = client.post(SET_PASSWORD_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == MY_PORTAL_URL
    assert "Ihr Konto ist aktiv" in text(response)
    assert client.get(MY_PORTAL_URL).status_code == 200
    address = EmailAddress.objects.get(email="maria.musterfrau@example.de")
    assert address.verified and address.primary
    assert address.user.check_password(NEW_PASSWORD)


def test_weak_password_is_refused_in_german(client, activation_link):
    client.post(activation_link)

    response = client.post(SET_PASSWORD_URL, {"password1": "passwort", "password2": "passwort"})

    assert response.status_code == 200
    page = text(response)
    assert "Dieses Passwort ist zu kurz" in page
    assert "Dieses Passwort wird zu häufig verwendet." in page
    assert 'value="passwort"' not in page
    assert client.get(MY_PORTAL_URL).status_code == 302


@pytest.mark.parametrize("password", [NEW_PASSWORD + " ", " " + NEW_PASSWORD])
def test_password_with_surrounding_space_is_refused(client, activation_link, password):
    client.post(activation_link)

    response = client.post(SET_PASSWORD_URL, {"password1": password, "password2": password})

    assert response.status_code == 200
    assert "Das Passwort darf nicht mit einem Leerzeichen beginnen oder enden." in text(response)
    assert client.get(MY_PORTAL_URL).status_code == 302


def test_mismatched_passwords_are_refused(client, activation_link):
    client.post(activation_link)

    response = client.post(SET_PASSWORD_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})

    assert "Die beiden Passwörter stimmen nicht überein." in text(response)


def test_a_used_link_says_so(client, activation_link):
    client.post(activation_link)
    client.post(SET_PASSWORD_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.post("/accounts/logout/")

    response = client.get(activation_link)

    assert response.status_code == 410
    page = text(response)
    assert "bereits verwendet" in page
    assert "Passwort vergessen" in page
    assert client.post(activation_link).status_code == 410


def test_an_expired_link_says_so_and_sends_a_new_one(
    client, activation_link, mailoutbox, django_capture_on_commit_callbacks
):
    link = expired_link(User.objects.get())

    response = client.get(link)
    assert response.status_code == 410
    page = text(response)
    assert "abgelaufen" in page
    assert "Neue Aktivierungsmail senden" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "neu/", follow=True)
    assert "neue Aktivierungsmail" in text(response)
    [mail] = mailoutbox
    assert mail.to == ["maria.musterfrau@example.de"]
    assert client.get(link_in(mail.body)).status_code == 200


def test_an_expired_link_cannot_be_used_to_set_a_password(client, activation_link):
    link = expired_link(User.objects.get())

    assert client.post(link).status_code == 410
    assert client.get(SET_PASSWORD_URL).status_code == 410


def test_a_garbage_link_says_it_is_invalid(client, activation_link, mailoutbox, django_capture_on_commit_callbacks):
    uid = activation_link.split("/")[3]

    response = client.get(f"/accounts/aktivieren/{uid}/abc-0123456789abcdef/")
    assert response.status_code == 404
    assert "ungültig" in text(response)
    assert client.get("/accounts/aktivieren/Zm9v/abc-123/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/aktivierungsmail/senden/", {"email": "maria.musterfrau@example.de"})
    assert len(mailoutbox) == 1


def test_set_password_page_without_activation_is_refused(client, db):
    response = client.get(SET_PASSWORD_URL)

    assert response.status_code == 410
    assert "ungültig" in text(response)


def test_renewing_a_link_that_has_not_expired_sends_nothing(client, activation_link, mailoutbox):
    response = client.post(activation_link + "neu/", follow=True)

    assert "Konto aktivieren" in text(response)
    assert mailoutbox == []


def test_a_second_tab_cannot_set_the_password_again(client, activation_link):
    second_tab = Client()
    second_tab.post(activation_link)
    client.post(activation_link)
    client.post(SET_PASSWORD_URL, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    response = second_tab.post(
        SET_PASSWORD_URL, {"password1": "Ganz-Anderes-Passwort-5", "password2": "Ganz-Anderes-Passwort-5"}
    )

    assert response.status_code == 410
    assert "bereits verwendet" in text(response)
    assert User.objects.get().check_password(NEW_PASSWORD)
