from allauth.account.adapter import get_adapter
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm as MFAAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as MFAReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as MFAActivateTOTPForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm as MFAAddWebAuthnForm
from allauth.mfa.webauthn.forms import EditWebAuthnForm as MFAEditWebAuthnForm
from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from businesses.pins import pin_looks_like
from portal.request_meta import base_url

from .models import User
from .services import signup_correct, signup_request

SIGNUP_SESSION_KEY = "accounts_signup"
# What the sign-up form opens with: the data of "Adresse korrigieren", or the address of an invitation.
SIGNUP_PREFILL_SESSION_KEY = "accounts_signup_correction"
# Set by "Adresse korrigieren": the sign-up the next one replaces. The first sign-up stays valid until then.
SIGNUP_CORRECTING_SESSION_KEY = "accounts_signup_correcting"
SIGNUP_UNCHANGED_MESSAGE = _(
    "The address is unchanged, so we have not sent another mail: the link in the mail we sent you is still valid."
)


def _privacy_label() -> str:
    return format_html(
        _('I have read the <a href="{url}" target="_blank" rel="noopener">privacy notice</a> and agree to it.'),
        url=reverse_lazy("portal:privacy"),
    )


class SignupForm(AllauthSignupForm):
    """Sign-up asks only what the chamber needs; the password is set from the activation mail."""

    salutation = forms.ChoiceField(label=_("Salutation"), choices=[("", _("Please choose")), *User.Salutation.choices])
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    privacy_consent = forms.BooleanField(
        label=lazy(_privacy_label, str)(),
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )

    field_order = ["salutation", "first_name", "last_name", "email", "privacy_consent"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("password1", None)
        self.fields.pop("password2", None)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].help_text = _("We will send you a link to activate your account to this address.")
        self.order_fields(self.field_order)

    def try_save(self, request):
        """Store the sign-up for a task instead of creating the account here (accounts.services.signup_request):
        the answer, and its timing, are the same whether or not the address has an account. The page after
        sign-up shows the address (masked) and lets the person correct a typo."""
        data = {key: self.cleaned_data[key] for key in ("email", "salutation", "first_name", "last_name")}
        replaced_id = request.session.pop(SIGNUP_CORRECTING_SESSION_KEY, None)
        if replaced_id:
            pending = signup_correct(request_id=replaced_id, **data, base_url=base_url(request))
            if pending.pk == replaced_id:
                messages.info(request, SIGNUP_UNCHANGED_MESSAGE)
        else:
            pending = signup_request(**data, base_url=base_url(request))
        request.session[SIGNUP_SESSION_KEY] = {**data, "request_id": pending.pk}
        return None, get_adapter().respond_email_verification_sent(request, None)


PIN_HINT = _(
    "Note: the business PIN from the chamber's letter is not your password. You enter it after logging in, "
    "under “My business”, to link your account with your business."
)


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        # The page has its own "Passwort vergessen" link next to the button.
        self.fields["password"].help_text = ""

    def clean_password(self) -> str:
        # Passwords cannot begin or end with white space, so a stray space from pasting is dropped.
        return self.cleaned_data["password"].strip()

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if pin_looks_like(self.cleaned_data.get("password", "")):
                raise ValidationError(
                    [*error.error_list, ValidationError(PIN_HINT, code="pin_not_password")]
                ) from error
            raise


class SetInitialPasswordForm(forms.Form):
    """'Passwort festlegen' after activation."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=lazy(password_validation.password_validators_help_text_html, str)(),
    )
    password2 = forms.CharField(
        label=_("Repeat password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("The two passwords do not match."))
        return cleaned


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["salutation", "first_name", "last_name"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Sign-up requires names; the profile must not let them be emptied.
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True


# --- Second factor (allauth.mfa, settings.MFA_FORMS): German labels, and a keypad on phones ---------

_CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off", "spellcheck": "false"}


def _code_field(form: forms.Form, label, help_text="") -> None:
    field = form.fields["code"]
    field.label = label
    field.help_text = help_text
    field.widget.attrs = {**_CODE_ATTRS, "class": "form-control code-input", "size": "12"}


class ActivateTOTPForm(MFAActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, _("Six-digit code from the app"))


class AuthenticateForm(MFAAuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(
            self,
            _("Code from your authenticator app"),
            _("Phone not at hand? Enter one of your recovery codes instead; each works once."),
        )


class ReauthenticateForm(MFAReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(
            self,
            _("Code from your authenticator app"),
            _("Phone not at hand? Enter one of your recovery codes instead; each works once."),
        )


class AddWebAuthnForm(MFAAddWebAuthnForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the passkey")
        self.fields["name"].help_text = _("So that you can tell your keys apart, e.g. “Laptop office” or “iPhone”.")
        if "passwordless" in self.fields:
            self.fields["passwordless"].label = _("Also use it to log in without a password")
            self.fields["passwordless"].help_text = _(
                "The passkey then replaces the password as well. Your device asks for your fingerprint, face "
                "or device PIN each time."
            )


class EditWebAuthnForm(MFAEditWebAuthnForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the passkey")


# --- Account deletion --------------------------------------------------------------------------


class AccountDeleteForm(forms.Form):
    """ "Konto löschen": the password, the second factor (if set up) and an explicit yes."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code from your authenticator app or a recovery code"),
        required=False,
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and my personal data for good."),
        error_messages={"required": _("Please confirm that you want to delete your account.")},
    )

    def __init__(self, *args, user: User, request, needs_code: bool, **kwargs) -> None:
        self.user = user
        self.request = request
        self.needs_code = needs_code
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["code"]

    def clean_password(self) -> str:
        from allauth.core import ratelimit

        password = self.cleaned_data["password"].strip()
        if not ratelimit.consume(self.request, action="account_delete", user=self.user):
            raise ValidationError(_("Too many attempts. Please wait a few minutes and try again."), code="rate_limited")
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."), code="wrong_password")
        return password

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code", "").strip()
        if not code:
            raise ValidationError(_("Please enter a code from your authenticator app or a recovery code."))
        # allauth's own check: the same rate limit as at login, recovery codes spent once, failures audited.
        check = MFAReauthenticateForm(user=self.user, data={"code": code})
        if not check.is_valid():
            raise ValidationError(check.errors["code"])
        return code


class SuccessorForm(forms.Form):
    own = forms.IntegerField(widget=forms.HiddenInput)
    successor = forms.IntegerField(label=_("New administrator"))


class AddEmailForm(AllauthAddEmailForm):
    """ "E-Mail-Adresse ändern": the one field of the page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("New e-mail address")
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "placeholder": ""})
