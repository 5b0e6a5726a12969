"""Forms of the Postfach: a business sends a document; staff send one to a business (admin)."""

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AutocompleteSelect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from businesses.models import Business
from forms_catalog.models import Submission
from portal.files import DOCUMENT_KINDS, accept_attribute

from . import selectors
from .models import NOTE_MAX, SUBJECT_MAX, Department, Document
from .services import uploads_check


def _linked_record(form: forms.Form, *, business: Business | None, reference: str | None) -> dict:
    """The online application or apprenticeship contract a reference number names, as the form's cleaned
    `submission` and `contract`; an error on the field when the business has neither."""
    linked = {"submission": None, "contract": None}
    reference = (reference or "").strip()
    if business is None or not reference:
        return linked
    record = selectors.linked_record_for_business(business=business, reference=reference)
    if record is None:
        form.add_error(
            "reference",
            _("No online application or apprenticeship contract of this business has this reference number."),
        )
    elif isinstance(record, Submission):
        linked["submission"] = record
    else:
        linked["contract"] = record
    return linked


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content and size (services.uploads_check), and all
    refusals are shown at once. `cleaned_data` holds the checked files."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": accept_attribute(DOCUMENT_KINDS), "multiple": True})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        # Django's own checks of a single file are left out: ours name the file (also an empty one).
        uploads = list(data) if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload and getattr(upload, "name", None)]
        if not uploads:
            if self.required:
                raise forms.ValidationError(_("Please choose at least one file."), code="required")
            return []
        checked, errors = uploads_check(uploads)
        if errors:
            raise forms.ValidationError(errors)
        return checked


def files_help_text() -> str:
    return _(
        "PDF, JPEG, PNG, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) or OpenDocument (.odt, .ods); at most "
        "%(files)s files, each up to %(file_size)s, together up to %(total)s. Several files can be chosen at once."
    ) % {
        "files": settings.DOCUMENTS_MAX_FILES,
        "file_size": filesizeformat(settings.DOCUMENTS_MAX_FILE_BYTES),
        "total": filesizeformat(settings.DOCUMENTS_MAX_MESSAGE_BYTES),
    }


class DocumentForm(forms.Form):
    """A business member sends a document to the chamber (or answers one)."""

    business = forms.TypedChoiceField(label=_("Send on behalf of"), coerce=int)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), empty_label=_("Please choose")
    )
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    note = forms.CharField(
        label=pgettext_lazy("document", "Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: a short note for the chamber, e.g. what the documents are for."),
    )
    reference = forms.CharField(
        label=_("Reference number of an application or a contract"),
        required=False,
        max_length=20,
        help_text=_(
            "Optional, e.g. F-2026-000123 for an online application or LV-2026-000045 for an apprenticeship "
            "contract, if the documents belong to one."
        ),
    )
    files = MultipleFileField(label=_("Files"))

    def __init__(
        self, *args, businesses: list[Business], initial_business=None, reply_to: Document | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.businesses = list(businesses)
        self.reply_to = reply_to
        self.fields["department"].queryset = selectors.departments_active()
        self.fields["files"].help_text = files_help_text()
        if reply_to is not None or len(self.businesses) == 1:
            # The business is the one of the answered document, or the only one.
            del self.fields["business"]
        else:
            self.fields["business"].choices = [("", _("Please choose"))] + [(b.pk, str(b)) for b in self.businesses]
            self.fields["business"].initial = getattr(initial_business, "pk", None)
        if reply_to is not None:
            self.fields["department"].initial = reply_to.department_id
            subject = reply_to.subject
            self.fields["subject"].initial = subject if subject.startswith("AW:") else f"AW: {subject}"[:SUBJECT_MAX]

    def selected_business(self) -> Business | None:
        if self.reply_to is not None:
            return self.reply_to.business
        if len(self.businesses) == 1:
            return self.businesses[0]
        business_id = self.cleaned_data.get("business")
        return next((b for b in self.businesses if b.pk == business_id), None)

    def clean(self):
        cleaned = super().clean()
        cleaned.update(_linked_record(self, business=self.selected_business(), reference=cleaned.get("reference")))
        return cleaned


class StaffDocumentForm(forms.Form):
    """Staff send a document to a business in the admin (or answer one)."""

    business = forms.ModelChoiceField(label=_("Business"), queryset=Business.objects.filter(is_active=True))
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), empty_label=_("Please choose")
    )
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    note = forms.CharField(
        label=pgettext_lazy("document", "Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
    reference = forms.CharField(
        label=_("Reference number of an application or a contract"),
        required=False,
        max_length=20,
        help_text=_(
            "Optional, e.g. F-2026-000123 or LV-2026-000045; the application or contract must belong to the business."
        ),
    )
    files = MultipleFileField(label=_("Files"))
    mark_done = forms.BooleanField(label=_("Mark the answered document as done"), required=False, initial=True)

    def __init__(self, *args, admin_site, reply_to: Document | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reply_to = reply_to
        self.fields["department"].queryset = selectors.departments_active()
        self.fields["files"].help_text = files_help_text()
        self.fields["subject"].widget.attrs["size"] = 80
        business = self.fields.get("business")
        if business is not None:
            business.widget = AutocompleteSelect(Document._meta.get_field("business"), admin_site)
            business.widget.choices = business.choices
        if reply_to is None:
            del self.fields["mark_done"]
        else:
            del self.fields["business"]
            self.fields["department"].initial = reply_to.department_id
            subject = reply_to.subject
            self.fields["subject"].initial = subject if subject.startswith("AW:") else f"AW: {subject}"[:SUBJECT_MAX]

    def selected_business(self) -> Business | None:
        return self.reply_to.business if self.reply_to is not None else self.cleaned_data.get("business")

    def clean(self):
        cleaned = super().clean()
        cleaned.update(_linked_record(self, business=self.selected_business(), reference=cleaned.get("reference")))
        return cleaned


class PostfachFilterForm(forms.Form):
    """Search and filters of the Postfach list (GET)."""

    q = forms.CharField(label=_("Search in subject"), required=False, max_length=200)
    box = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All documents")), (selectors.INCOMING, _("Received")), (selectors.OUTGOING, _("Sent"))],
    )
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    business = forms.TypedChoiceField(label=_("Business"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, businesses: list[Business], departments: list[Department], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [(d.pk, d.name) for d in departments]
        if len(businesses) > 1:
            self.fields["business"].choices = [("", _("All businesses"))] + [(b.pk, str(b)) for b in businesses]
        else:
            del self.fields["business"]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "box": data.get("box") or "",
            "department_id": data.get("department"),
            "business_id": data.get("business"),
        }
