"""A chamber addresses people formally: no 'du' on the account pages and in the account mails."""

import re

import pytest

from .helpers import RESET_URL, SIGNUP_URL, link_in, signup_data, text

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|gib|kontaktiere|versuche|bestätige)\b", re.I)


def visible_text(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        RESET_URL,
        "/accounts/password/reset/done/",
        "/accounts/aktivierungsmail/",
    ],
)
def test_public_account_pages_use_the_formal_address(client, url):
    assert INFORMAL.findall(visible_text(text(client.get(url)))) == []


@pytest.mark.parametrize(
    "url", ["/accounts/email/", "/accounts/password/change/", "/accounts/mein-konto/", "/accounts/logout/"]
)
def test_own_account_pages_use_the_formal_address(client_logged_in, url):
    assert INFORMAL.findall(visible_text(text(client_logged_in.get(url)))) == []


def test_account_mails_use_the_formal_address(client, user_factory, mailoutbox, django_capture_on_commit_callbacks):
    owner = user_factory(email="bekannt@example.de")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data())
        client.post(SIGNUP_URL, signup_data(email="bekannt@example.de"))
        client.post(RESET_URL, {"email": "bekannt@example.de"})
        client.post(RESET_URL, {"email": "niemand@example.de"})
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"email": "neu@example.de", "action_add": ""})

    assert len(mailoutbox) == 5
    for mail in mailoutbox:
        assert INFORMAL.findall(mail.subject + "\n" + mail.body) == [], mail.subject


def test_links_from_mails_lead_to_pages_in_the_formal_address(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET_URL, {"email": user.email})
    reset_page = client.get(link_in(mailoutbox[0].body), follow=True)
    assert INFORMAL.findall(visible_text(text(reset_page))) == []

    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"email": "neu@example.de", "action_add": ""})
    confirm_page = client.get(link_in(mailoutbox[1].body))
    assert INFORMAL.findall(visible_text(text(confirm_page))) == []
    done = client.post(link_in(mailoutbox[1].body), follow=True)
    assert INFORMAL.findall(visible_text(text(done))) == []


def test_a_password_reset_for_an_unknown_address_is_answered_in_the_portals_german(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET_URL, {"email": "unbekannt@example.de"})

    [mail] = mailoutbox
    assert mail.subject == "Kein Konto mit dieser E-Mail-Adresse"
    assert mail.body.startswith("Guten Tag,\n\njemand – vermutlich Sie – hat im Kundenportal")
    assert "Zu dieser Adresse gibt es im Portal kein Konto" in mail.body
    assert "/accounts/signup/" in mail.body
    for phrase in ("Account", "Datenbank", "initiiert", "Unbekanntes Konto"):
        assert phrase not in mail.body and phrase not in mail.subject
    assert INFORMAL.findall(mail.body) == []


def test_a_common_password_is_refused_with_the_portals_wording(client, activation_link_for_wording):
    client.post(activation_link_for_wording)
    response = client.post("/accounts/passwort-festlegen/", {"password1": "password123", "password2": "password123"})

    assert "Dieses Passwort wird zu häufig verwendet." in text(response)


@pytest.fixture
def activation_link_for_wording(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data())
    return link_in(mailoutbox[-1].body)
