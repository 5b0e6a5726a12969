from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BETRIEBSNUMMER_RE, FILIALNUMMER_RE, Membership
from .pins import PIN_LENGTH, pin_looks_like, pin_normalize

BETRIEBSNUMMER_HELP = _(
    "You find your Betriebsnummer on every letter of the chamber, on your Handwerkskarte and on your "
    "contribution notice (Beitragsbescheid). It consists of 5 to 10 digits."
)


class BusinessNumberForm(forms.Form):
    betriebsnummer = forms.RegexField(
        label=_("Betriebsnummer"),
        regex=BETRIEBSNUMMER_RE,
        # Pasted numbers often carry spaces around them: stripped, not refused. No maxlength in the page
        # either, or the browser cuts a pasted " 1234567890 " before the digits end (the regex counts them).
        strip=True,
        help_text=BETRIEBSNUMMER_HELP,
        error_messages={
            "invalid": _("A Betriebsnummer consists of 5 to 10 digits, without spaces or letters."),
            "required": _("Please enter your Betriebsnummer."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    filialnummer = forms.RegexField(
        label=_("Filialnummer (only for a branch)"),
        regex=FILIALNUMMER_RE,
        strip=True,
        required=False,
        help_text=_("Leave empty for the main business. Branches find their Filialnummer next to the Betriebsnummer."),
        error_messages={"invalid": _("A Filialnummer consists of 1 to 4 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_betriebsnummer(self) -> str:
        return self.cleaned_data["betriebsnummer"].strip()

    def clean_filialnummer(self) -> str:
        return (self.cleaned_data.get("filialnummer") or "").strip()


class PinRequestForm(BusinessNumberForm):
    pass


class PinRedeemForm(BusinessNumberForm):
    pin = forms.CharField(
        label=_("PIN"),
        max_length=20,
        help_text=_(
            "The 8 characters from the PIN mail or letter, e.g. ABCD-EFGH. Upper or lower case does not matter."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
        error_messages={"required": _("Please enter the PIN.")},
    )

    def clean_pin(self) -> str:
        raw = self.cleaned_data["pin"]
        if not pin_looks_like(raw):
            raise forms.ValidationError(
                _(
                    "A PIN consists of %(length)s letters and digits, e.g. ABCD-EFGH. It contains neither "
                    "0/O nor 1/I/L. Please check what you entered."
                ),
                params={"length": PIN_LENGTH},
            )
        return pin_normalize(raw)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of your colleague"),
        help_text=_("Your colleague receives a link, registers or logs in with this address and joins as member."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person is told this reason by e-mail."),
        error_messages={"required": _("Please give a reason.")},
    )


class SwitchForm(forms.Form):
    business = forms.IntegerField(widget=forms.HiddenInput)
