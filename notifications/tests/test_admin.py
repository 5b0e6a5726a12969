"""Staff look at the outbox in the admin and send mails again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import OutboundEmail
from notifications.services import email_enqueue

pytestmark = pytest.mark.django_db

OUTBOX_URL = "/admin/notifications/outboundemail/"


def mail(subject: str, status: str) -> OutboundEmail:
    row = email_enqueue(to=["kunde@example.de"], subject=subject, body_text="Hallo")
    OutboundEmail.objects.filter(pk=row.pk).update(status=status, attempts=8, last_error="SMTPServerDisconnected")
    return row


def test_outbox_list_filters_by_status(staff_client):
    mail("Zugestellt", OutboundEmail.Status.SENT)
    mail("Gescheitert", OutboundEmail.Status.FAILED)

    response = staff_client.get(OUTBOX_URL, {"status__exact": "failed"})

    assert response.status_code == 200
    assert [row.subject for row in response.context["cl"].result_list] == ["Gescheitert"]


def test_send_again_action_delivers_a_failed_mail(staff_client, mailoutbox, django_capture_on_commit_callbacks):
    failed = mail("Gescheitert", OutboundEmail.Status.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(OUTBOX_URL, {"action": "send_again", "_selected_action": [failed.pk]}, follow=True)

    assert "1 E-Mail in den Versand gegeben." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == OutboundEmail.Status.SENT
    assert failed.last_error == ""
    assert [m.subject for m in mailoutbox] == ["Gescheitert"]


def test_outbox_mail_can_be_read_but_not_edited(staff_client):
    row = mail("Zugestellt", OutboundEmail.Status.SENT)

    response = staff_client.get(f"{OUTBOX_URL}{row.pk}/change/")

    assert response.status_code == 200
    assert "kunde@example.de" in response.content.decode()
    assert 'name="subject"' not in response.content.decode()
    assert staff_client.get(f"{OUTBOX_URL}add/").status_code == 403


def test_send_again_leaves_out_mails_whose_secret_was_removed(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    plain = mail("Buchungsbestätigung", OutboundEmail.Status.FAILED)
    secret = mail("Ihre PIN", OutboundEmail.Status.SENT)
    OutboundEmail.objects.filter(pk=secret.pk).update(contains_secret=True, body_text="[entfernt]")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            OUTBOX_URL, {"action": "send_again", "_selected_action": [plain.pk, secret.pk]}, follow=True
        )

    assert [m.subject for m in mailoutbox] == ["Buchungsbestätigung"]
    page = response.content.decode()
    assert "1 E-Mail in den Versand gegeben." in page
    assert "PIN" in page
    secret.refresh_from_db()
    assert secret.status == OutboundEmail.Status.SENT


def test_outbox_list_needs_the_same_queries_for_few_and_many_mails(staff_client):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(OUTBOX_URL).status_code == 200
        return len(captured)

    mail("Erste", OutboundEmail.Status.SENT)
    few = queries_for_list()
    for number in range(40):
        mail(f"Mail {number}", OutboundEmail.Status.SENT)
    assert queries_for_list() == few


RESET_LINK = "https://kundenportal.example/accounts/password/reset/key/7x-c4h9-3f2e1d0c9b8a/"


def test_a_pending_mail_with_a_secret_never_shows_its_link(staff_client):
    row = email_enqueue(
        to=["kunde@example.de"],
        subject="Passwort zurücksetzen",
        body_text=f"Bitte öffnen Sie {RESET_LINK}",
        body_html=f'<p><a href="{RESET_LINK}">Passwort festlegen</a></p>',
        contains_secret=True,
    )
    assert row.status == OutboundEmail.Status.PENDING

    change_page = staff_client.get(f"{OUTBOX_URL}{row.pk}/change/").content.decode()
    list_page = staff_client.get(OUTBOX_URL).content.decode()
    search_page = staff_client.get(OUTBOX_URL, {"q": "reset"}).content.decode()

    for page in (change_page, list_page, search_page):
        assert "7x-c4h9-3f2e1d0c9b8a" not in page
    assert "Passwort zurücksetzen" in list_page
    assert "Nicht angezeigt: Diese E-Mail enthält eine PIN oder einen persönlichen Link." in change_page


def test_a_mail_without_a_secret_stays_readable_for_staff(staff_client):
    row = email_enqueue(
        to=["kunde@example.de"],
        subject="Buchungsbestätigung",
        body_text="Ihre Buchung für Schweißen kompakt\nist bestätigt: https://kundenportal.example/kurse/7/",
        body_html="<p>Ihre Buchung für <b>Schweißen kompakt</b> ist bestätigt.</p>",
    )

    page = staff_client.get(f"{OUTBOX_URL}{row.pk}/change/").content.decode()

    assert "Ihre Buchung für Schweißen kompakt<br>ist bestätigt: https://kundenportal.example/kurse/7/" in page
    # The HTML part is shown as its source text, never rendered into the admin page.
    assert "&lt;b&gt;Schweißen kompakt&lt;/b&gt;" in page
