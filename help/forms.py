import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactRequest
from .search import MAX_QUERY_LENGTH

BUSINESS_NUMBER_RE = re.compile(r"^\d{5,10}(-\d{1,4})?$")


class SearchInput(forms.TextInput):
    input_type = "search"


class HelpSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the help"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=SearchInput(attrs={"placeholder": _("e.g. Betriebsnummer, PIN, password"), "class": "form-control"}),
    )


class ContactForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[("", _("Please choose")), *ContactRequest.Topic.choices],
        error_messages={"required": _("Please choose a topic.")},
    )
    message = forms.CharField(
        label=_("Your question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Please describe what you wanted to do and what happened. Never send a password or a PIN."),
        error_messages={"required": _("Please write your question.")},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send the confirmation and our answer to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("Please enter a valid e-mail address, e.g. name@example.de."),
        },
    )
    business_number = forms.CharField(
        label=_("Betriebsnummer (optional)"),
        required=False,
        max_length=20,
        help_text=_(
            "If your question concerns a business: its Betriebsnummer, for a branch with the Filialnummer "
            "(e.g. 1234567-1)."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # Hidden from people (the field sits in a container that is not displayed); form-filling robots fill it.
    website = forms.CharField(label=_("Please leave this field empty"), required=False)
    # The portal page the person came from; checked in the view (help.views.portal_page), never a reason to
    # refuse the question.
    page = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["topic", "message", "name", "email", "business_number", "website", "page"]

    def clean_business_number(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data.get("business_number") or "")
        if value and not BUSINESS_NUMBER_RE.match(value):
            raise forms.ValidationError(
                _("A Betriebsnummer consists of 5 to 10 digits; for a branch add a hyphen and the Filialnummer.")
            )
        return value

    def clean_page(self) -> str:
        return (self.cleaned_data.get("page") or "")[:1000]

    def is_robot(self) -> bool:
        return bool((self.cleaned_data.get("website") or "").strip())
