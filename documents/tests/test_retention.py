"""Retention and storage hygiene: old documents go with their files, a deleted row takes its file after the
commit, and a nightly check reports files without a row."""

import logging
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from businesses.models import AuditEvent
from conftest import staff_login
from documents import services
from documents.models import Document, DocumentFile, RetentionPolicy
from documents.tasks import delete_expired_documents_task
from portal.files import private_storage

from .factories import DocumentFactory, DocumentFileFactory

pytestmark = pytest.mark.django_db


def _aged(business, department, days: int, **extra) -> DocumentFile:
    document = DocumentFactory(
        business=business, department=department, created_at=timezone.now() - timedelta(days=days), **extra
    )
    return DocumentFileFactory(document=document)


def test_documents_older_than_the_period_go_with_their_files(
    business, department, storage_backend, django_capture_on_commit_callbacks, settings
):
    settings.DOCUMENTS_RETENTION_DAYS = 365
    old = _aged(business, department, 400)
    young = _aged(business, department, 100)
    storage = private_storage()

    with django_capture_on_commit_callbacks(execute=True):
        deleted = services.documents_delete_expired()

    assert deleted == 1
    assert list(Document.objects.values_list("pk", flat=True)) == [young.document_id]
    assert not storage.exists(old.file.name) and storage.exists(young.file.name)
    event = AuditEvent.objects.get(action="documents.document.deleted")
    assert event.business == business and event.payload["reason"] == "retention:365"
    assert event.payload["document"] == old.document_id


def test_staff_set_the_period_in_the_admin(client, staff, business, department, django_capture_on_commit_callbacks):
    staff.is_superuser = True
    staff.save()
    staff_login(client, staff)
    response = client.post(reverse("admin:documents_retentionpolicy_add"), {"days": "60"})
    assert response.status_code == 302
    assert RetentionPolicy.current_days() == 60
    assert client.post(reverse("admin:documents_retentionpolicy_add"), {"days": "90"}).status_code == 403
    too_short = client.post(
        reverse("admin:documents_retentionpolicy_change", args=[RetentionPolicy.objects.get().pk]), {"days": "7"}
    )
    assert "größer oder gleich 30" in too_short.content.decode()
    _aged(business, department, 61)
    _aged(business, department, 59)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.documents_delete_expired() == 1
    assert AuditEvent.objects.filter(action="documents.retention.changed", actor=staff).exists()


def test_a_deleted_row_deletes_its_file_only_after_the_commit(business, department, storage_backend):
    stored = _aged(business, department, 1)
    storage = private_storage()

    with pytest.raises(RuntimeError), transaction.atomic():
        stored.document.delete()
        raise RuntimeError("something later in the same transaction fails")
    assert storage.exists(stored.file.name)  # rolled back: row and file both still there
    assert DocumentFile.objects.filter(pk=stored.pk).exists()


def test_the_file_goes_when_the_deletion_commits(business, department, django_capture_on_commit_callbacks):
    stored = _aged(business, department, 1)
    storage = private_storage()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.document_delete(document=stored.document, reason="test")
    assert storage.exists(stored.file.name)  # not before the commit
    for callback in callbacks:
        callback()
    assert not storage.exists(stored.file.name)


def test_the_storage_check_reports_files_without_a_row_and_rows_without_a_file(
    business, department, storage_backend, caplog
):
    kept = _aged(business, department, 1)
    gone = _aged(business, department, 1)
    storage = private_storage()
    storage.delete(gone.file.name)
    stray = storage.save("documents/ab/0123456789abcdef/verwaist.pdf", ContentFile(b"%PDF-1.4 stray"))

    with caplog.at_level(logging.WARNING, logger="documents.services"):
        check = services.storage_check_run(older_than=timedelta(0))

    assert (check.files_checked, check.stray_count, check.missing_count) == (2, 1, 1)
    assert check.strays == [stray] and check.missing == [gone.file.name]
    assert not check.is_clean
    assert "1 files without a row, 1 rows without a file" in caplog.text
    assert kept.file.name not in check.strays


def test_a_file_just_written_is_not_reported(business, department, storage_backend):
    private_storage().save("documents/cd/0123456789abcdef/gerade.pdf", ContentFile(b"%PDF-1.4"))

    check = services.storage_check_run()

    assert check.stray_count == 0 and check.is_clean


def test_staff_see_the_results_and_can_start_a_check(client, staff, business, department):
    staff.is_superuser = True
    staff.save()
    services.storage_check_run()
    staff_login(client, staff)

    page = client.get(reverse("admin:documents_storagecheck_changelist")).content.decode()
    with_check = client.post(reverse("admin:documents_storagecheck_run"), follow=True)

    assert "Jetzt prüfen" in page and "Speicherprüfung" in page
    assert "Die Prüfung wurde gestartet" in with_check.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_runs_in_the_worker(celery_worker, business, department, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "worker"
    settings.DOCUMENTS_RETENTION_DAYS = 30
    old = _aged(business, department, 31)

    delete_expired_documents_task.delay()

    deadline = time.monotonic() + 15
    while Document.objects.filter(pk=old.document_id).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Document.objects.filter(pk=old.document_id).exists()
    assert not private_storage().exists(old.file.name)
