"""Writes of the Postfach: sending documents both ways, reading, downloading, marking done, retention."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from businesses.access import AccessDenied, membership_for
from businesses.audit import audit_record
from businesses.models import Business
from contracts.models import ApprenticeshipContract
from forms_catalog.models import Submission
from notifications.services import absolute_url, email_send_template
from portal.csv_export import excel_csv
from portal.files import DOCUMENT_KINDS, check_upload, files_removed_on_failure, safe_name, stray_files
from portal.rate_limits import counter_hit

from .errors import DocumentsError
from .models import Department, Document, DocumentFile, DocumentReceipt, RetentionPolicy, StorageCheck
from .selectors import members_to_notify

logger = logging.getLogger(__name__)

# Documents a person may send per hour: far above what an office sends, a brake on a script filling
# the chamber's storage.
DOCUMENTS_PER_HOUR = 30
RETENTION_BATCH = 200
REPLY_PREFIX = "AW: "


# --- files --------------------------------------------------------------------------------------------


@dataclass
class CheckedUpload:
    upload: object
    kind: str
    sha256: str

    @property
    def name(self) -> str:
        return safe_name(self.upload.name)

    @property
    def size(self) -> int:
        return self.upload.size


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def uploads_check(uploads: list) -> tuple[list[CheckedUpload], list[str]]:
    """Check every file of a message by content and size, and the message as a whole. Returns the checked
    files and the German messages of everything refused (all of them at once, not only the first)."""
    errors: list[str] = []
    checked: list[CheckedUpload] = []
    if not uploads:
        return [], [_("Please choose at least one file.")]
    if len(uploads) > settings.DOCUMENTS_MAX_FILES:
        errors.append(
            _("You chose %(count)s files; a document may have at most %(limit)s.")
            % {"count": len(uploads), "limit": settings.DOCUMENTS_MAX_FILES}
        )
    total = sum(upload.size for upload in uploads)
    if total > settings.DOCUMENTS_MAX_MESSAGE_BYTES:
        errors.append(
            _("The files together are too large (%(size)s). A document may have at most %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(settings.DOCUMENTS_MAX_MESSAGE_BYTES)}
        )
    for upload in uploads:
        try:
            kind = check_upload(upload, kinds=DOCUMENT_KINDS, max_bytes=settings.DOCUMENTS_MAX_FILE_BYTES)
        except Exception as error:  # ValidationError: one German message per refused file
            errors.extend(getattr(error, "messages", [str(error)]))
            continue
        checked.append(CheckedUpload(upload=upload, kind=kind, sha256=_sha256(upload)))
    return checked, errors


# --- sending ------------------------------------------------------------------------------------------


def _rate_limit(*, user) -> None:
    if counter_hit("documents.send", user.pk, window=3600) > DOCUMENTS_PER_HOUR:
        raise DocumentsError(
            _("You have sent many documents within a short time. Please try again in an hour."),
            code="rate_limited",
        )


def _person_name(user) -> str:
    return (user.get_full_name() or user.email)[:200]


def _create(
    *,
    actor,
    business: Business,
    direction: str,
    department: Department,
    subject: str,
    note: str,
    files: list[CheckedUpload],
    in_reply_to: Document | None,
    submission: Submission | None,
    contract: ApprenticeshipContract | None = None,
    ip: str | None,
    notify,
) -> Document:
    """The document, its files, the audit event and `notify(document)` (the mails) in one transaction; files
    already written are deleted when a later step fails. Callers do not wrap it in a transaction of their own
    (the upload view is not atomic): so the rollback has happened when the files are deleted, and a commit
    after the block cannot fail any more."""
    subject = " ".join(subject.split())
    if not subject:
        raise DocumentsError(_("Please enter a subject."), code="subject_missing")
    if not files:
        raise DocumentsError(_("Please choose at least one file."), code="files_missing")
    if not department.is_active:
        raise DocumentsError(_("Please choose one of the departments listed."), code="department_inactive")
    if submission is not None and submission.business_id != business.pk:
        raise DocumentsError(
            _("No online application of this business has this reference number."), code="submission_foreign"
        )
    if contract is not None and contract.business_id != business.pk:
        raise DocumentsError(
            _("No apprenticeship contract of this business has this reference number."), code="contract_foreign"
        )
    with files_removed_on_failure() as written, transaction.atomic():
        document = Document.objects.create(
            business=business,
            direction=direction,
            department=department,
            subject=subject[:200],
            note=note.strip(),
            in_reply_to=in_reply_to,
            submission=submission,
            contract=contract,
            sent_by=actor,
            sent_by_name=_person_name(actor),
            file_count=len(files),
            total_bytes=sum(checked.size for checked in files),
        )
        for checked in files:
            row = DocumentFile(
                document=document,
                original_name=checked.name,
                kind=checked.kind,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor,
                uploaded_at=document.created_at,
            )
            try:
                # The stored name is random (PrivateUploadTo); the original name is kept on the row only.
                row.file.save("upload", checked.upload, save=False)
            except Exception as error:  # the object store or the disk: whatever fails, the person may try again
                logger.exception("Could not store a file of a document for business %s", business.pk)
                raise DocumentsError(
                    _(
                        "Your files could not be stored just now. Nothing has been sent; please try again in a "
                        "few minutes."
                    ),
                    code="storage_failed",
                ) from error
            written.append(row.file.name)
            row.save()
        audit_record(
            action="documents.document.sent",
            actor=actor,
            business=business,
            payload={
                "document": document.pk,
                "direction": direction,
                "department": department.pk,
                "files": len(files),
                "bytes": document.total_bytes,
                "in_reply_to": in_reply_to.pk if in_reply_to else None,
            },
            ip=ip,
        )
        notify(document)
    return document


def _checked(uploads) -> list[CheckedUpload]:
    if uploads and all(isinstance(upload, CheckedUpload) for upload in uploads):
        return list(uploads)
    checked, errors = uploads_check(list(uploads))
    if errors:
        raise DocumentsError(" ".join(errors), code="files_refused")
    return checked


def document_submit(
    *,
    actor,
    business: Business,
    department: Department,
    subject: str,
    note: str = "",
    uploads: list,
    in_reply_to: Document | None = None,
    submission: Submission | None = None,
    contract: ApprenticeshipContract | None = None,
    request: HttpRequest | None = None,
    ip: str | None = None,
) -> Document:
    """A member of a business sends a document to a department of the chamber."""
    if membership_for(user=actor, business_id=business.pk) is None:
        raise AccessDenied(_("You can send documents only for a business your account is linked to."))
    if in_reply_to is not None and (
        in_reply_to.business_id != business.pk or in_reply_to.direction != Document.Direction.FROM_CHAMBER
    ):
        raise DocumentsError(_("This document cannot be answered from here."), code="reply_foreign")
    files = _checked(uploads)
    _rate_limit(user=actor)

    def notify(document: Document) -> None:
        if department.email:
            # The chamber's own mailbox: which business, which department, where to look — nothing of the content.
            email_send_template(
                template_prefix="documents/mail/incoming",
                to=[department.email],
                context={
                    "business": business,
                    "department": department,
                    "admin_url": absolute_url(
                        reverse("admin:documents_document_change", args=[document.pk]), request=request
                    ),
                },
            )

    return _create(
        actor=actor,
        business=business,
        direction=Document.Direction.TO_CHAMBER,
        department=department,
        subject=subject,
        note=note,
        files=files,
        in_reply_to=in_reply_to,
        submission=submission,
        contract=contract,
        ip=ip,
        notify=notify,
    )


def document_send(
    *,
    actor,
    business: Business,
    department: Department,
    subject: str,
    note: str = "",
    uploads: list,
    in_reply_to: Document | None = None,
    mark_answered_done: bool = True,
    submission: Submission | None = None,
    contract: ApprenticeshipContract | None = None,
    request: HttpRequest | None = None,
    ip: str | None = None,
) -> tuple[Document, int]:
    """Staff send a document to a business (a new one, or a reply). Every member who may open the Postfach
    gets a mail that says only that there is something new. Returns the document and the number of mails."""
    if not (actor.is_staff and actor.has_perm("documents.add_document")):
        raise AccessDenied(_("Only staff of the chamber may send documents to businesses."))
    if not business.is_active:
        raise DocumentsError(_("This business is not active in the portal."), code="business_inactive")
    if in_reply_to is not None and (
        in_reply_to.business_id != business.pk or in_reply_to.direction != Document.Direction.TO_CHAMBER
    ):
        raise DocumentsError(_("A reply goes to the business that sent the document."), code="reply_foreign")
    files = _checked(uploads)
    members = members_to_notify(business=business)

    def notify(document: Document) -> None:
        if in_reply_to is not None and mark_answered_done and in_reply_to.done_at is None:
            document_mark_done(document=in_reply_to, actor=actor, ip=ip)
        detail_url = absolute_url(reverse("documents:detail", args=[document.pk]), request=request)
        for membership in members:
            email_send_template(
                template_prefix="documents/mail/new_document",
                to=[membership.user.email],
                context={"user": membership.user, "business": business, "document_url": detail_url},
            )

    document = _create(
        actor=actor,
        business=business,
        direction=Document.Direction.FROM_CHAMBER,
        department=department,
        subject=subject,
        note=note,
        files=files,
        in_reply_to=in_reply_to,
        submission=submission,
        contract=contract,
        ip=ip,
        notify=notify,
    )
    return document, len(members)


# --- reading, downloading -----------------------------------------------------------------------------


def _side(*, document: Document, user) -> str:
    if membership_for(user=user, business_id=document.business_id) is not None:
        return DocumentReceipt.Side.BUSINESS
    return DocumentReceipt.Side.CHAMBER


def _receiving_side(document: Document) -> str:
    return DocumentReceipt.Side.CHAMBER if document.is_to_chamber else DocumentReceipt.Side.BUSINESS


def document_mark_read(*, document: Document, user, side: str | None = None) -> bool:
    """The user opened the document. Counts as read only on the receiving side (a member of the business for
    a document from the chamber, staff for one to the chamber); once per person. True if it was new to the
    receiving side."""
    side = side or _side(document=document, user=user)
    if side != _receiving_side(document):
        return False
    now = timezone.now()
    DocumentReceipt.objects.bulk_create(
        [
            DocumentReceipt(
                document=document,
                event=DocumentReceipt.Event.READ,
                side=side,
                user=user,
                user_name=_person_name(user),
                at=now,
            )
        ],
        ignore_conflicts=True,
    )
    first = Document.objects.filter(pk=document.pk, read_at__isnull=True).update(read_at=now, read_by=user)
    if first:
        document.read_at, document.read_by = now, user
    return bool(first)


@transaction.atomic
def document_file_downloaded(*, file: DocumentFile, user, ip: str | None = None) -> None:
    """A file leaves the portal: a receipt and an audit event, and the document counts as read if the person
    is on its receiving side."""
    document = file.document
    side = _side(document=document, user=user)
    DocumentReceipt.objects.create(
        document=document,
        file=file,
        event=DocumentReceipt.Event.DOWNLOADED,
        side=side,
        user=user,
        user_name=_person_name(user),
    )
    audit_record(
        action="documents.file.downloaded",
        actor=user,
        business=document.business,
        payload={"document": document.pk, "file": file.pk, "side": side, "sha256": file.sha256},
        ip=ip,
    )
    document_mark_read(document=document, user=user, side=side)


# --- staff: done, export --------------------------------------------------------------------------------


@transaction.atomic
def document_mark_done(*, document: Document, actor, ip: str | None = None) -> bool:
    """Staff have dealt with a document sent to the chamber. False if it was done already."""
    if not document.is_to_chamber:
        raise DocumentsError(_("Only documents sent to the chamber can be marked as done."), code="not_incoming")
    now = timezone.now()
    changed = Document.objects.filter(pk=document.pk, done_at__isnull=True).update(done_at=now, done_by=actor)
    if changed:
        document.done_at, document.done_by = now, actor
        audit_record(
            action="documents.document.done",
            actor=actor,
            business=document.business,
            payload={"document": document.pk},
            ip=ip,
        )
    return bool(changed)


@transaction.atomic
def document_reopen(*, document: Document, actor, ip: str | None = None) -> bool:
    changed = Document.objects.filter(pk=document.pk, done_at__isnull=False).update(done_at=None, done_by=None)
    if changed:
        document.done_at = document.done_by = None
        audit_record(
            action="documents.document.reopened",
            actor=actor,
            business=document.business,
            payload={"document": document.pk},
            ip=ip,
        )
    return bool(changed)


def documents_export_csv(*, documents: QuerySet[Document]) -> bytes:
    """Documents as CSV for Excel (German headers, ';', UTF-8 with BOM), without the files' content."""
    header = [
        _("Document number"),
        _("Sent at"),
        _("Direction"),
        _("Department"),
        _("Betriebsnummer"),
        _("Business"),
        _("Subject"),
        _("Sender"),
        _("Files"),
        _("File names"),
        _("Size in bytes"),
        _("Read at"),
        _("Done at"),
        _("Online application"),
        _("Apprenticeship contract"),
        _("In reply to"),
    ]

    def when(value) -> str:
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""

    rows = (
        [
            document.pk,
            when(document.created_at),
            document.get_direction_display(),
            document.department.name,
            document.business.number_display,
            document.business.name,
            document.subject,
            document.sent_by_name,
            document.file_count,
            ", ".join(file.original_name for file in document.files.all()),
            document.total_bytes,
            when(document.read_at),
            when(document.done_at),
            document.submission.reference if document.submission_id else "",
            document.contract.reference if document.contract_id else "",
            document.in_reply_to_id or "",
        ]
        for document in documents.select_related("department", "business", "submission", "contract").prefetch_related(
            "files"
        )
    )
    return excel_csv(header, rows)


# --- retention, storage check ---------------------------------------------------------------------------


def document_delete(*, document: Document, actor=None, reason: str) -> None:
    """Delete a document with its files (the stored files go after the commit, signals.py); audited."""
    with transaction.atomic():
        audit_record(
            action="documents.document.deleted",
            actor=actor,
            business=document.business,
            payload={
                "document": document.pk,
                "reason": reason,
                "direction": document.direction,
                "files": document.file_count,
                "sent_at": document.created_at.isoformat(),
            },
        )
        document.delete()


def documents_delete_expired(*, now=None) -> int:
    """Delete documents older than the retention period, in small transactions; safe to run twice or in
    parallel (rows another run holds are skipped). Returns how many were deleted."""
    days = RetentionPolicy.current_days()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(
                Document.objects.filter(created_at__lt=cutoff)
                .select_related("business")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("created_at", "pk")[:RETENTION_BATCH]
            )
            for document in batch:
                document_delete(document=document, reason=f"retention:{days}")
        deleted += len(batch)
        if len(batch) < RETENTION_BATCH:
            break
    if deleted:
        logger.info("Postfach retention: deleted %s documents older than %s days", deleted, days)
    return deleted


def storage_check_run(*, older_than: timedelta = timedelta(hours=1)) -> StorageCheck:
    """Compare the private file storage with the rows that name its files; the result is kept for the admin
    and logged as a warning when something does not match. Files younger than `older_than` are left out: their
    rows may not be committed yet."""
    check = StorageCheck.objects.create()
    report = stray_files(older_than=older_than)
    check.finished_at = timezone.now()
    check.files_checked = report.checked
    check.stray_count, check.missing_count = report.stray_count, report.missing_count
    check.strays, check.missing = report.strays, report.missing
    check.save(update_fields=["finished_at", "files_checked", "stray_count", "missing_count", "strays", "missing"])
    if report.stray_count or report.missing_count:
        logger.warning(
            "Private file storage: %s files without a row, %s rows without a file (of %s files); see the admin, "
            "Postfach → storage checks",
            report.stray_count,
            report.missing_count,
            report.checked,
        )
    return check
