"""The Django form a customer fills in, built from a FormDefinition's fields; and the staff forms."""

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.files import accept_attribute, check_upload

from .definitions import LONG_TEXT_MAX, SHORT_TEXT_MAX, fieldset_errors
from .models import FormField

BUSINESS_FIELD = "_business"


class CheckedFileField(forms.FileField):
    """A file field that accepts PDF, JPEG and PNG by content and within the configured size."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.portal_kind = check_upload(upload, max_bytes=settings.FORMS_MAX_UPLOAD_BYTES)
        return upload


class GermanDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends and expects ISO dates, whatever the language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _plain(number: Decimal | None) -> Decimal | None:
    """5.00 → 5 and 2.50 → 2.5, so limits read naturally in messages."""
    if number is None:
        return None
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


class WholeNumberField(forms.IntegerField):
    """A count, typed as digits only. "1,5" and "2.5" are refused with a German message rather than read as 1.5,
    15 or 25 (Django's localized parsing would drop a German thousands separator), and spaces around are dropped."""

    default_error_messages = {
        "invalid": _("Please enter a whole number without a comma or decimal point, e.g. 3."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if not re.fullmatch(r"[+-]?\d{1,15}", value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(value)


def _build_field(field: FormField) -> forms.Field:
    common = {"label": field.label, "help_text": field.help_text, "required": field.required}
    match field.field_type:
        case FormField.Type.SHORT_TEXT:
            return forms.CharField(max_length=field.max_length or SHORT_TEXT_MAX, **common)
        case FormField.Type.LONG_TEXT:
            return forms.CharField(
                max_length=field.max_length or LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}), **common
            )
        case FormField.Type.NUMBER:
            return forms.DecimalField(
                min_value=_plain(field.min_value),
                max_value=_plain(field.max_value),
                max_digits=15,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                **common,
            )
        case FormField.Type.INTEGER:
            return WholeNumberField(
                min_value=_plain(field.min_value),
                max_value=_plain(field.max_value),
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                **common,
            )
        case FormField.Type.DATE:
            return forms.DateField(widget=GermanDateInput, **common)
        case FormField.Type.EMAIL:
            return forms.EmailField(max_length=254, **common)
        case FormField.Type.CHOICE:
            return forms.ChoiceField(choices=[("", _("Please choose")), *field.choice_options], **common)
        case FormField.Type.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=field.choice_options, widget=forms.CheckboxSelectMultiple, **common
            )
        case FormField.Type.CHECKBOX:
            return forms.BooleanField(**common)
        case FormField.Type.FILE:
            return CheckedFileField(
                widget=forms.ClearableFileInput(attrs={"accept": accept_attribute()}),
                **common,
            )
    raise ValueError(f"unknown field type {field.field_type!r}")


class SubmissionForm(forms.Form):
    """One form of the catalog. `businesses` (for business-only forms) offers the businesses to act for."""

    def __init__(self, *args, definition, fields: list[FormField], businesses=(), initial_business=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.definition_fields = fields
        self.businesses = list(businesses)
        if definition.is_business_only and len(self.businesses) > 1:
            self.fields[BUSINESS_FIELD] = forms.TypedChoiceField(
                label=_("Submit on behalf of"),
                choices=[("", _("Please choose")), *((b.pk, str(b)) for b in self.businesses)],
                coerce=int,
                initial=getattr(initial_business, "pk", None),
            )
        for field in fields:
            self.fields[field.key] = _build_field(field)

    @property
    def has_file_fields(self) -> bool:
        return any(field.field_type == FormField.Type.FILE for field in self.definition_fields)

    def selected_business(self):
        if not self.definition.is_business_only:
            return None
        if len(self.businesses) == 1:
            return self.businesses[0]
        business_id = self.cleaned_data.get(BUSINESS_FIELD)
        return next((b for b in self.businesses if b.pk == business_id), None)

    def values(self) -> dict:
        """The cleaned values as JSON-safe data (files are stored separately)."""
        values = {}
        for field in self.definition_fields:
            value = self.cleaned_data.get(field.key)
            match field.field_type:
                case FormField.Type.FILE:
                    value = value.name if value else None
                case FormField.Type.NUMBER:
                    value = None if value is None else format(value.normalize(), "f")
                case FormField.Type.INTEGER:
                    value = None if value is None else str(value)
                case FormField.Type.DATE:
                    value = value.isoformat() if value else None
                case FormField.Type.MULTIPLE_CHOICE:
                    value = list(value or [])
                case FormField.Type.CHECKBOX:
                    value = bool(value)
                case _:
                    value = value or ""
            values[field.key] = value
        return values

    def uploads(self) -> list[tuple[str, object]]:
        return [
            (field.key, self.cleaned_data[field.key])
            for field in self.definition_fields
            if field.field_type == FormField.Type.FILE and self.cleaned_data.get(field.key)
        ]


class FormFieldInlineFormSet(forms.BaseInlineFormSet):
    """Cross-row checks of a definition's fields when staff save it in the admin."""

    def clean(self):
        # Our own checks first: they explain a duplicate key better than the generic uniqueness message.
        keys = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if form.cleaned_data.get("key"):
                keys.append(form.cleaned_data["key"])
        errors = fieldset_errors(keys=keys, is_active=bool(getattr(self.instance, "is_active", False)))
        if errors:
            raise ValidationError(errors)
        super().clean()


class FormFieldAdminForm(forms.ModelForm):
    class Meta:
        model = FormField
        fields = [
            "position",
            "key",
            "label",
            "help_text",
            "field_type",
            "required",
            "choices",
            "min_value",
            "max_value",
            "max_length",
        ]
        widgets = {
            name: widget
            for field, widget in (
                ("choices", forms.Textarea(attrs={"rows": 3, "cols": 30})),
                ("help_text", forms.TextInput()),
            )
            for name in (field, f"{field}_de", f"{field}_en")  # the admin shows each text per language
        }

    def _update_errors(self, errors):
        # The model's checks name a translated field by its plain name; the admin shows it per language, and
        # the German text is the one they judge (forms_catalog.translation).
        for name in list(getattr(errors, "error_dict", {})):
            if name not in self.fields and f"{name}_de" in self.fields:
                errors.error_dict[f"{name}_de"] = errors.error_dict.pop(name)
        super()._update_errors(errors)
