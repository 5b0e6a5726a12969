from __future__ import annotations

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from businesses.models import Business
from contracts.models import Occupation
from portal.postcodes import lookup_place, lookup_postcode

from .models import Vacancy
from .selectors import ORDER_DATE, ORDER_DISTANCE, RADIUS_CHOICES, SearchCriteria
from .services import EDITABLE_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


class VacancyForm(forms.ModelForm):
    """What a business writes into a posting. The rules of the workflow are the service's."""

    class Meta:
        model = Vacancy
        fields = EDITABLE_FIELDS  # one list: the service saves exactly what the form edits
        widgets = {
            "start_date": DATE_WIDGET,
            "published_from": DATE_WIDGET,
            "published_until": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 8}),
            "how_to_apply": forms.Textarea(attrs={"rows": 4}),
            "site_postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        }

    def __init__(self, *args, business: Business, **kwargs):
        super().__init__(*args, **kwargs)
        self.business = business
        self.fields["occupation"].queryset = Occupation.objects.active()
        self.fields["site_business"].queryset = Business.objects.filter(
            Q(pk=business.pk) | Q(main_business=business), is_active=True
        ).order_by("filialnummer")
        self.fields["site_business"].required = False
        for name in ("start_date", "published_from", "published_until"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS
        self.fields["published_until"].required = True
        self.fields["start_date"].help_text = _("Leave empty if only the training year is known.")
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("start_year", timezone.localdate().year + 1)
            self.initial.setdefault("site_street", business.street)
            self.initial.setdefault("site_postal_code", business.postal_code)
            self.initial.setdefault("site_city", business.city)

    def clean(self):
        data = super().clean()
        postcode, city = data.get("site_postal_code"), data.get("site_city")
        if postcode and city and lookup_postcode(postcode) is None and lookup_place(city) is None:
            self.add_error(
                "site_postal_code",
                _(
                    "We do not know this postcode or place. Please check them, so that the radius search finds "
                    "the posting."
                ),
            )
        start, year = data.get("start_date"), data.get("start_year")
        if start and year and start.year != year:
            self.add_error("start_year", _("The training year must be the year of the start date."))
        until = data.get("published_until")
        if until and until < timezone.localdate():
            self.add_error("published_until", _("The end of publication lies in the past. Please choose a later date."))
        begin = data.get("published_from")
        if begin and until and begin > until:
            self.add_error("published_until", _("The publication cannot end before it begins."))
        return data


class RepublishForm(forms.Form):
    published_until = forms.DateField(label=_("published until"), widget=DATE_WIDGET, input_formats=DATE_INPUT_FORMATS)

    def clean_published_until(self):
        until = self.cleaned_data["published_until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("The end of publication lies in the past. Please choose a later date."))
        return until


class PlainSelect(forms.Select):
    """A select whose options are written in Python instead of one template per option: the occupation list
    has well over a hundred entries, and their templates were most of the search page's rendering time."""

    def render(self, name, value, attrs=None, renderer=None):
        attributes = self.build_attrs(self.attrs, attrs)
        attributes["name"] = name
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(key), " selected" if str(key) == chosen else "", label) for key, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(attributes), options)


class SearchForm(forms.Form):
    """The public search; every field optional, unknown values ignored rather than refused."""

    q = forms.CharField(label=_("Search words"), required=False, max_length=100)
    occupation = forms.ModelChoiceField(
        label=_("Occupation"),
        queryset=Occupation.objects.none(),
        required=False,
        empty_label=_("All occupations"),
        widget=PlainSelect,
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("jobboard", "Kind"), choices=[("", _("All kinds")), *Vacancy.Kind.choices], required=False
    )
    where = forms.CharField(
        label=_("Postcode or place"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    radius = forms.TypedChoiceField(
        label=_("Radius"),
        choices=[(r, _("%(km)d km") % {"km": r}) for r in RADIUS_CHOICES],
        coerce=int,
        required=False,
        initial=25,
    )
    year = forms.TypedChoiceField(label=_("Start year"), coerce=int, required=False, empty_value=None)
    order = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("", _("Distance (with a place), else date")),
            (ORDER_DISTANCE, _("Distance")),
            (ORDER_DATE, _("Newest first")),
        ],
        required=False,
    )

    def __init__(self, *args, occupations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = occupations
        # Rendered by hand in the template (no crispy: it was a good part of the page's time).
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        year = timezone.localdate().year
        self.fields["year"].choices = [("", _("Any year"))] + [(y, str(y)) for y in range(year, year + 3)]

    def criteria(self) -> SearchCriteria:
        # Invalid values (an occupation id that no longer exists, a year out of range) are dropped, not refused.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        occupation = data.get("occupation")
        return SearchCriteria.from_params(
            {
                "occupation": occupation.pk if occupation else None,
                "kind": data.get("kind") or "",
                "where": data.get("where") or "",
                "radius": data.get("radius"),
                "year": data.get("year"),
                "q": data.get("q") or "",
                "order": data.get("order") or "",
            }
        )


class ReturnForm(forms.Form):
    remarks = forms.CharField(
        label=_("Reason for the business"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The business reads it on the posting's page and in the e-mail."),
    )


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("jobboard", "Name of the search"), max_length=200, required=False)
