"""Registration: what a person sees when signing up, with good and bad input, and what arrives by mail."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import SignupRequest, User
from notifications.models import OutboundEmail

from .helpers import SIGNUP_URL, link_in, outbox_rows, page_without_tokens, signup_data, text

CORRECT_URL = "/accounts/registrierung/korrigieren/"

pytestmark = pytest.mark.django_db


def test_signup_creates_account_without_password_and_sends_activation_mail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data(), follow=True)

    assert response.status_code == 200
    user = User.objects.get(email="maria.musterfrau@example.de")
    assert not user.has_usable_password()
    assert (user.salutation, user.first_name, user.last_name) == ("frau", "Maria", "Musterfrau")
    assert user.privacy_accepted_at is not None
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()

    [row] = outbox_rows()
    assert row.template == "accounts/mail/activation"
    assert row.status == OutboundEmail.Status.SENT
    [mail] = mailoutbox
    assert mail.to == ["maria.musterfrau@example.de"]
    assert "/accounts/aktivieren/" in mail.body
    assert mail.body.startswith("Sehr geehrte Frau Musterfrau,\n\nvielen Dank für Ihre Registrierung")

    page = text(response)
    assert "m***@example.de" in page
    assert "maria.musterfrau@example.de" not in page
    assert "Mail erneut senden" in page
    assert "Adresse korrigieren" in page


def test_the_account_and_its_mail_wait_for_the_commit(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(SIGNUP_URL, signup_data())

    # The request stored the sign-up and nothing else: the same work for a new and a known address.
    assert SignupRequest.objects.filter(email="maria.musterfrau@example.de", processed_at__isnull=True).exists()
    assert not User.objects.exists()
    assert outbox_rows() == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    [row] = outbox_rows()
    assert row.status == OutboundEmail.Status.SENT
    assert len(mailoutbox) == 1
    assert SignupRequest.objects.get().created_user == User.objects.get()


def test_malformed_email_is_refused_and_the_form_keeps_the_input(client):
    response = client.post(SIGNUP_URL, signup_data(email="maria.musterfrau@example"))

    assert response.status_code == 200
    page = text(response)
    assert "Bitte gültige E-Mail-Adresse eingeben." in page
    assert 'value="maria.musterfrau@example"' in page
    assert 'value="Maria"' in page
    assert 'value="Musterfrau"' in page
    assert not User.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_missing_consent_is_refused_with_a_german_message(client):
    response = client.post(SIGNUP_URL, signup_data(privacy_consent=None))

    assert response.status_code == 200
    page = text(response)
    assert "Bitte bestätigen Sie" in page
    assert "Datenschutz" in page
    assert 'value="maria.musterfrau@example.de"' in page
    assert 'value="Musterfrau"' in page
    assert not User.objects.exists()


def test_missing_names_are_refused(client):
    response = client.post(SIGNUP_URL, signup_data(first_name="", last_name=""))

    assert response.status_code == 200
    page = text(response)
    # At each of the two fields, and again in the summary at the top of the form.
    assert page.count("Dieses Feld ist zwingend erforderlich.") == 4
    assert 'href="#id_first_name"' in page and 'href="#id_last_name"' in page
    assert 'value="maria.musterfrau@example.de"' in page
    assert not User.objects.exists()


def test_signup_with_an_existing_address_answers_the_same_and_warns_the_owner(
    client, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fresh = client.post(SIGNUP_URL, signup_data(email="neu@example.de"), follow=True)
    owner = user_factory(email="bekannt@example.de")
    mailoutbox.clear()
    client.cookies.clear()

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(SIGNUP_URL, signup_data(email="bekannt@example.de"), follow=True)

    assert known.status_code == fresh.status_code == 200
    assert known.redirect_chain == fresh.redirect_chain
    assert page_without_tokens(known).replace("b***@", "n***@") == page_without_tokens(fresh)
    assert User.objects.filter(email="bekannt@example.de").get() == owner
    [mail] = mailoutbox
    assert mail.to == ["bekannt@example.de"]
    assert "/accounts/aktivieren/" not in mail.body
    assert "/accounts/password/reset/" in mail.body
    assert outbox_rows()[-1].template == "accounts/mail/account_exists"


def test_correct_address_returns_to_a_prefilled_signup_and_a_new_address_drops_the_mistyped_account(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data(email="maria@exmaple.de"))
    assert User.objects.filter(email="maria@exmaple.de").exists()

    response = client.post(CORRECT_URL, follow=True)

    assert response.redirect_chain[-1][0] == SIGNUP_URL
    page = text(response)
    assert 'value="maria@exmaple.de"' in page
    assert 'value="Maria"' in page
    assert 'value="Musterfrau"' in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data(email="maria@example.de"))
    assert list(User.objects.values_list("email", flat=True)) == ["maria@example.de"]


def test_correct_address_never_removes_an_existing_account(client, user_factory, django_capture_on_commit_callbacks):
    owner = user_factory(email="bekannt@example.de")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data(email="bekannt@example.de"))

    client.post(CORRECT_URL)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data(email="anders@example.de"))

    assert User.objects.filter(pk=owner.pk).exists()


def _valid_activation_links(client, mailoutbox, email: str) -> list[str]:
    links = [link_in(mail.body) for mail in mailoutbox if mail.to == [email]]
    return [link for link in links if Client().get(link).status_code == 200]


def test_correcting_to_the_same_address_leaves_exactly_one_valid_link_in_the_inbox(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data(email="maria@example.de"))
    client.post(CORRECT_URL)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data(email="maria@example.de"), follow=True)

    page = text(response)
    assert "m***@example.de" in page
    assert "Die Adresse ist unverändert" in page
    assert len(_valid_activation_links(client, mailoutbox, "maria@example.de")) == 1
    assert User.objects.filter(email="maria@example.de").count() == 1


def test_correcting_to_another_address_leaves_exactly_one_valid_link_for_the_new_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data(email="maria@exmaple.de"))
    client.post(CORRECT_URL)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data(email="maria@example.de"), follow=True)

    assert "m***@example.de" in text(response)
    assert _valid_activation_links(client, mailoutbox, "maria@exmaple.de") == []
    [link] = _valid_activation_links(client, mailoutbox, "maria@example.de")
    assert client.post(link).status_code == 302


def test_back_after_correct_address_still_shows_the_masked_address_and_both_buttons(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(SIGNUP_URL, signup_data(email="maria@example.de"), follow=True)
    client.post(CORRECT_URL)

    back = client.get(sent.redirect_chain[-1][0])

    assert "no-store" in back["Cache-Control"] or "no-cache" in back["Cache-Control"]
    page = text(back)
    assert "m***@example.de" in page
    assert "Mail erneut senden" in page
    assert "Adresse korrigieren" in page
    assert 'action="/accounts/aktivierungsmail/senden/"' in page


def test_send_mail_again_sends_a_new_activation_mail_and_is_rate_limited(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, signup_data())
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/aktivierungsmail/senden/", follow=True)
    assert response.status_code == 200
    assert "m***@example.de" in text(response)
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["maria.musterfrau@example.de"]
    assert "/accounts/aktivieren/" in mailoutbox[1].body

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/accounts/aktivierungsmail/senden/", follow=True)
    assert again.status_code == 200
    assert "Bitte warten Sie einige Minuten" in text(again)
    assert len(mailoutbox) == 2


def test_activation_mail_form_answers_the_same_for_every_address(
    client, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    user_factory(email="wartet@example.de", password=False, verified=False)
    user_factory(email="aktiv@example.de")

    answers = []
    for email in ("wartet@example.de", "aktiv@example.de", "niemand@example.de"):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(client.post("/accounts/aktivierungsmail/senden/", {"email": email}, follow=True))

    assert {page_without_tokens(answer) for answer in answers} == {page_without_tokens(answers[0])}
    assert "neue Aktivierungsmail" in text(answers[0])
    assert [mail.to for mail in mailoutbox] == [["wartet@example.de"]]


def test_activation_mail_form_refuses_a_malformed_address(client):
    response = client.post("/accounts/aktivierungsmail/senden/", {"email": "wartet@"})

    assert response.status_code == 400
    assert "Bitte gültige E-Mail-Adresse eingeben." in text(response)
    assert 'value="wartet@"' in text(response)
