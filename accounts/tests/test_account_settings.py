"""A logged-in person changes the password, the e-mail address and the personal data."""

import pytest
from allauth.account.models import EmailAddress

from .factories import DEFAULT_PASSWORD
from .helpers import LOGIN_URL, MY_PORTAL_URL, link_in, text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Neue-Werkbank-2027"


def test_change_password(client_logged_in, user):
    response = client_logged_in.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client_logged_in.get(MY_PORTAL_URL).status_code == 200


def test_change_password_refuses_wrong_current_and_trailing_space(client_logged_in, user):
    wrong = client_logged_in.post(
        "/accounts/password/change/",
        {"oldpassword": "Falsch-123456", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    spaced = client_logged_in.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD + " ", "password2": NEW_PASSWORD + " "},
    )

    assert "Bitte geben Sie Ihr aktuelles Passwort ein." in text(wrong)
    assert "Das Passwort darf nicht mit einem Leerzeichen beginnen oder enden." in text(spaced)
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_new_address_counts_only_after_confirmation(client, user, mailoutbox, django_capture_on_commit_callbacks):
    old = user.email
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/email/", {"email": "neu@example.de", "action_add": ""})
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["neu@example.de"]
    user.refresh_from_db()
    assert user.email == old

    # Until the link is used, the old address remains the login and the new one does not work.
    client.post("/accounts/logout/")
    client.post(LOGIN_URL, {"login": "neu@example.de", "password": DEFAULT_PASSWORD})
    assert client.get(MY_PORTAL_URL).status_code == 302
    client.post(LOGIN_URL, {"login": old, "password": DEFAULT_PASSWORD})
    assert client.get(MY_PORTAL_URL).status_code == 200

    link = link_in(mail.body)
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert "neu@example.de" in text(confirm_page)
    user.refresh_from_db()
    assert user.email == old

    client.post(link)

    user.refresh_from_db()
    assert user.email == "neu@example.de"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("neu@example.de", True, True)
    ]
    client.post("/accounts/logout/")
    client.post(LOGIN_URL, {"login": old, "password": DEFAULT_PASSWORD})
    assert client.get(MY_PORTAL_URL).status_code == 302
    client.post(LOGIN_URL, {"login": "neu@example.de", "password": DEFAULT_PASSWORD})
    assert client.get(MY_PORTAL_URL).status_code == 200


def test_profile_keeps_what_was_typed_when_a_name_is_missing(client_logged_in, user):
    response = client_logged_in.post(
        "/accounts/mein-konto/", {"salutation": "herr", "first_name": "Max", "last_name": ""}
    )

    assert "Dieses Feld ist zwingend erforderlich." in text(response)
    assert 'value="Max"' in text(response)

    response = client_logged_in.post(
        "/accounts/mein-konto/", {"salutation": "herr", "first_name": "Max", "last_name": "Mustermann"}, follow=True
    )
    user.refresh_from_db()
    assert (user.salutation, user.first_name, user.last_name) == ("herr", "Max", "Mustermann")
    assert "gespeichert" in text(response)


def test_account_pages_need_login(client, db):
    for url in ("/accounts/mein-konto/", "/accounts/email/", "/accounts/password/change/", MY_PORTAL_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)


def test_the_email_page_shows_one_form_with_one_address_field(client_logged_in, user):
    page = text(client_logged_in.get("/accounts/email/"))

    assert page.count('type="email"') == 1
    assert "style=" not in page
    assert user.email in page
    assert "Neue E-Mail-Adresse" in page


def test_the_email_page_shows_a_pending_change_with_its_own_buttons(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"email": "neu@example.de", "action_add": ""})

    page = text(client.get("/accounts/email/"))

    assert "neu@example.de" in page and "wartet auf Bestätigung" in page
    assert page.count('type="email"') == 1, "the pending address is text, not a field that does nothing"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"email": "neu@example.de", "action_remove": ""})
    assert not EmailAddress.objects.filter(email="neu@example.de").exists()


def test_the_old_address_is_told_about_the_change(client, user, mailoutbox, django_capture_on_commit_callbacks):
    old = user.email
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"email": "neu@example.de", "action_add": ""})
    link = link_in(mailoutbox[-1].body)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)

    [notice] = [mail for mail in mailoutbox if mail.to == [old]]
    assert notice.subject.startswith("Ihre E-Mail-Adresse wurde geändert")
    assert f"von {old} in neu@example.de geändert" in notice.body
    assert "Wenn Sie es nicht waren" in notice.body and "/impressum/" in notice.body


def test_people_with_a_second_factor_can_change_their_address(client, staff_user, django_capture_on_commit_callbacks):
    from conftest import staff_login

    staff_login(client, staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/email/", {"email": "neu@hwk.example", "action_add": ""})

    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=staff_user, email="neu@hwk.example", verified=False).exists()
