"""Online forms defined by staff as data, and what customers submit with them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.files import KINDS, PrivateUploadTo, private_storage

FIELD_KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{0,49}$",
    _("Use lower-case letters, digits and underscores, starting with a letter (e.g. new_street)."),
)


RESERVED_SLUGS = {"meine-antraege", "eingereicht"}


class FormDefinitionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class FormDefinition(models.Model):
    class Audience(models.TextChoices):
        ANY_USER = "any", _("Every logged-in user")
        BUSINESS = "business", _("Business users only")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.ANY_USER)
    is_active = models.BooleanField(
        _("active"), default=False, help_text=_("Only active forms appear in the catalog and can be submitted.")
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up with every change; each submission keeps the version and labels it was made with."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FormDefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forms_catalog:fill", kwargs={"slug": self.slug})

    def clean(self):
        # These addresses belong to other pages of the catalog.
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This short name is reserved; please choose another one.")})

    @property
    def is_business_only(self) -> bool:
        return self.audience == self.Audience.BUSINESS


class FormField(models.Model):
    class Type(models.TextChoices):
        SHORT_TEXT = "text", _("Short text")
        LONG_TEXT = "textarea", _("Long text")
        NUMBER = "number", _("Number")
        INTEGER = "integer", _("Whole number (e.g. a count)")
        DATE = "date", _("Date")
        EMAIL = "email", _("E-mail address")
        CHOICE = "choice", _("Choice (one option)")
        MULTIPLE_CHOICE = "multiple", _("Multiple choice")
        CHECKBOX = "checkbox", _("Checkbox")
        FILE = "file", _("File (PDF, JPEG, PNG)")

    form = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="fields", verbose_name=_("form"))
    position = models.PositiveIntegerField(_("position"), default=0)
    key = models.CharField(
        _("key"),
        max_length=50,
        validators=[FIELD_KEY_VALIDATOR],
        help_text=_("Internal name, unique within the form; used as the column in the CSV export."),
    )
    label = models.CharField(_("label"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    field_type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.SHORT_TEXT)
    required = models.BooleanField(_("required"), default=False)
    choices = models.TextField(_("options"), blank=True, help_text=_("For choice fields: one option per line."))
    min_value = models.DecimalField(_("minimum"), max_digits=15, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=15, decimal_places=2, null=True, blank=True)
    max_length = models.PositiveIntegerField(
        _("maximum length"), null=True, blank=True, help_text=_("For text fields: the most characters allowed.")
    )
    # Part of the forms catalog's change stamp (selectors.form_catalog_stamp), like the definition's own.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="forms_catalog_field_key_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        """The options as they are stored and exported: the German lines (forms_catalog.translation)."""
        with translation.override("de"):
            return _lines(self.choices)

    @property
    def choice_options(self) -> list[tuple[str, str]]:
        """(stored value, what the visitor reads): the English line at the same position on English pages,
        the German one where no complete English list was entered."""
        values = self.choice_list
        shown = _lines(self.choices)
        return list(zip(values, shown if len(shown) == len(values) else values, strict=True))

    def clean(self):
        from .definitions import field_errors

        errors = field_errors(self)
        english = _lines(getattr(self, "choices_en", None) or "")
        if english and len(english) != len(self.choice_list):
            errors.setdefault("choices_en", []).append(
                _("Give the English options in the same order and number as the German ones, one per line.")
            )
        if errors:
            raise ValidationError(errors)

    def snapshot(self) -> dict:
        """What a submission keeps of the field: in German, the language the chamber works in."""
        with translation.override("de"):
            return {"key": self.key, "label": self.label, "type": self.field_type, "choices": self.choice_list}


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Submission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")

    reference = models.CharField(_("reference number"), max_length=20, unique=True, blank=True)
    form = models.ForeignKey(
        FormDefinition, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("form")
    )
    form_version = models.PositiveIntegerField(_("form version"))
    form_title = models.CharField(_("form title at submission"), max_length=200)
    # The labels and types the user saw, so the submission stays readable when the form changes later.
    fields_snapshot = models.JSONField(_("fields at submission"), default=list)
    values = models.JSONField(_("submitted values"), default=dict)
    # Empty only after the submitter deleted the account: a business's submissions stay with the
    # business (forms_catalog.privacy). PROTECT, so nothing else removes them by accident.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_submissions",
        verbose_name=_("submitted by"),
    )
    # Set for business-only forms: the business on whose behalf the form was submitted.
    business = models.ForeignKey(
        "businesses.Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_submissions",
        verbose_name=_("business"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    staff_remark = models.TextField(
        _("remark of the chamber"), blank=True, help_text=_("Shown to the applicant with the status.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["user", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.reference} – {self.form_title}"

    def get_absolute_url(self) -> str:
        return reverse("forms_catalog:submission_detail", kwargs={"reference": self.reference})

    def rows(self) -> list[dict]:
        """The submitted values with the labels the user saw, in the order of the form at that time."""
        files_by_key: dict[str, list] = {}
        for upload in self.files.all():
            files_by_key.setdefault(upload.field_key, []).append(upload)
        rows = []
        for field in self.fields_snapshot:
            rows.append(
                {
                    "key": field["key"],
                    "label": field["label"],
                    "type": field["type"],
                    "value": self.values.get(field["key"]),
                    "files": files_by_key.get(field["key"], []),
                }
            )
        return rows


class SubmissionFile(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="files", verbose_name=_("submission")
    )
    field_key = models.CharField(_("field"), max_length=50)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=4, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    file = models.FileField(_("file"), storage=private_storage, upload_to=PrivateUploadTo("forms"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "forms_catalog:file_download", kwargs={"reference": self.submission.reference, "file_id": self.pk}
        )

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type
