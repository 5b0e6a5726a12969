"""Postfach: documents a business and the chamber send each other, their files, and who read them.

A document is one message in one direction, with one or more files. A reply is a new document that names the
one it answers (`in_reply_to`), so a conversation is the chain of its documents — no separate thread object
whose state could disagree with its messages. Files are written once and never changed.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.files import DOCUMENT_KINDS, KINDS, PrivateUploadTo, private_storage

SUBJECT_MAX = 200
NOTE_MAX = 5000


class Department(models.Model):
    """A department of the chamber documents are addressed to (Handwerksrolle, Lehrlingsrolle, …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    email = models.EmailField(
        _("e-mail address for notices"),
        blank=True,
        help_text=_(
            "Optional: a notice (without subject or file names) goes here when a business sends a document "
            "to this department."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active departments can be chosen for new documents.")
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    class Direction(models.TextChoices):
        TO_CHAMBER = "to_chamber", _("to the chamber")
        FROM_CHAMBER = "from_chamber", _("from the chamber")

    business = models.ForeignKey(
        "businesses.Business", on_delete=models.PROTECT, related_name="documents", verbose_name=_("business")
    )
    direction = models.CharField(_("direction"), max_length=12, choices=Direction.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="documents", verbose_name=_("department")
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    note = models.TextField(_("note"), blank=True)
    in_reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    submission = models.ForeignKey(
        "forms_catalog.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("online application"),
    )
    contract = models.ForeignKey(
        "contracts.ApprenticeshipContract",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("apprenticeship contract"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    # Kept when the account is deleted later: who sent a document stays part of the record.
    sent_by_name = models.CharField(_("sender"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    file_count = models.PositiveSmallIntegerField(_("files"), default=0)
    total_bytes = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # First opened by the receiving side: any member of the business for documents from the chamber, any
    # staff member for documents to the chamber. Who read it when: DocumentReceipt.
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read by"),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The Postfach of a business, newest first.
            models.Index(fields=["business", "-created_at"], name="documents_business_newest"),
            # The count of new documents in the navigation: only unread documents from the chamber.
            models.Index(
                fields=["business"],
                condition=Q(direction="from_chamber", read_at__isnull=True),
                name="documents_unread_incoming",
            ),
            # The staff inbox (direction, department) and the retention sweep (created_at).
            models.Index(fields=["direction", "department", "-created_at"], name="documents_inbox"),
            models.Index(fields=["created_at"], name="documents_created"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def is_to_chamber(self) -> bool:
        return self.direction == self.Direction.TO_CHAMBER

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class DocumentFile(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document"))
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(
        _("file type"), max_length=8, choices=[(kind, KINDS[kind].label) for kind in DOCUMENT_KINDS]
    )
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("file"), storage=private_storage, upload_to=PrivateUploadTo("documents"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("documents:file_download", args=[self.document_id, self.pk])

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind].label)


class DocumentReceipt(models.Model):
    """A person of the receiving side read a document (once per person), or someone downloaded a file (each
    time)."""

    class Event(models.TextChoices):
        READ = "read", _("read")
        DOWNLOADED = "downloaded", _("downloaded")

    class Side(models.TextChoices):
        BUSINESS = "business", _("business")
        CHAMBER = "chamber", _("chamber")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("document")
    )
    file = models.ForeignKey(
        DocumentFile,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="receipts",
        verbose_name=_("file"),
    )
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    user_name = models.CharField(_("name"), max_length=200, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "user"], condition=Q(event="read"), name="documents_receipt_read_once"
            )
        ]
        indexes = [models.Index(fields=["document", "at"], name="documents_receipt_document")]

    def __str__(self) -> str:
        return f"{self.user_name} – {self.get_event_display()} – {self.at:%d.%m.%Y %H:%M}"


def _default_retention_days() -> int:
    return settings.DOCUMENTS_RETENTION_DAYS


class RetentionPolicy(models.Model):
    """How long documents are kept (one row, edited by staff in the admin)."""

    days = models.PositiveIntegerField(
        _("retention period in days"),
        default=_default_retention_days,
        validators=[MinValueValidator(30)],
        help_text=_(
            "Documents (with their files) older than this are deleted every night, in both directions, "
            "whether done or not. At least 30 days."
        ),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention period")

    def __str__(self) -> str:
        return str(_("%(days)s days") % {"days": self.days})

    @classmethod
    def current_days(cls) -> int:
        policy = cls.objects.order_by("pk").first()
        return policy.days if policy else settings.DOCUMENTS_RETENTION_DAYS


class StorageCheck(models.Model):
    """The result of one comparison of the private file storage with the rows that name its files."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    files_checked = models.PositiveIntegerField(_("files checked"), default=0)
    stray_count = models.PositiveIntegerField(_("files without a row"), default=0)
    missing_count = models.PositiveIntegerField(_("rows without a file"), default=0)
    strays = models.JSONField(_("files without a row (first 1000)"), default=list)
    missing = models.JSONField(_("rows without a file (first 1000)"), default=list)

    class Meta:
        verbose_name = _("storage check")
        verbose_name_plural = _("storage checks")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%d.%m.%Y %H:%M}"

    @property
    def is_clean(self) -> bool:
        return self.finished_at is not None and not self.stray_count and not self.missing_count
