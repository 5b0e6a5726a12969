import hashlib
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Course

SELF = "self"


class SearchInput(forms.TextInput):
    input_type = "search"


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search term"), required=False, max_length=200, widget=SearchInput)
    category = forms.ChoiceField(label=_("Category"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)
    place = forms.ChoiceField(label=_("Place"), required=False)

    def __init__(self, *args, months: list[date], places: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.formats import date_format

        self.fields["q"].widget.attrs["placeholder"] = _("Title, topic or course number")
        self.fields["category"].choices = [("", _("All categories")), *Course.Category.choices]
        self.fields["month"].choices = [("", _("All months"))] + [
            (f"{m:%Y-%m}", date_format(m, "YEAR_MONTH_FORMAT")) for m in months
        ]
        self.fields["place"].choices = [("", _("All places"))] + [(p, p) for p in places]

    def fragment_key(self) -> str:
        """Everything the rendered form shows: what was entered, the choices and the language. crispy renders
        it once per process for each combination ({% cache %} in catalog.html)."""
        data = sorted(self.data.lists()) if self.is_bound else []
        choices = [
            (str(value), str(label)) for name in ("month", "place") for value, label in self.fields[name].choices
        ]
        return hashlib.sha256(repr((get_language(), data, choices)).encode()).hexdigest()

    def month_value(self) -> date | None:
        value = self.cleaned_data.get("month") if self.is_valid() else ""
        if not value:
            return None
        year, month = value.split("-")
        return date(int(year), int(month), 1)


class BookingForm(forms.Form):
    """Who is booked: the user themself, or — for a business user — a named employee of a business."""

    booking_for = forms.ChoiceField(
        label=_("Booking for"),
        widget=forms.RadioSelect,
        initial=SELF,
        error_messages={"invalid_choice": _("Please choose whom you are booking for.")},
    )
    participant_name = forms.CharField(label=_("Participant's name"), required=False, max_length=200)
    participant_email = forms.EmailField(label=_("Participant's e-mail address"), required=False)
    billing_address = forms.CharField(
        label=_("Billing address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_("Name, street and house number, postcode and town: where we send the invoice."),
    )

    def __init__(self, *args, user, businesses: list, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Only a paid course asks for it; a booking billed to a business leaves it empty.
        self.needs_billing_address = bool(course is not None and course.price)
        if not self.needs_billing_address:
            del self.fields["billing_address"]
        self.businesses = {str(business.pk): business for business in businesses}
        choices = [(SELF, _("Myself (%(name)s, invoice to me)") % {"name": user.get_full_name() or user.email})]
        choices += [
            (pk, _("An employee of %(business)s (invoice to the business)") % {"business": business})
            for pk, business in self.businesses.items()
        ]
        self.fields["booking_for"].choices = choices
        if not self.businesses:
            self.fields["booking_for"].widget = forms.HiddenInput()
            del self.fields["participant_name"]
            del self.fields["participant_email"]
        else:
            self.fields["participant_name"].help_text = _("Only for a booking for an employee.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("booking_for", SELF) != SELF:
            if not cleaned.get("participant_name"):
                self.add_error("participant_name", _("Please enter the employee's name."))
            if not cleaned.get("participant_email") and "participant_email" not in self.errors:
                self.add_error("participant_email", _("Please enter the employee's e-mail address."))
        elif self.needs_billing_address and not (cleaned.get("billing_address") or "").strip():
            self.add_error(
                "billing_address",
                _("Please enter the billing address: the course costs money and the invoice goes to you."),
            )
        return cleaned

    @property
    def billing_address_given(self) -> str:
        """The billing address typed, for a booking the user pays; empty for one billed to a business."""
        if self.business is not None:
            return ""
        return (self.cleaned_data.get("billing_address") or "").strip()

    @property
    def business(self):
        return self.businesses.get(self.cleaned_data.get("booking_for"))

    def participant(self) -> tuple[str, str]:
        if self.business is None:
            return self.user.get_full_name() or self.user.email, self.user.email
        return self.cleaned_data["participant_name"], self.cleaned_data["participant_email"]


class StaffBookingForm(forms.Form):
    """Staff book a person on their behalf (a call, a letter): the person's account, a course, and for a paid
    course the billing address. The booking service decides place or waiting list, as for everyone."""

    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    email = forms.EmailField(
        label=_("E-mail address of the person's account"),
        help_text=_("The booking appears under “My bookings” of this account; the confirmation goes there."),
    )
    billing_address = forms.CharField(
        label=_("Billing address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a course that costs money."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(
            cancelled_at__isnull=True, is_published=True, first_date_start__gt=timezone.now()
        ).order_by("first_date_start", "number")

    def clean_email(self):
        from accounts.models import User

        email = self.cleaned_data["email"].strip()
        self.person = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.person is None:
            raise forms.ValidationError(_("There is no active account with this e-mail address."))
        return email
