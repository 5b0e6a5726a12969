"""'Passwort vergessen': the same answer for every address, a reset mail, a new password, logged in."""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User

from .helpers import MY_PORTAL_URL, RESET_URL, SIGNUP_URL, link_in, page_without_tokens, signup_data, text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Neue-Werkbank-2027"


def request_reset(client, email, capture):
    with capture(execute=True):
        return client.post(RESET_URL, {"email": email}, follow=True)


def set_new_password(client, link, password):
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    return client.post(action, {"password1": password, "password2": password}, follow=True), action


def test_known_and_unknown_addresses_get_the_same_answer(
    client, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    user_factory(email="bekannt@example.de")

    known = request_reset(client, "bekannt@example.de", django_capture_on_commit_callbacks)
    unknown = request_reset(client, "unbekannt@example.de", django_capture_on_commit_callbacks)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert page_without_tokens(known) == page_without_tokens(unknown)
    assert [mail.to for mail in mailoutbox] == [["bekannt@example.de"], ["unbekannt@example.de"]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert "/accounts/password/reset/key/" not in mailoutbox[1].body


def test_reset_link_sets_a_new_password_and_logs_in(client, user, mailoutbox, django_capture_on_commit_callbacks):
    request_reset(client, user.email, django_capture_on_commit_callbacks)
    [mail] = mailoutbox
    assert "Zurücksetzen des Passworts" in mail.subject

    response, _action = set_new_password(client, link_in(mail.body), NEW_PASSWORD)

    assert response.status_code == 200
    assert client.get(MY_PORTAL_URL).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_reset_refuses_a_password_with_trailing_space(client, user, mailoutbox, django_capture_on_commit_callbacks):
    request_reset(client, user.email, django_capture_on_commit_callbacks)

    response, action = set_new_password(client, link_in(mailoutbox[0].body), NEW_PASSWORD + " ")

    assert "Das Passwort darf nicht mit einem Leerzeichen beginnen oder enden." in text(response)
    assert client.get(MY_PORTAL_URL).status_code == 302
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD + " ")

    client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert client.get(MY_PORTAL_URL).status_code == 200


def test_reset_link_works_only_once(client, user, mailoutbox, django_capture_on_commit_callbacks):
    request_reset(client, user.email, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0].body)
    set_new_password(client, link, NEW_PASSWORD)
    client.post("/accounts/logout/")

    response = client.get(link, follow=True)

    assert "ungültig" in text(response)
    assert 'name="password1"' not in text(response)


def test_reset_activates_an_account_whose_activation_mail_was_lost(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data())
    client.cookies.clear()
    mailoutbox.clear()

    request_reset(client, "maria.musterfrau@example.de", django_capture_on_commit_callbacks)
    [mail] = mailoutbox
    set_new_password(client, link_in(mail.body), NEW_PASSWORD)

    assert client.get(MY_PORTAL_URL).status_code == 200
    user = User.objects.get(email="maria.musterfrau@example.de")
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified


def test_reset_requests_for_one_address_are_rate_limited(client, user, mailoutbox, django_capture_on_commit_callbacks):
    for _request in range(5):
        request_reset(client, user.email, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 5

    response = request_reset(client, user.email, django_capture_on_commit_callbacks)

    assert response.status_code == 429
    assert "Zu viele Anfragen" in text(response)
    assert len(mailoutbox) == 5
