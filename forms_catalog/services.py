"""Writes of the forms catalog: submitting a form, processing it, and keeping definitions versioned."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from businesses.access import membership_for
from notifications.services import absolute_url, email_send_template
from portal.csv_export import excel_csv
from portal.errors import PortalError
from portal.files import safe_name
from portal.rate_limits import counter_hit

from .definitions import definition_errors
from .display import display_value
from .models import FormDefinition, FormField, Submission, SubmissionFile

# A person may submit this many forms per hour; more points to a script or a stuck button.
SUBMISSIONS_PER_HOUR = 30


class FormsCatalogError(PortalError):
    """A refused step of filling in or processing a form."""


def _reference_for(submission: Submission) -> str:
    return f"F-{submission.submitted_at.year}-{submission.pk:06d}"


def _rate_limit(*, user) -> None:
    if counter_hit("forms_catalog.submit", user.pk, window=3600) > SUBMISSIONS_PER_HOUR:
        raise FormsCatalogError(
            _("You have submitted many forms within a short time. Please try again later."), code="rate_limited"
        )


@transaction.atomic
def submission_create(
    *,
    definition: FormDefinition,
    fields: list[FormField],
    user,
    values: dict,
    uploads: list[tuple[str, object]],
    business=None,
    request=None,
) -> Submission:
    """Store a filled-in form with the labels the user saw, its files, and mail the confirmation."""
    # No lock on the definition: submissions of one form must not queue behind each other. The version
    # and labels stored are those of the definition and fields the user's form was built from.
    if not FormDefinition.objects.filter(pk=definition.pk, is_active=True).exists() or definition_errors(definition):
        raise FormsCatalogError(_("This form is no longer available."), code="form_unavailable")
    if definition.is_business_only:
        if business is None or membership_for(user=user, business_id=business.pk) is None:
            raise FormsCatalogError(
                _("This form can only be submitted on behalf of a business your account is linked to."),
                code="forbidden",
            )
    else:
        business = None
    _rate_limit(user=user)
    submission = Submission.objects.create(
        form=definition,
        form_version=definition.version,
        form_title=definition.title_de or definition.title,  # the chamber reads submissions in German
        fields_snapshot=[field.snapshot() for field in fields],
        values=values,
        user=user,
        business=business,
    )
    submission.reference = _reference_for(submission)
    submission.save(update_fields=["reference"])
    stored: list[SubmissionFile] = []
    try:
        for key, upload in uploads:
            stored.append(
                SubmissionFile.objects.create(
                    submission=submission,
                    field_key=key,
                    original_name=safe_name(upload.name),
                    kind=upload.portal_kind,
                    size=upload.size,
                    file=upload,
                )
            )
        email_send_template(
            template_prefix="forms_catalog/mail/submission_received",
            to=[user.email],
            context={
                "user": user,
                "submission": submission,
                "rows": submission.rows(),
                "detail_url": absolute_url(submission.get_absolute_url(), request=request),
            },
        )
    except Exception:
        # The rows roll back; files already written would stay behind without them.
        for upload in stored:
            upload.file.delete(save=False)
        raise
    return submission


@transaction.atomic
def submission_change_status(
    *, submission: Submission, status: str, staff_remark: str, actor=None, request=None
) -> Submission:
    """Staff set the processing status (with a remark for the applicant); the applicant is mailed."""
    if status not in Submission.Status.values:
        raise FormsCatalogError(_("Unknown status."), code="unknown_status")
    submission = Submission.objects.select_for_update(of=("self",)).select_related("user").get(pk=submission.pk)
    old_status = submission.status
    status_changed = status != old_status
    remark_changed = staff_remark.strip() != submission.staff_remark.strip()
    if not (status_changed or remark_changed):
        return submission
    submission.status = status
    submission.staff_remark = staff_remark.strip()
    fields = ["status", "staff_remark", "updated_at"]
    if status_changed:
        submission.status_changed_at = timezone.now()
        fields.append("status_changed_at")
    submission.save(update_fields=fields)
    if submission.user is None:
        return submission  # the submitter deleted the account: nobody to tell
    email_send_template(
        template_prefix="forms_catalog/mail/status_changed",
        to=[submission.user.email],
        context={
            "user": submission.user,
            "submission": submission,
            "status_changed": status_changed,
            "detail_url": absolute_url(submission.get_absolute_url(), request=request),
        },
    )
    return submission


def form_definition_bump_version(*, definition: FormDefinition) -> None:
    """A saved change to a definition: later submissions record the new version."""
    FormDefinition.objects.filter(pk=definition.pk).update(version=F("version") + 1)
    definition.refresh_from_db(fields=["version"])


def submissions_export_csv(*, definition: FormDefinition, submissions, request=None) -> bytes:
    """The submissions of one form as CSV for Excel: German headers, semicolons, UTF-8 with BOM."""
    submissions = list(submissions)
    columns: list[tuple[str, str, str]] = [
        (f.key, f.label_de or f.label, f.field_type) for f in definition.fields.all()
    ]
    known = {key for key, _label, _type in columns}
    # Fields that were removed since keep their column (with the label they had).
    for submission in submissions:
        for field in submission.fields_snapshot:
            if field["key"] not in known:
                columns.append((field["key"], field["label"], field["type"]))
                known.add(field["key"])
    header = [
        _("Reference number"),
        _("Form"),
        _("Form version"),
        _("Submitted at"),
        _("Status"),
        _("Applicant"),
        _("E-mail"),
        _("Business"),
        _("Remark of the chamber"),
    ] + [label for _key, label, _type in columns]
    rows = []
    for submission in submissions:
        files = {}
        for upload in submission.files.all():
            files.setdefault(upload.field_key, []).append(upload.original_name)
        business = submission.business
        row = [
            submission.reference,
            submission.form_title,
            submission.form_version,
            timezone.localtime(submission.submitted_at).strftime("%d.%m.%Y %H:%M"),
            submission.get_status_display(),
            submission.user.get_full_name() if submission.user else _("(account deleted)"),
            submission.user.email if submission.user else "",
            str(business) if business else "",
            submission.staff_remark,
        ]
        for key, _label, field_type in columns:
            if key in files:
                row.append(files[key])
            else:
                value = submission.values.get(key)
                row.append(display_value(value, field_type) if value not in (None, "", []) else "")
        rows.append(row)
    return excel_csv(header, rows)
