"""A business member sends documents to the chamber: what is accepted, what is refused, what is stored."""

import hashlib
import json
import os

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from businesses.models import AuditEvent
from businesses.tests.factories import BusinessFactory, MembershipFactory
from documents import services
from documents.models import Document, DocumentFile
from forms_catalog.tests.factories import SubmissionFactory
from notifications.models import OutboundEmail
from portal.files import private_storage

from . import samples

pytestmark = pytest.mark.django_db

CREATE = reverse("documents:create")


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _post(client, department, *files, subject="Unterlagen Gesellenprüfung", note="Bitte prüfen.", xhr=False, **extra):
    data = {"department": department.pk, "subject": subject, "note": note, "files": list(files), **extra}
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if xhr else {}
    return client.post(CREATE, data, **headers)


def _stored_names() -> list[str]:
    storage = private_storage()
    from portal.files import _storage_list

    return sorted(name for name, _modified in _storage_list(storage, "documents"))


def test_a_member_sends_several_files_at_once(client, member, department, storage_backend):
    client.force_login(member)
    spreadsheet = samples.ooxml_bytes("xlsx")

    response = _post(
        client,
        department,
        _file("Anmeldung.pdf", samples.pdf_bytes()),
        _file("Foto Gesellenstück.jpg", samples.jpeg_bytes()),
        _file("Kalkulation.xlsx", spreadsheet),
    )

    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert (document.direction, document.department, document.business) == (
        Document.Direction.TO_CHAMBER,
        department,
        member.business_memberships.get().business,
    )
    assert (document.subject, document.note, document.sent_by, document.file_count) == (
        "Unterlagen Gesellenprüfung",
        "Bitte prüfen.",
        member,
        3,
    )
    files = list(document.files.order_by("pk"))
    assert [(f.original_name, f.kind) for f in files] == [
        ("Anmeldung.pdf", "pdf"),
        ("Foto Gesellenstück.jpg", "jpeg"),
        ("Kalkulation.xlsx", "xlsx"),
    ]
    assert files[0].sha256 == hashlib.sha256(samples.pdf_bytes()).hexdigest()
    assert files[0].size == len(samples.pdf_bytes()) and files[0].uploaded_by == member
    # Stored under random names with the detected extension, nothing of the original name.
    assert _stored_names() == sorted(f.file.name for f in files)
    assert all(f.file.name.startswith("documents/") and "Anmeldung" not in f.file.name for f in files)
    with files[2].file.open("rb") as handle:
        assert handle.read() == spreadsheet
    event = AuditEvent.objects.get(action="documents.document.sent")
    assert (event.actor, event.business_id, event.payload["files"]) == (member, document.business_id, 3)


def test_a_large_file_is_stored_intact(client, member, department, storage_backend, settings):
    """Above FILE_UPLOAD_MAX_MEMORY_SIZE Django spools an upload to a temporary file; it is stored from there."""
    content = samples.pdf_bytes()[:-6] + os.urandom(3 * 1024 * 1024) + b"\n%%EOF\n"
    client.force_login(member)

    _post(client, department, _file("Scan.pdf", content))

    stored = DocumentFile.objects.get()
    assert stored.size == len(content) and stored.sha256 == hashlib.sha256(content).hexdigest()
    with stored.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == stored.sha256


def test_the_progress_bar_gets_json_back(client, member, department):
    client.force_login(member)

    sent = _post(client, department, _file("a.pdf", samples.pdf_bytes()), xhr=True)
    refused = _post(client, department, _file("a.pdf", samples.elf_bytes()), subject="", xhr=True)

    assert sent.status_code == 200
    assert json.loads(sent.content) == {"redirect": Document.objects.get().get_absolute_url()}
    assert refused.status_code == 400
    errors = json.loads(refused.content)["errors"]
    assert any(error.startswith("Betreff:") for error in errors)
    assert any("„a.pdf“" in error for error in errors)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("Rechnung.pdf", samples.elf_bytes(), "hat keinen hier angenommenen Dateityp"),
        ("Bild.png", samples.html_bytes(), "hat keinen hier angenommenen Dateityp"),
        ("leer.pdf", b"", "ist leer"),
        ("Vertrag.docx", samples.zip_bomb_docx(40), "entpackt zu viele Daten"),
        ("Makro.docx", samples.ooxml_bytes("docm"), "enthält Makros"),
        ("Alt.doc", samples.ole2_bytes(), "älteren Office-Format"),
    ],
    ids=["ELF named .pdf", "HTML named .png", "zero bytes", "zip bomb", "macros", "legacy .doc"],
)
def test_a_refused_file_stores_nothing_and_keeps_subject_and_note(
    client, member, department, storage_backend, name, content, message
):
    client.force_login(member)

    response = _post(
        client,
        department,
        _file("gut.pdf", samples.pdf_bytes()),
        _file(name, content),
        subject="Nachweise Meisterprüfung",
        note="Zweiter Versuch",
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and f"„{name}“" in page
    assert 'value="Nachweise Meisterprüfung"' in page and "Zweiter Versuch</textarea>" in page
    assert "Bitte wählen Sie Ihre Dateien erneut aus" in page
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert _stored_names() == []


def test_a_pdf_named_exe_is_accepted_and_downloads_as_pdf(client, member, department):
    client.force_login(member)

    _post(client, department, _file("rechnung.exe", samples.pdf_bytes()))
    stored = DocumentFile.objects.get()
    response = client.get(stored.get_absolute_url())

    assert stored.kind == "pdf" and stored.file.name.endswith(".pdf")
    assert response["Content-Disposition"] == 'attachment; filename="rechnung.pdf"'


def test_oversized_files_and_messages_are_refused(client, member, department, settings):
    settings.DOCUMENTS_MAX_FILE_BYTES = 2000
    settings.DOCUMENTS_MAX_MESSAGE_BYTES = 3000
    settings.DOCUMENTS_MAX_FILES = 2
    client.force_login(member)
    pdf = samples.pdf_bytes() + b" " * (1500 - len(samples.pdf_bytes()))

    too_large = _post(client, department, _file("gross.pdf", pdf + b" " * 1000))
    too_much = _post(client, department, _file("a.pdf", pdf), _file("b.pdf", pdf), _file("c.pdf", pdf))

    assert "Die Datei „gross.pdf“ ist zu groß (2,4\xa0KB). Dateien dürfen höchstens 2,0\xa0KB groß sein." in (
        too_large.content.decode()
    )
    page = too_much.content.decode()
    assert "Sie haben 3 Dateien ausgewählt; ein Dokument darf höchstens 2 haben." in page
    assert "Die Dateien sind zusammen zu groß (4,4\xa0KB)." in page
    assert not Document.objects.exists()


def test_no_file_and_no_subject_are_refused(client, member, department):
    client.force_login(member)

    page = _post(client, department, subject=" ").content.decode()

    assert "Bitte wählen Sie mindestens eine Datei aus." in page
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Meister\\Zeugnis.pdf", "Zeugnis.pdf"),
        ("..\\..\\Windows\\boot.ini.pdf", "boot.ini.pdf"),
        ("...pdf", "...pdf"),
    ],
)
def test_path_tricks_in_names_leave_only_the_name(client, member, department, typed, kept, storage_backend):
    client.force_login(member)

    _post(client, department, _file(typed, samples.pdf_bytes()))

    stored = DocumentFile.objects.get()
    assert stored.original_name == kept
    assert stored.file.name.startswith("documents/") and ".." not in stored.file.name
    assert _stored_names() == [stored.file.name]


def test_a_failure_after_the_first_file_deletes_what_was_written(
    client, member, department, storage_backend, monkeypatch
):
    """The second file cannot be stored (the object store fails): the first, already written, goes again and
    no row is left — the person gets an error and can send again."""
    backend = type(storages["private"])
    original = backend._save
    calls = []

    def failing_save(self, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("storage unavailable")
        return original(self, name, content)

    monkeypatch.setattr(backend, "_save", failing_save)
    client.force_login(member)

    response = _post(
        client, department, _file("a.pdf", samples.pdf_bytes()), _file("b.png", samples.png_bytes()), note="Hallo"
    )

    assert len(calls) == 2
    page = response.content.decode()
    assert "Ihre Dateien konnten gerade nicht gespeichert werden. Es wurde nichts gesendet" in page
    assert "Hallo</textarea>" in page
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert not AuditEvent.objects.filter(action="documents.document.sent").exists()
    assert _stored_names() == []


def test_a_business_can_answer_what_the_chamber_sent(client, member, department):
    from .factories import DocumentFactory

    business = member.business_memberships.get().business
    received = DocumentFactory(business=business, department=department, subject="Anforderung Zeugnis")
    client.force_login(member)

    form = client.get(reverse("documents:reply", args=[received.pk])).content.decode()
    response = client.post(
        reverse("documents:reply", args=[received.pk]),
        {
            "department": department.pk,
            "subject": "AW: Anforderung Zeugnis",
            "files": [_file("z.pdf", samples.pdf_bytes())],
        },
    )

    assert 'value="AW: Anforderung Zeugnis"' in form
    reply = Document.objects.get(direction=Document.Direction.TO_CHAMBER)
    assert response["Location"] == reply.get_absolute_url()
    assert (reply.in_reply_to, reply.business) == (received, business)


def test_own_documents_cannot_be_answered(client, member, department):
    from .factories import DocumentFactory

    own = DocumentFactory(business=member.business_memberships.get().business, direction=Document.Direction.TO_CHAMBER)
    client.force_login(member)

    assert client.get(reverse("documents:reply", args=[own.pk])).status_code == 404


def test_a_member_of_several_businesses_chooses_one_of_them(client, member, department):
    other = MembershipFactory(user=member, business=BusinessFactory(name="Filiale Nord")).business
    stranger = BusinessFactory(name="Fremder Betrieb")
    client.force_login(member)

    refused = _post(client, department, _file("a.pdf", samples.pdf_bytes()), business=stranger.pk)
    _post(client, department, _file("a.pdf", samples.pdf_bytes()), business=other.pk)

    assert refused.status_code == 200 and "Bitte eine gültige Auswahl treffen." in refused.content.decode()
    assert list(Document.objects.values_list("business", flat=True)) == [other.pk]


def test_a_department_mailbox_gets_a_notice_without_content(client, member, department):
    department.email = "lehrlingsrolle@hwk-musterstadt.de"
    department.save()
    client.force_login(member)

    _post(client, department, _file("Ausbildungsvertrag Müller.pdf", samples.pdf_bytes()), subject="Vertrag Müller")

    mail = OutboundEmail.objects.get(to="lehrlingsrolle@hwk-musterstadt.de")
    document = Document.objects.get()
    assert "Lehrlingsrolle" in mail.subject
    assert f"/admin/documents/document/{document.pk}/change/" in mail.body_text
    assert "Müller" not in mail.subject + mail.body_text + mail.body_html


def test_an_online_application_of_the_business_can_be_referenced(client, member, department):
    business = member.business_memberships.get().business
    own = SubmissionFactory(user=member, business=business)
    foreign = SubmissionFactory(business=BusinessFactory())
    client.force_login(member)

    refused = _post(client, department, _file("a.pdf", samples.pdf_bytes()), reference=foreign.reference)
    _post(client, department, _file("a.pdf", samples.pdf_bytes()), reference=own.reference.lower())

    assert (
        "Kein Online-Antrag und kein Lehrvertrag dieses Betriebs hat diese Vorgangsnummer." in refused.content.decode()
    )
    assert Document.objects.get().submission == own


def test_an_apprenticeship_contract_of_the_business_can_be_referenced(client, member, department):
    from contracts.tests.factories import ContractFactory

    business = member.business_memberships.get().business
    own = ContractFactory(business=business)
    foreign = ContractFactory(business=BusinessFactory())
    client.force_login(member)

    refused = _post(client, department, _file("a.pdf", samples.pdf_bytes()), reference=foreign.reference)
    _post(client, department, _file("a.pdf", samples.pdf_bytes()), reference=own.reference.lower())

    assert "Kein Online-Antrag und kein Lehrvertrag dieses Betriebs" in refused.content.decode()
    document = Document.objects.get()
    assert (document.contract, document.submission) == (own, None)
    page = client.get(document.get_absolute_url()).content.decode()
    assert own.reference in page and own.get_absolute_url() in page


def test_sending_is_limited_per_person(client, member, department, monkeypatch):
    monkeypatch.setattr(services, "DOCUMENTS_PER_HOUR", 2)
    client.force_login(member)

    for _attempt in range(2):
        _post(client, department, _file("a.pdf", samples.pdf_bytes()))
    third = _post(client, department, _file("a.pdf", samples.pdf_bytes()))

    assert "Sie haben in kurzer Zeit viele Dokumente gesendet." in third.content.decode()
    assert Document.objects.count() == 2
    assert DocumentFile.objects.count() == 2
