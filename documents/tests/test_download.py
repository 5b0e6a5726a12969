"""Files leave the portal only through the authorising view: members of the business and staff, audited,
streamed from the directory and from the object store alike."""

import gc
import hashlib
import os
import tracemalloc

import pytest
from django.urls import reverse

from businesses.models import AuditEvent, Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from conftest import staff_login
from documents.models import Document, DocumentReceipt

from . import samples
from .factories import DocumentFactory, DocumentFileFactory

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_member_downloads_a_file_of_the_business(client, business, member, department, storage_backend):
    document = DocumentFactory(business=business, department=department)
    stored = DocumentFileFactory(document=document, original_name="Zulassung Prüfung.exe")
    client.force_login(member)

    response = client.get(stored.get_absolute_url())

    assert response.status_code == 200
    assert _body(response) == samples.pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Zulassung%20Pr%C3%BCfung.pdf" in response["Content-Disposition"]  # the detected extension
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert int(response["Content-Length"]) == len(samples.pdf_bytes())
    event = AuditEvent.objects.get(action="documents.file.downloaded")
    assert (event.actor, event.business, event.payload["file"], event.payload["side"]) == (
        member,
        business,
        stored.pk,
        "business",
    )
    receipt = DocumentReceipt.objects.get(event="downloaded")
    assert (receipt.user, receipt.file, receipt.side) == (member, stored, "business")
    document.refresh_from_db()
    assert document.read_by == member and document.read_at is not None


def test_staff_download_through_the_same_view_audited(client, business, staff, department):
    document = DocumentFactory(business=business, department=department, direction=Document.Direction.TO_CHAMBER)
    stored = DocumentFileFactory(document=document)
    staff_login(client, staff)  # staff open customers' files only with a second factor, as the admin

    response = client.get(stored.get_absolute_url())

    assert response.status_code == 200 and _body(response) == samples.pdf_bytes()
    event = AuditEvent.objects.get(action="documents.file.downloaded")
    assert (event.actor, event.payload["side"]) == (staff, "chamber")
    document.refresh_from_db()
    assert document.read_by == staff  # a download by staff counts as read by the chamber


def test_staff_without_the_permission_or_the_second_factor_and_customers_get_404(
    client, business, staff, department, user_factory
):
    stored = DocumentFileFactory(document=DocumentFactory(business=business, department=department))
    staff_login(client, user_factory(is_staff=True))
    assert client.get(stored.get_absolute_url()).status_code == 404
    client.force_login(user_factory())
    assert client.get(stored.get_absolute_url()).status_code == 404
    client.force_login(staff)  # the permission, but no second factor
    assert client.get(stored.get_absolute_url()).status_code == 404
    assert not AuditEvent.objects.filter(action="documents.file.downloaded").exists()


def test_another_business_and_a_removed_member_get_404(client, business, member, department):
    stored = DocumentFileFactory(document=DocumentFactory(business=business, department=department))
    stranger = MembershipFactory(business=BusinessFactory(), role=Membership.Role.ADMIN).user
    client.force_login(stranger)
    assert client.get(stored.get_absolute_url()).status_code == 404

    Membership.objects.filter(user=member).update(status=Membership.Status.ENDED)
    client.force_login(member)
    assert client.get(stored.get_absolute_url()).status_code == 404
    # The id of a file of another document of the same business does not open it either.
    other = DocumentFileFactory(document=DocumentFactory(business=business, department=department))
    Membership.objects.filter(user=member).update(status=Membership.Status.ACTIVE)
    assert client.get(reverse("documents:file_download", args=[stored.document_id, other.pk])).status_code == 404


def test_a_file_missing_in_storage_is_a_404_not_an_error(client, business, member, department, storage_backend):
    stored = DocumentFileFactory(document=DocumentFactory(business=business, department=department))
    stored.file.storage.delete(stored.file.name)
    client.force_login(member)

    assert client.get(stored.get_absolute_url()).status_code == 404


def test_a_10_mb_download_streams_without_holding_the_file(client, business, member, department, storage_backend):
    """The file passes through in chunks: the process allocates a small fraction of it while sending it."""
    content = samples.pdf_bytes()[:-6] + os.urandom(10 * 1024 * 1024) + b"\n%%EOF\n"
    stored = DocumentFileFactory(
        document=DocumentFactory(business=business, department=department), content=content, original_name="x.pdf"
    )
    client.force_login(member)
    response = client.get(stored.get_absolute_url())
    assert response.streaming

    digest, received = hashlib.sha256(), 0
    gc.collect()
    tracemalloc.start()
    try:
        for chunk in response.streaming_content:
            digest.update(chunk)
            received += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        response.close()

    assert received == len(content) and digest.hexdigest() == hashlib.sha256(content).hexdigest()
    assert peak < 2 * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MB allocated while streaming 10 MB"
