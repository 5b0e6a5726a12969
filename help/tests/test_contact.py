""" "Frage nicht beantwortet?": the contact form reaches the service desk, with or without login, answers the
same whatever address is given, is rate-limited per client and per account, and keeps robots out."""

import pytest
from django.test import Client
from django.urls import reverse

from businesses.models import Membership
from businesses.tests.factories import MembershipFactory
from help.models import ContactRequest
from help.views import portal_page

from .factories import ContactRequestFactory

pytestmark = pytest.mark.django_db

CONTACT = reverse("help:contact")
DONE = reverse("help:contact_done")


def question(**overrides) -> dict:
    data = {
        "topic": "business_link",
        "message": "Die PIN-Mail ist nicht angekommen.",
        "name": "Petra Pinsel",
        "email": "petra@malerei-pinsel.example.de",
        "business_number": "",
        "website": "",
        "page": "",
    }
    data.update(overrides)
    return data


def ask(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(CONTACT, question(**overrides))


def test_a_visitor_asks_and_gets_a_reference_on_the_page_and_by_mail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = ask(client, django_capture_on_commit_callbacks, business_number=" 1234567 ")

    assert response.status_code == 302 and response["Location"] == DONE
    contact_request = ContactRequest.objects.get()
    assert contact_request.reference.startswith("H-20") and contact_request.status == ContactRequest.Status.NEW
    assert contact_request.user is None
    assert contact_request.business_number == "1234567"
    assert contact_request.language == "de"
    page = client.get(DONE).content.decode()
    assert "Vielen Dank, Ihre Frage ist eingegangen" in page
    assert contact_request.reference in page
    [mail] = mailoutbox
    assert mail.to == ["petra@malerei-pinsel.example.de"]
    assert contact_request.reference in mail.subject
    assert "Guten Tag Petra Pinsel," in mail.body
    assert f"Aktenzeichen: {contact_request.reference}" in mail.body
    assert "Betriebsnummer" not in mail.body
    # What was asked is not repeated: someone who typed another person's address cannot use the chamber's
    # mail to send that person a text of their choice.
    assert "PIN-Mail ist nicht angekommen" not in mail.body
    [(html, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    assert '<a href="http://testserver/hilfe/"' in html
    assert "PIN-Mail ist nicht angekommen" not in html


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    user_factory(email="bekannt@example.de")
    pages, subjects = [], []
    for email in ("bekannt@example.de", "unbekannt@example.de"):
        client = Client()
        response = ask(client, django_capture_on_commit_callbacks, email=email)
        assert response.status_code == 302 and response["Location"] == DONE
        reference = ContactRequest.objects.get(email=email).reference
        pages.append(client.get(DONE).content.decode().replace(reference, "REF"))
        subjects.append(mailoutbox[-1].subject.replace(reference, "REF"))

    assert pages[0] == pages[1]
    assert subjects[0] == subjects[1]
    assert ContactRequest.objects.filter(user__isnull=False).count() == 0


def test_a_logged_in_customer_finds_the_form_filled_and_the_request_knows_the_account(
    client, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(role=Membership.Role.ADMIN, user__first_name="Hanna", user__last_name="Holz")
    client.force_login(membership.user)

    form = client.get(CONTACT).content.decode()

    assert 'value="Hanna Holz"' in form
    assert f'value="{membership.user.email}"' in form
    assert f'value="{membership.business.betriebsnummer}"' in form
    ask(client, django_capture_on_commit_callbacks, email=membership.user.email)
    assert ContactRequest.objects.get().user == membership.user


def test_the_page_asked_from_is_attached_when_it_is_a_page_of_the_portal(client, django_capture_on_commit_callbacks):
    form = client.get(CONTACT, {"von": "/betrieb/verknuepfen/"}).content.decode()
    assert 'name="page" value="/betrieb/verknuepfen/"' in form

    ask(client, django_capture_on_commit_callbacks, page="/betrieb/verknuepfen/?pin=ABCD")
    assert ContactRequest.objects.get().page == "/betrieb/verknuepfen/"


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("/accounts/login/", "/accounts/login/"),
        ("http://testserver/kurse/12/", "/kurse/12/"),
        ("https://boese.example/betrieb/", ""),
        ("//boese.example/betrieb/", ""),
        ("javascript:alert(1)", ""),
        ("/gibt-es-nicht/", ""),
        ("/admin/help/contactrequest/", ""),
        # Capability links keep their shape, never their secret.
        ("/betrieb/einladung/geheimes-token-123/", "/betrieb/einladung/…/"),
        ("/accounts/aktivieren/MQ/abc-123def/", "/accounts/aktivieren/…/…/"),
    ],
)
def test_only_pages_of_the_portal_without_secrets_are_kept_as_context(rf, raw, stored):
    assert portal_page(rf.get("/hilfe/kontakt/"), raw) == stored


def test_a_broken_page_context_never_stops_the_question(client, django_capture_on_commit_callbacks):
    response = ask(client, django_capture_on_commit_callbacks, page="/kurse/" + "x" * 2000)

    assert response.status_code == 302
    assert ContactRequest.objects.get().page == ""


def test_the_referer_is_used_when_the_link_named_no_page(client):
    form = client.get(CONTACT, headers={"referer": "http://testserver/formulare/meine-antraege/"}).content.decode()

    assert 'name="page" value="/formulare/meine-antraege/"' in form


def test_a_refused_form_keeps_what_was_typed_and_lists_the_errors_at_the_top(client):
    response = client.post(CONTACT, question(topic="", email="kaputt", business_number="12"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ihre Anfrage wurde noch nicht gesendet. Bitte prüfen Sie:" in html
    assert '<a href="#id_topic">Thema: Bitte wählen Sie ein Thema.</a>' in html
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in html
    assert "Eine Betriebsnummer besteht aus 5 bis 10 Ziffern" in html
    assert "Die PIN-Mail ist nicht angekommen." in html
    assert not ContactRequest.objects.exists()


def test_a_robot_filling_the_hidden_field_gets_the_same_redirect_and_leaves_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = ask(client, django_capture_on_commit_callbacks, website="https://spam.example")

    assert response.status_code == 302 and response["Location"] == DONE
    assert not ContactRequest.objects.exists()
    assert mailoutbox == []


def test_too_many_requests_from_one_client_are_refused_with_a_clear_message(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    for number in range(5):
        assert ask(client, django_capture_on_commit_callbacks, email=f"p{number}@example.de").status_code == 302

    response = ask(client, django_capture_on_commit_callbacks, message="Noch eine Frage, bitte nicht verlieren.")

    html = response.content.decode()
    assert response.status_code == 429
    assert "Sie haben in kurzer Zeit mehrere Anfragen gesendet" in html
    assert "Noch eine Frage, bitte nicht verlieren." in html  # nothing typed is lost
    assert ContactRequest.objects.count() == 5
    assert len(mailoutbox) == 5


def test_the_account_limit_holds_across_clients(user_factory, django_capture_on_commit_callbacks):
    user = user_factory()
    for number in range(6):
        client = Client(REMOTE_ADDR=f"10.0.0.{number + 1}")
        client.force_login(user)
        response = ask(client, django_capture_on_commit_callbacks, email=user.email)
        assert response.status_code == (302 if number < 5 else 429)

    assert ContactRequest.objects.count() == 5


def test_a_stranger_cannot_flood_someone_elses_mailbox_with_confirmations(
    mailoutbox, django_capture_on_commit_callbacks
):
    for number in range(5):
        client = Client(REMOTE_ADDR=f"10.0.1.{number + 1}")
        assert ask(client, django_capture_on_commit_callbacks, email="opfer@example.de").status_code == 302

    # All five questions reach the desk; the address got three confirmations.
    assert ContactRequest.objects.count() == 5
    assert len([mail for mail in mailoutbox if mail.to == ["opfer@example.de"]]) == 3


def test_the_service_desk_is_told_when_an_address_is_configured(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.HELP_DESK_EMAIL = "service@hwk-musterstadt.de"

    ask(client, django_capture_on_commit_callbacks)

    contact_request = ContactRequest.objects.get()
    notice = next(mail for mail in mailoutbox if mail.to == ["service@hwk-musterstadt.de"])
    assert contact_request.reference in notice.subject
    assert f"/admin/help/contactrequest/{contact_request.pk}/change/" in notice.body


def test_the_confirmation_shows_only_the_reference_this_browser_just_got(client, django_capture_on_commit_callbacks):
    other = ContactRequestFactory()
    assert client.get(DONE)["Location"] == CONTACT  # nothing asked yet: back to the form

    ask(client, django_capture_on_commit_callbacks)
    mine = ContactRequest.objects.exclude(pk=other.pk).get()

    page = client.get(DONE).content.decode()
    assert mine.reference in page
    assert other.reference not in page
    assert Client().get(DONE)["Location"] == CONTACT


def test_contact_requests_are_read_by_staff_only(client, user_factory):
    contact_request = ContactRequestFactory()
    change_url = reverse("admin:help_contactrequest_change", args=[contact_request.pk])
    list_url = reverse("admin:help_contactrequest_changelist")

    for who in (None, user_factory()):
        visitor = Client()
        if who is not None:
            visitor.force_login(who)
        for url in (change_url, list_url):
            response = visitor.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
            assert contact_request.message not in response.content.decode()
