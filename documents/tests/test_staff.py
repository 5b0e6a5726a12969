"""The chamber's side in the admin: inbox by department (unread first), sending and replying with a mail
that leaks nothing, done, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from businesses.models import AuditEvent, Membership
from businesses.tests.factories import MembershipFactory
from conftest import staff_login
from documents.models import Document, DocumentReceipt

from . import samples
from .factories import DepartmentFactory, DocumentFactory, DocumentFileFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:documents_document_changelist")
SEND = reverse("admin:documents_document_send")


@pytest.fixture
def staff_client(client, staff):
    """Staff with the Postfach's permissions only, logged in with a second factor as the admin demands."""
    staff_login(client, staff)
    return client


def _incoming(business, department, subject, minutes_ago, **extra):
    return DocumentFactory(
        business=business,
        department=department,
        subject=subject,
        direction=Document.Direction.TO_CHAMBER,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        **extra,
    )


def test_the_inbox_shows_documents_to_the_chamber_unread_first(staff_client, business, department):
    _incoming(business, department, "Alt und gelesen", 30, read_at=timezone.now())
    _incoming(business, department, "Älter ungelesen", 20)
    _incoming(business, department, "Neu gelesen", 1, read_at=timezone.now())
    _incoming(business, department, "Neu ungelesen", 5)
    DocumentFactory(business=business, department=department, subject="Von uns gesendet")

    response = staff_client.get(CHANGELIST)

    subjects = [document.subject for document in response.context["cl"].result_list]
    assert subjects == ["Neu ungelesen", "Älter ungelesen", "Neu gelesen", "Alt und gelesen"]
    sent = staff_client.get(CHANGELIST, {"box": "outbox"}).context["cl"].result_list
    assert [document.subject for document in sent] == ["Von uns gesendet"]


def test_the_inbox_by_department_with_unread_counts(staff_client, business, department):
    exams = DepartmentFactory(name="Prüfungswesen")
    _incoming(business, department, "Vertrag", 3)
    _incoming(business, exams, "Prüfung 1", 2)
    _incoming(business, exams, "Prüfung 2", 1)

    page = staff_client.get(CHANGELIST).content.decode()
    by_department = staff_client.get(CHANGELIST, {"department": exams.pk}).context["cl"].result_list

    assert "Prüfungswesen (2 ungelesen)" in page and "Lehrlingsrolle (1 ungelesen)" in page
    assert {document.subject for document in by_department} == {"Prüfung 1", "Prüfung 2"}


def test_opening_a_document_in_the_admin_marks_it_read_by_the_chamber(staff_client, staff, business, department):
    document = _incoming(business, department, "Antrag", 1)
    DocumentFileFactory(document=document, original_name="Antrag.pdf")

    page = staff_client.get(reverse("admin:documents_document_change", args=[document.pk])).content.decode()

    document.refresh_from_db()
    assert document.read_by == staff
    assert DocumentReceipt.objects.get().side == "chamber"
    assert "Antrag.pdf" in page and reverse("documents:file_download", args=[document.pk, document.files.get().pk]) in (
        page
    )
    assert reverse("admin:documents_document_reply", args=[document.pk]) in page


def test_staff_send_a_document_and_every_member_gets_a_mail_that_leaks_nothing(
    staff_client, staff, business, member, colleague, department, mailoutbox, django_capture_on_commit_callbacks
):
    MembershipFactory(business=business, status=Membership.Status.ENDED)  # removed: no mail
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            SEND,
            {
                "business": business.pk,
                "department": department.pk,
                "subject": "Prüfungsergebnis Lena Lehrling",
                "note": "Bestanden mit Note 2",
                "files": [SimpleUploadedFile("Zeugnis_Lena_Lehrling.pdf", samples.pdf_bytes())],
            },
        )

    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:documents_document_change", args=[document.pk])
    assert (document.direction, document.sent_by, document.business) == ("from_chamber", staff, business)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([member.email, colleague.email])
    for mail in mailoutbox:
        assert mail.subject == "Neues Dokument im Kundenportal"
        assert mail.attachments == []
        text = mail.subject + mail.body + "".join(str(part[0]) for part in mail.alternatives)
        assert "Lena" not in text and "Zeugnis" not in text and "Note" not in text and "Prüfung" not in text
        assert f"/postfach/{document.pk}/" in mail.body
    event = AuditEvent.objects.get(action="documents.document.sent")
    assert (event.actor, event.payload["direction"]) == (staff, "from_chamber")


def test_a_reply_goes_to_the_business_that_wrote_and_marks_its_document_done(
    staff_client, staff, business, member, department
):
    question = _incoming(business, department, "Frage zur Eintragung", 10)

    form = staff_client.get(reverse("admin:documents_document_reply", args=[question.pk])).content.decode()
    staff_client.post(
        reverse("admin:documents_document_reply", args=[question.pk]),
        {
            "department": department.pk,
            "subject": "AW: Frage zur Eintragung",
            "files": [SimpleUploadedFile("Antwort.pdf", samples.pdf_bytes())],
            "mark_done": "on",
        },
    )

    assert 'value="AW: Frage zur Eintragung"' in form
    reply = Document.objects.get(direction=Document.Direction.FROM_CHAMBER)
    question.refresh_from_db()
    assert (reply.business, reply.in_reply_to) == (business, question)
    assert question.done_by == staff and question.done_at is not None


def test_a_refused_file_in_the_admin_keeps_the_form(staff_client, business, department):
    response = staff_client.post(
        SEND,
        {
            "business": business.pk,
            "department": department.pk,
            "subject": "Bescheid",
            "files": [SimpleUploadedFile("Bescheid.pdf", samples.elf_bytes())],
        },
    )

    page = response.content.decode()
    assert response.status_code == 200 and "„Bescheid.pdf“" in page and 'value="Bescheid"' in page
    assert not Document.objects.exists()


def test_mark_done_and_not_done(staff_client, staff, business, department):
    document = _incoming(business, department, "Antrag", 1)
    url = reverse("admin:documents_document_done", args=[document.pk])

    staff_client.post(url)
    document.refresh_from_db()
    assert document.done_by == staff
    staff_client.post(url, {"reopen": "1"})
    document.refresh_from_db()
    assert document.done_at is None
    assert list(
        AuditEvent.objects.filter(action__startswith="documents.document.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["documents.document.done", "documents.document.reopened"]
    assert staff_client.get(url).status_code == 405


def test_csv_export_for_excel(staff_client, business, department):
    first = _incoming(business, department, '=HYPERLINK("http://x")', 2)
    DocumentFileFactory(document=first, original_name="Anlage.pdf")
    second = _incoming(business, department, "Zweites", 1)

    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [first.pk, second.pk], "box": "inbox"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Dokumentnummer", "Gesendet am", "Richtung", "Abteilung"]
    assert rows[1][6] == '\'=HYPERLINK("http://x")'  # no formula in a clerk's spreadsheet
    assert rows[1][9] == "Anlage.pdf" and rows[2][6] == "Zweites"


def test_staff_without_permissions_get_nothing(client, user_factory, business, department):
    document = _incoming(business, department, "Antrag", 1)
    staff_login(client, user_factory(is_staff=True))

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(SEND).status_code == 403
    assert client.post(reverse("admin:documents_document_done", args=[document.pk])).status_code == 403
