"""Postfach: the documents a person sent for a business, and what they opened and downloaded.

The documents and their files are the business's record and stay in its Postfach when the account is
deleted — without the person's name (sender, uploader, who read them). The export lists them; the files
themselves are the business's and are not copied into it (they stay available in the Postfach).
"""

from django.utils.translation import gettext_lazy, ngettext

from portal.privacy import Erasure, ExportPart

from .models import Document, DocumentReceipt

TITLE = gettext_lazy("Postfach")
ORDER = 55

LABELS = {
    "documents_sent": gettext_lazy("Documents you sent"),
    "business": gettext_lazy("Business"),
    "department": gettext_lazy("Department"),
    "subject": gettext_lazy("Subject"),
    "sent_at": gettext_lazy("Sent at"),
    "files": gettext_lazy("Files"),
    "opened_and_downloaded": gettext_lazy("Documents you opened or downloaded"),
    "document": gettext_lazy("Document"),
    "event": gettext_lazy("Event"),
    "file": gettext_lazy("File"),
    "time": gettext_lazy("Time"),
}


def export(user) -> ExportPart:
    sent = (
        Document.objects.filter(sent_by=user)
        .select_related("business", "department")
        .prefetch_related("files")
        .order_by("created_at", "pk")
    )
    receipts = DocumentReceipt.objects.filter(user=user).select_related("document", "file").order_by("at", "pk")
    data = {
        "documents_sent": [
            {
                "business": document.business.name,
                "department": document.department.name,
                "subject": document.subject,
                "sent_at": document.created_at,
                "files": [file.original_name for file in document.files.all()],
            }
            for document in sent
        ],
        "opened_and_downloaded": [
            {
                "document": receipt.document.subject,
                "event": receipt.get_event_display(),
                "file": receipt.file.original_name if receipt.file_id else "",
                "time": receipt.at,
            }
            for receipt in receipts
        ],
    }
    return ExportPart(data=data, labels=LABELS)


def erase_notes(user) -> list[str]:
    kept = Document.objects.filter(sent_by=user).count()
    if not kept:
        return []
    return [
        ngettext(
            "%(count)d document you sent for a business stays in its Postfach, without your name.",
            "%(count)d documents you sent for a business stay in its Postfach, without your name.",
            kept,
        )
        % {"count": kept}
    ]


def erase(user, *, erasure: Erasure) -> None:
    # The foreign keys to the user are SET_NULL; the names written next to them go here.
    Document.objects.filter(sent_by=user).update(sent_by=None, sent_by_name="")
    DocumentReceipt.objects.filter(user=user).update(user=None, user_name="")
