"""Staff in the admin: answering a contact request by e-mail, its status, the FAQ with its statistics."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import staff_login
from help.models import ContactReply, ContactRequest, FaqOpenDay, SearchMiss
from notifications.models import OutboundEmail

from .factories import ContactRequestFactory, FaqFactory

CHANGE = "admin:help_contactrequest_change"


def change_form(contact_request, **overrides) -> dict:
    data = {
        "status": contact_request.status,
        "staff_note": contact_request.staff_note,
        "reply": "",
        "replies-TOTAL_FORMS": "0",
        "replies-INITIAL_FORMS": "0",
        "replies-MIN_NUM_FORMS": "0",
        "replies-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_answer_reaches_the_person_by_mail_in_the_language_they_asked_in(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    contact_request = ContactRequestFactory(language="en", name="Pat Plane", email="pat@example.co.uk")
    url = reverse(CHANGE, args=[contact_request.pk])
    assert "Wo finde ich die Betriebsnummer?" in staff_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, change_form(contact_request, reply="It is printed on your Beitragsbescheid.\nRegards, the desk")
        )

    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["pat@example.co.uk"]
    assert mail.subject == f"Answer to your question {contact_request.reference}"
    assert mail.body.startswith("Hello Pat Plane,")
    assert "It is printed on your Beitragsbescheid.\nRegards, the desk" in mail.body
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.ANSWERED
    assert contact_request.answered_at is not None
    assert contact_request.status_changed_by == staff_client.staff_user
    reply = ContactReply.objects.get()
    assert (reply.sent_by, reply.sent_to) == (staff_client.staff_user, "pat@example.co.uk")
    # The page shows what was sent, by whom.
    page = staff_client.get(url).content.decode()
    assert "It is printed on your Beitragsbescheid." in page


@pytest.mark.django_db
def test_a_status_change_is_recorded_with_who_and_when_and_sends_nothing(staff_client, mailoutbox):
    contact_request = ContactRequestFactory()

    staff_client.post(
        reverse(CHANGE, args=[contact_request.pk]),
        change_form(contact_request, status="in_progress", staff_note="Rückruf vereinbart"),
    )

    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.IN_PROGRESS
    assert contact_request.staff_note == "Rückruf vereinbart"
    assert contact_request.status_changed_by == staff_client.staff_user
    assert contact_request.status_changed_at is not None
    assert mailoutbox == [] and not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_answer_and_close_at_once(staff_client, django_capture_on_commit_callbacks, mailoutbox):
    contact_request = ContactRequestFactory()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse(CHANGE, args=[contact_request.pk]),
            change_form(contact_request, status="closed", reply="Erledigt: Die PIN ist unterwegs."),
        )

    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.CLOSED
    assert mailoutbox[0].subject == f"Antwort auf Ihre Frage {contact_request.reference}"
    assert "Erledigt: Die PIN ist unterwegs." in mailoutbox[0].body


@pytest.mark.django_db
def test_the_admin_lists_requests_the_faq_with_opening_counts_and_fruitless_searches(staff_client):
    ContactRequestFactory(name="Petra Pinsel")
    faq = FaqFactory(question_de="Wo ist die Werkbank?")
    today = timezone.localdate()
    FaqOpenDay.objects.create(faq=faq, day=today, count=7)
    FaqOpenDay.objects.create(faq=faq, day=today - timedelta(days=40), count=5)
    SearchMiss.objects.create(query="ratenzahlung", count=9)

    requests_page = staff_client.get(reverse("admin:help_contactrequest_changelist")).content.decode()
    faq_page = staff_client.get(reverse("admin:help_faq_changelist")).content.decode()
    misses_page = staff_client.get(reverse("admin:help_searchmiss_changelist")).content.decode()

    assert "Petra Pinsel" in requests_page and "Kontaktanfragen" in requests_page
    assert "Wo ist die Werkbank?" in faq_page
    assert "Aufgerufen (letzte 30 Tage)" in faq_page
    assert '<td class="field-opened_recently">7</td>' in faq_page
    assert '<td class="field-opened_total">12</td>' in faq_page
    assert "ratenzahlung" in misses_page and "Suchen ohne Treffer" in misses_page
    assert staff_client.get(reverse("admin:help_faq_change", args=[faq.pk])).status_code == 200
    assert staff_client.get(reverse("admin:help_category_changelist")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_delivers_the_staff_answer(celery_worker, client, user_factory, mailoutbox):
    staff = user_factory(is_staff=True, is_superuser=True)
    staff_login(client, staff)
    contact_request = ContactRequestFactory(email="wartend@example.de")

    response = client.post(
        reverse(CHANGE, args=[contact_request.pk]), change_form(contact_request, reply="Hier ist unsere Antwort.")
    )

    assert response.status_code == 302
    deadline = time.monotonic() + 20
    while not mailoutbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [mail.to for mail in mailoutbox] == [["wartend@example.de"]], "the worker did not deliver the answer"
    assert "Hier ist unsere Antwort." in mailoutbox[0].body
