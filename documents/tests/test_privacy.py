"""The Postfach's part of the data export and of the account deletion."""

import pytest

from documents import privacy
from documents.models import Document, DocumentReceipt
from portal.privacy import Erasure

from .factories import DocumentFactory, DocumentFileFactory

pytestmark = pytest.mark.django_db


def test_the_export_lists_sent_documents_and_what_the_person_opened(business, member, department):
    sent = DocumentFactory(
        business=business, department=department, direction="to_chamber", sent_by=member, subject="Antrag"
    )
    DocumentFileFactory(document=sent, original_name="Antrag.pdf")
    received = DocumentFactory(business=business, department=department, subject="Bescheid")
    DocumentReceipt.objects.create(document=received, event="read", side="business", user=member, user_name="Max")
    DocumentFactory(business=business, department=department, sent_by=None, subject="Fremd")

    part = privacy.export(member)

    assert [row["subject"] for row in part.data["documents_sent"]] == ["Antrag"]
    assert part.data["documents_sent"][0]["files"] == ["Antrag.pdf"]
    assert [row["document"] for row in part.data["opened_and_downloaded"]] == ["Bescheid"]
    assert part.files == []


def test_deleting_the_account_keeps_the_documents_without_the_name(business, member, department):
    sent = DocumentFactory(
        business=business, department=department, direction="to_chamber", sent_by=member, sent_by_name="Max Muster"
    )
    DocumentReceipt.objects.create(document=sent, event="read", side="business", user=member, user_name="Max Muster")

    notes = privacy.erase_notes(member)
    privacy.erase(member, erasure=Erasure(by_owner=True, reason="test"))
    member.delete()

    sent = Document.objects.get()
    assert (sent.sent_by, sent.sent_by_name) == (None, "")
    assert DocumentReceipt.objects.get().user_name == ""
    assert notes == [
        "1 Dokument, das Sie für einen Betrieb gesendet haben, bleibt in dessen Postfach, ohne Ihren Namen."
    ]
