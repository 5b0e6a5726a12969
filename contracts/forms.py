"""Forms of the contracts app. They check what was typed (numbers, dates, choices); the legal rules are
`contracts.rules`, whose findings the contract form shows at their fields."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from businesses.models import Business
from portal.files import accept_attribute

from . import rules
from .models import ApprenticeshipContract, Occupation, Trainer
from .services import EDITABLE_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_german_decimal(text: str) -> Decimal:
    """ "724,00", "1.014,00", "1014", "724.00" (as typed in English) → Decimal. Raises ValueError."""
    text = text.strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):  # 1.014 — German thousands, not one point zero one four
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not value.is_finite():
        raise ValueError(text)
    return value


class GermanDecimalField(forms.Field):
    """A decimal as Germans type it ("724,00", "1.014,00"); also "724.00". Shown with a decimal comma."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Please enter a number, e.g. 724,00."),
        "decimals": _("Please enter at most %(places)s decimal places."),
        "negative": _("Please enter a positive number."),
        "too_large": _("Please enter at most %(max)s."),
    }

    def __init__(self, *, decimal_places: int = 2, max_value: Decimal | None = None, **kwargs):
        self.decimal_places = decimal_places
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_german_decimal(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if -number.as_tuple().exponent > self.decimal_places and number != number.quantize(
            Decimal(1).scaleb(-self.decimal_places)
        ):
            raise ValidationError(
                self.error_messages["decimals"], code="decimals", params={"places": self.decimal_places}
            )
        if number < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"max": number_format(self.max_value, self.decimal_places)},
            )
        return number.quantize(Decimal(1).scaleb(-self.decimal_places))

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(value, self.decimal_places)
        return value


def _date_field(model_field_name: str, **kwargs) -> forms.DateField:
    field = ApprenticeshipContract._meta.get_field(model_field_name)
    return forms.DateField(
        label=capfirst(field.verbose_name),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_INPUT_FORMATS,
        help_text=field.help_text,
        **kwargs,
    )


class ContractForm(forms.ModelForm):
    """The contract as the business fills it in. Everything is optional here: a draft may be incomplete; the
    rules say what is still missing before it can be submitted."""

    apprentice_birth_date = _date_field("apprentice_birth_date")
    start_date = _date_field("start_date")
    medical_exam_date = _date_field("medical_exam_date")
    ba_betriebsnummer = forms.CharField(
        label=capfirst(ApprenticeshipContract._meta.get_field("ba_betriebsnummer").verbose_name),
        help_text=ApprenticeshipContract._meta.get_field("ba_betriebsnummer").help_text,
        required=False,
        max_length=20,  # 8 digits, typed with spaces ("1234 5678"): clean_ba_betriebsnummer checks them
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    daily_hours = GermanDecimalField(
        label=capfirst(_("regular daily training time (hours)")),
        required=False,
        decimal_places=2,
        max_value=Decimal(24),
    )
    weekly_hours = GermanDecimalField(
        label=capfirst(_("regular weekly training time (hours)")),
        required=False,
        decimal_places=2,
        max_value=Decimal(99),
    )

    class Meta:
        model = ApprenticeshipContract
        fields = EDITABLE_FIELDS  # one list: the service saves exactly what the form edits
        widgets = {
            "training_form": forms.RadioSelect,
            "record_form": forms.RadioSelect,
            "measures_outside": forms.Textarea(attrs={"rows": 3}),
            "other_agreements": forms.Textarea(attrs={"rows": 3}),
            "apprentice_postal_code": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        }

    def __init__(self, *args, business: Business, **kwargs):
        super().__init__(*args, **kwargs)
        self.business = business
        current = self.instance if self.instance.pk else None
        for field in self.fields.values():
            field.required = False
        self.fields["training_form"].required = True
        self.fields["training_form"].choices = ApprenticeshipContract.TrainingForm.choices
        self.fields["record_form"].choices = ApprenticeshipContract.RecordForm.choices
        self.fields["shortening_months"].initial = 0
        for name in ("apprentice_school_qualification", "shortening_reason"):
            self.fields[name].choices = [("", _("– please choose –")), *self.fields[name].choices[1:]]
        self.fields["shortening_months"].widget.attrs.update({"min": 0, "max": 36})
        self.fields["probation_months"].widget.attrs.update({"min": 1, "max": 4})
        self.fields["days_per_week"].widget.attrs.update({"min": 1, "max": 6})
        self.fields["part_time_reduction_percent"].widget.attrs.update({"min": 1, "max": 50})

        occupations = Occupation.objects.active()
        if current is not None and current.occupation_id:
            occupations = Occupation.objects.filter(Q(is_active=True) | Q(pk=current.occupation_id))
        self.fields["occupation"].queryset = occupations
        self.fields["occupation"].empty_label = _("– please choose –")
        self.fields["occupation"].label_from_instance = lambda o: f"{o.name} ({o.duration_months} Monate)"

        sites = Business.objects.filter(Q(pk=business.pk) | Q(main_business=business, is_active=True))
        self.fields["training_site"].queryset = sites.order_by("filialnummer")
        self.fields["training_site"].empty_label = None
        self.fields["training_site"].label_from_instance = lambda b: f"{b.name} ({b.number_display})"
        if not self.instance.training_site_id:
            self.initial.setdefault("training_site", business.pk)

        trainers = Trainer.objects.filter(business__in=sites, is_active=True)
        if current is not None and current.trainer_id:
            trainers = Trainer.objects.filter(Q(business__in=sites, is_active=True) | Q(pk=current.trainer_id))
        self.fields["trainer"].queryset = trainers.select_related("business")
        self.fields["trainer"].empty_label = _("– please choose –")
        self.fields["trainer"].help_text = _(
            "Trainers registered with the chamber for your business. Someone missing? Please contact the chamber."
        )

        amounts = self.instance.remuneration_amounts()
        for year in range(1, rules.MAX_TRAINING_YEARS + 1):
            self.fields[f"remuneration_{year}"] = GermanDecimalField(
                label=_("Training year %(year)s (€ a month, gross)") % {"year": year},
                required=False,
                max_value=Decimal("99999.99"),
                initial=amounts[year - 1] if year - 1 < len(amounts) else None,
            )
        days = self.instance.holiday_days()
        years = self.calendar_years()
        for index in range(rules.MAX_CALENDAR_YEARS):
            label = (
                _("Holiday %(year)s (days)") % {"year": years[index]}
                if index < len(years)
                else _("Holiday in calendar year %(number)s of the training (days)") % {"number": index + 1}
            )
            self.fields[f"holiday_{index + 1}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=366,
                initial=days[index] if index < len(days) else None,
            )

    def calendar_years(self) -> list[int]:
        end = rules.computed_end(self.instance) if self.instance.pk else None
        if self.instance.start_date and end:
            return rules.calendar_years(self.instance.start_date, end)
        return []

    def clean_ba_betriebsnummer(self):
        number = re.sub(r"\s", "", self.cleaned_data.get("ba_betriebsnummer") or "")
        if number and not re.fullmatch(r"\d{8}", number):
            raise ValidationError(_("The Betriebsnummer of the Federal Employment Agency has 8 digits."))
        return number

    def clean_shortening_months(self):
        return self.cleaned_data.get("shortening_months") or 0

    def clean(self):
        cleaned = super().clean()
        cleaned["remuneration"] = [
            cleaned.get(f"remuneration_{year}") for year in range(1, rules.MAX_TRAINING_YEARS + 1)
        ]
        cleaned["holiday"] = [cleaned.get(f"holiday_{n}") for n in range(1, rules.MAX_CALENDAR_YEARS + 1)]
        return cleaned

    def _post_clean(self):
        # The instance is built and checked by the service (contracts.services), not by the ModelForm: the
        # form's values are only typed, a draft may be incomplete, and the rules run there.
        pass

    def add_findings(self, findings: list[rules.Finding]) -> list[rules.Finding]:
        """Show the rules' findings at their fields; returns those without a field of this form."""
        rest = []
        for finding in findings:
            name = finding.field if finding.field in self.fields else None
            if name and not self.has_error(name):
                self.add_error(name, finding.message)
            elif name is None:
                rest.append(finding)
        return rest

    def remuneration_rows(self) -> list:
        return [self[f"remuneration_{year}"] for year in range(1, rules.MAX_TRAINING_YEARS + 1)]

    def holiday_rows(self) -> list:
        return [self[f"holiday_{n}"] for n in range(1, rules.MAX_CALENDAR_YEARS + 1)]


def contract_form_data(contract: ApprenticeshipContract, *, business: Business) -> dict:
    """The saved contract as submitted form data, so the edit page can show the rules' findings at the fields."""
    unbound = ContractForm(instance=contract, business=business)
    data = {}
    for bound in unbound:
        value = bound.value()
        if isinstance(bound.field, GermanDecimalField):
            value = bound.field.prepare_value(value)
        if value is None:
            continue
        data[bound.html_name] = value
    return data


class RemarksForm(forms.Form):
    remarks = forms.CharField(
        label=_("Remarks for the business"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The business sees them on the contract's page and in the e-mail."),
    )


class RegisterForm(forms.Form):
    register_number = forms.CharField(
        label=_("Register number"),
        required=False,
        max_length=30,
        help_text=_("Empty: the portal assigns one (LR-year-number)."),
    )


class PaperUploadForm(forms.Form):
    signed_contract = forms.FileField(
        label=_("Signed contract (scan)"),
        help_text=_("PDF, JPEG or PNG; all pages with all signatures."),
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute()}),
    )


class ChangeForm(forms.Form):
    TRAINER = "trainer"
    KIND_CHOICES = [
        (TRAINER, _("change of trainer")),
        *ApprenticeshipContract.EndKind.choices,
    ]
    kind = forms.ChoiceField(label=_("What has changed?"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    effective_date = forms.DateField(
        label=_("Effective from / ended on"), widget=DATE_WIDGET, input_formats=DATE_INPUT_FORMATS
    )
    trainer = forms.ModelChoiceField(label=_("New trainer"), queryset=Trainer.objects.none(), required=False)
    note = forms.CharField(
        label=_("Note for the chamber"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, contract: ApprenticeshipContract, **kwargs):
        super().__init__(*args, **kwargs)
        sites = [contract.business_id] + ([contract.training_site_id] if contract.training_site_id else [])
        self.fields["trainer"].queryset = Trainer.objects.filter(business_id__in=sites, is_active=True).exclude(
            pk=contract.trainer_id
        )
        self.fields["trainer"].empty_label = _("– please choose –")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == self.TRAINER and not cleaned.get("trainer"):
            self.add_error("trainer", _("Please choose the new trainer."))
        return cleaned


class ConfirmForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have received and read the contract and agree to it."),
        error_messages={"required": _("Please confirm that you have received and read the contract and agree to it.")},
    )


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by apprentice"), required=False, max_length=100)
    group = forms.CharField(required=False, max_length=20)
