""" "Meine Daten herunterladen" (Art. 15/20 GDPR): a ZIP built by a Celery task, downloadable once."""

import io
import json
import time
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.data_export import data_export_request, data_exports_sweep
from accounts.models import DataExport
from businesses.models import AuditEvent
from notifications.services import email_enqueue
from portal.files import private_storage

from .helpers import link_in, text
from .privacy_world import PDF, person_with_data

pytestmark = pytest.mark.django_db

MY_DATA_URL = reverse("accounts:my_data")


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


def download(client, export_or_link) -> bytes:
    url = (
        export_or_link
        if isinstance(export_or_link, str)
        else reverse("accounts:data_export_download", args=[export_or_link.pk])
    )
    response = client.post(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="datenexport-')
    return b"".join(response.streaming_content)


def test_the_zip_holds_the_persons_data_and_nobody_elses(
    client, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    anna = person_with_data(user_factory, tag="anna")
    bernd = person_with_data(user_factory, tag="bernd", course=anna.own_booking.course)
    email_enqueue(to=[anna.user.email], subject="Ihre Buchung (anna)", body_text="Guten Tag")
    email_enqueue(to=[bernd.user.email], subject="Ihre Buchung (bernd)", body_text="Guten Tag")
    client.force_login(anna.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:data_export_request"), follow=True)
    assert "Wir stellen Ihre Daten zusammen" in text(response)

    [mail] = [m for m in mailoutbox if m.to == [anna.user.email]]
    assert mail.subject.startswith("Ihr Datenexport ist fertig")
    link = link_in(mail.body)
    assert link == reverse("accounts:data_export_download", args=[DataExport.objects.get().pk])
    page = client.get(link)
    assert "ZIP-Datei herunterladen" in text(page)

    archive = zipfile.ZipFile(io.BytesIO(download(client, link)))
    names = sorted(archive.namelist())
    assert names == [
        "daten.json",
        f"files/forms_catalog/F-2026-anna-1/{anna.upload.pk}-meisterbrief-anna.pdf",
        "uebersicht.html",
    ]
    assert archive.read(names[1]) == PDF + b"anna"

    data = json.loads(archive.read("daten.json"))
    sections = data["sections"]
    assert list(sections) == [
        "accounts",
        "businesses",
        "courses",
        "forms_catalog",
        "contracts",
        "documents",
        "jobboard",
        "notifications",
    ]
    assert sections["accounts"]["data"]["account"]["email"] == "anna@example.de"
    assert [m["business"] for m in sections["businesses"]["data"]["memberships"]] == ["Betrieb anna GmbH"]
    events = sections["businesses"]["data"]["audit_events"]
    assert ("Verknüpfung aktiviert", "businesses.membership.activated") in [(e["action"], e["code"]) for e in events]
    bookings = sections["courses"]["data"]["bookings"]
    assert sorted(b["participant_name"] for b in bookings) == ["Anna Nachnameanna", "Geselle anna"]
    assert "Anna Nachnameanna, Hauptstraße 1, 12345 Musterstadt" in [b["billing_address"] for b in bookings]
    submissions = sections["forms_catalog"]["data"]["submissions"]
    assert [s["reference"] for s in submissions] == ["F-2026-anna-1", "F-2026-anna-2"]
    assert {"question": "Anliegen", "answer": "Anliegen von anna"} in submissions[0]["answers"]
    assert [m["subject"] for m in sections["notifications"]["data"]["mails"]] == ["Ihre Buchung (anna)"]
    sent = sections["documents"]["data"]["documents_sent"]
    assert [(d["subject"], d["files"]) for d in sent] == [("Unterlagen anna", ["vertrag-anna.pdf"])]

    summary = archive.read("uebersicht.html").decode()
    assert "Ihre Daten im Kundenportal" in summary
    assert "Kursbuchungen" in summary and "Kurs für anna" in summary
    assert "Anliegen von anna" in summary

    # Nothing of the other person, who shares a course with her.
    everything = b"".join(archive.read(name) for name in names)
    for foreign in (bernd.user.email, "Nachnamebernd", "Geselle bernd", "F-2026-bernd", "Betrieb bernd", b"bernd"):
        assert (foreign if isinstance(foreign, bytes) else foreign.encode()) not in everything
    # Secrets stay out: no password hash.
    assert anna.user.password.encode() not in everything


def test_the_download_works_once_and_only_for_its_owner(client, user, user_factory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=user)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY

    client.force_login(user_factory())
    assert client.get(reverse("accounts:data_export_download", args=[export.pk])).status_code == 404
    assert client.post(reverse("accounts:data_export_download", args=[export.pk])).status_code == 404

    client.force_login(user)
    download(client, export)
    again = client.post(reverse("accounts:data_export_download", args=[export.pk]), follow=True)
    assert "bereits heruntergeladen" in text(again)
    assert AuditEvent.objects.filter(action="accounts.export.downloaded", target_user=user).count() == 1


def test_the_link_needs_a_login(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=user)
    url = reverse("accounts:data_export_download", args=[export.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_the_sweep_removes_downloaded_and_expired_files(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = data_export_request(user=user)
    first.refresh_from_db()
    name = first.file.name
    client.force_login(user)
    download(client, first)
    assert private_storage().exists(name)

    # Right after the download the file stays (the download may still be running) ...
    assert data_exports_sweep()["removed"] == 0
    # ... an hour later it is gone.
    assert data_exports_sweep(now=timezone.now() + timedelta(hours=2))["removed"] == 1
    assert not private_storage().exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        unused = data_export_request(user=user)
    unused.refresh_from_db()
    name = unused.file.name
    assert data_exports_sweep(now=timezone.now() + timedelta(days=6))["removed"] == 0
    assert data_exports_sweep(now=timezone.now() + timedelta(days=8))["removed"] == 1
    unused.refresh_from_db()
    assert unused.status == DataExport.Status.EXPIRED and not unused.file
    assert not private_storage().exists(name)


def test_a_new_request_replaces_an_export_not_yet_downloaded(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = data_export_request(user=user)
    first.refresh_from_db()
    name = first.file.name

    with django_capture_on_commit_callbacks(execute=True):
        data_export_request(user=user)

    first.refresh_from_db()
    assert first.status == DataExport.Status.EXPIRED and not first.file
    assert not private_storage().exists(name)


def test_requests_are_limited(client, user):
    client.force_login(user)
    client.post(reverse("accounts:data_export_request"))  # pending: on_commit never ran here

    second = client.post(reverse("accounts:data_export_request"), follow=True)

    assert "wird gerade erstellt" in text(second)
    assert DataExport.objects.filter(user=user).count() == 1
    DataExport.objects.update(status=DataExport.Status.DOWNLOADED)
    client.post(reverse("accounts:data_export_request"))
    DataExport.objects.update(status=DataExport.Status.DOWNLOADED)
    client.post(reverse("accounts:data_export_request"))
    DataExport.objects.update(status=DataExport.Status.DOWNLOADED)
    fourth = client.post(reverse("accounts:data_export_request"), follow=True)
    assert "heute schon 3-mal" in text(fourth)
    assert DataExport.objects.filter(user=user).count() == 3


def test_a_lost_task_is_made_up_by_the_sweep(user):
    export = DataExport.objects.create(user=user, requested_at=timezone.now() - timedelta(minutes=10))

    assert data_exports_sweep()["built"] == 1

    export.refresh_from_db()
    assert export.status == DataExport.Status.READY and export.file


@pytest.mark.django_db(transaction=True)
def test_the_export_is_built_by_the_celery_worker(celery_worker, client, user_factory, settings, tmp_path):
    user = user_factory()
    client.force_login(user)

    client.post(reverse("accounts:data_export_request"))

    export = DataExport.objects.get(user=user)
    deadline = time.monotonic() + 20
    while export.status == DataExport.Status.PENDING and time.monotonic() < deadline:
        time.sleep(0.1)
        export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert zipfile.ZipFile(private_storage().open(export.file.name)).namelist() == ["uebersicht.html", "daten.json"]
