from allauth.account.views import SignupView as AllauthSignupView
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.request_meta import base_url

from . import services
from .forms import SIGNUP_SESSION_KEY, EmailForm, ProfileForm, SetInitialPasswordForm
from .models import User
from .tokens import LinkState, activation_token_generator

ACTIVATION_SESSION_KEY = "accounts_activation"
RESEND_WAIT_MESSAGE = gettext_lazy(
    "We have only just sent a mail to this address. Please wait a few minutes before requesting another one."
)
LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def mask_email(email: str) -> str:
    """`max.mustermann@example.de` → `m***@example.de`: enough to spot a typo, not enough to harvest."""
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class SignupView(AllauthSignupView):
    """allauth's sign-up, prefilled after "Adresse korrigieren" with what the person had entered."""

    def get_initial(self):
        initial = super().get_initial()
        initial.update(self.request.session.pop("accounts_signup_correction", {}))
        return initial


def verification_sent(request: HttpRequest) -> HttpResponse:
    signup = request.session.get(SIGNUP_SESSION_KEY)
    return render(
        request,
        "accounts/verification_sent.html",
        {"masked_email": mask_email(signup["email"]) if signup else None},
    )


def _resend_allowed(request: HttpRequest, email: str) -> bool:
    # Consumed for every address alike, known or not, so the answer reveals nothing about accounts.
    return ratelimit.consume(request, action="activation_resend", key=email.lower())


@require_POST
def activation_resend(request: HttpRequest) -> HttpResponse:
    """Send the activation mail again. The answer is the same for every address."""
    signup = request.session.get(SIGNUP_SESSION_KEY)
    form = EmailForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
    elif signup:
        email = signup["email"]
    else:
        return render(request, "accounts/activation_resend.html", {"form": form}, status=400)
    if _resend_allowed(request, email):
        services.activation_resend(email=email, base_url=base_url(request))
        messages.success(
            request,
            _("If an account waiting for activation exists for this address, we have sent a new activation mail."),
        )
    else:
        messages.warning(request, RESEND_WAIT_MESSAGE)
    return redirect("account_email_verification_sent" if signup else "account_login")


def activation_resend_form(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/activation_resend.html", {"form": EmailForm()})


@require_POST
def signup_correct(request: HttpRequest) -> HttpResponse:
    """'Adresse korrigieren': drop the mistyped, never used account and return to the prefilled sign-up."""
    signup = request.session.pop(SIGNUP_SESSION_KEY, None)
    if signup:
        if signup.get("request_id"):
            services.signup_discard(request_id=signup["request_id"])
        request.session["accounts_signup_correction"] = {
            key: signup[key] for key in ("email", "salutation", "first_name", "last_name")
        }
    return redirect("account_signup")


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the activation mail. GET only shows a button, so a mail scanner cannot use it up."""
    user = _user_from_uid(uidb64)
    state = activation_token_generator.link_state(user, token)
    if state is not LinkState.VALID:
        return render(
            request,
            "accounts/activation_invalid.html",
            {"state": state.value, "uidb64": uidb64, "token": token, "form": EmailForm()},
            status=410 if state in (LinkState.USED, LinkState.EXPIRED) else 404,
        )
    if request.method == "POST":
        services.email_mark_verified(user=user)
        request.session[ACTIVATION_SESSION_KEY] = {"uid": uidb64, "token": token}
        return redirect("accounts:set_password")
    return render(request, "accounts/activate.html", {"activated_user": user})


@require_POST
def activation_renew(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """'Neue Aktivierungsmail' from an expired link: the link proves the address, no typing needed."""
    user = _user_from_uid(uidb64)
    if activation_token_generator.link_state(user, token) is not LinkState.EXPIRED:
        return redirect("accounts:activate", uidb64=uidb64, token=token)
    if not _resend_allowed(request, user.email):
        messages.warning(request, RESEND_WAIT_MESSAGE)
        return redirect("account_login")
    services.activation_send(user=user, base_url=base_url(request))
    messages.success(request, _("We have sent you a new activation mail. Please check your inbox."))
    return redirect("account_login")


def set_password(request: HttpRequest) -> HttpResponse:
    """'Passwort festlegen': the second step of activation; afterwards the user is logged in."""
    pending = request.session.get(ACTIVATION_SESSION_KEY) or {}
    user = _user_from_uid(pending.get("uid", ""))
    state = activation_token_generator.link_state(user, pending.get("token", ""))
    if state is not LinkState.VALID:
        request.session.pop(ACTIVATION_SESSION_KEY, None)
        return render(
            request, "accounts/activation_invalid.html", {"state": state.value, "form": EmailForm()}, status=410
        )
    form = SetInitialPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.account_activate(user=user, password=form.cleaned_data["password1"])
        request.session.pop(ACTIVATION_SESSION_KEY, None)
        request.session.pop(SIGNUP_SESSION_KEY, None)
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(request, _("Your account is active. Welcome to the customer portal!"))
        return redirect("portal:my_portal")
    return render(request, "accounts/set_password.html", {"form": form, "activated_user": user})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
