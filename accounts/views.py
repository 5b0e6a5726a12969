from allauth.account.views import SignupView as AllauthSignupView
from allauth.core import ratelimit
from allauth.mfa.base.views import IndexView as MFAIndexView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import privacy
from portal.errors import refusal_shown
from portal.request_meta import base_url

from . import data_export, deletion, inactivity, mfa_policy, services, sessions
from .audit import client_ip
from .forms import (
    SIGNUP_CORRECTING_SESSION_KEY,
    SIGNUP_PREFILL_SESSION_KEY,
    SIGNUP_SESSION_KEY,
    AccountDeleteForm,
    EmailForm,
    ProfileForm,
    SetInitialPasswordForm,
    SuccessorForm,
)
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
        initial.update(self.request.session.pop(SIGNUP_PREFILL_SESSION_KEY, {}))
        return initial


@never_cache
def verification_sent(request: HttpRequest) -> HttpResponse:
    # Never from the cache: the browser's Back button after "Adresse korrigieren" asks again and gets the
    # masked address and both buttons, which still work (the first sign-up stays until a new one replaces it).
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
    """'Adresse korrigieren': back to the prefilled sign-up. The first sign-up (account and mailed link) stays
    until the form is sent again: the same address keeps it, a different one replaces it
    (accounts.services.signup_correct) — so either way exactly one valid link is in the inbox."""
    signup = request.session.get(SIGNUP_SESSION_KEY)
    if signup:
        if signup.get("request_id"):
            request.session[SIGNUP_CORRECTING_SESSION_KEY] = signup["request_id"]
        request.session[SIGNUP_PREFILL_SESSION_KEY] = {
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
        if mfa_policy.has_second_factor(user):
            # Only an account reset by staff gets here with a second factor: the login asks for it.
            messages.success(request, _("Your password is set. Please log in."))
            return redirect("account_login")
        login(request, user, backend=LOGIN_BACKEND)
        joined = _join_invited_businesses(request, user)
        if joined:
            messages.success(
                request,
                _("Your account is active. You have joined %(business)s as member.")
                % {"business": ", ".join(membership.business.name for membership in joined)},
            )
            return redirect("businesses:mine")
        messages.success(request, _("Your account is active. Welcome to the customer portal!"))
        return redirect("portal:my_portal")
    return render(request, "accounts/set_password.html", {"form": form, "activated_user": user})


def _join_invited_businesses(request: HttpRequest, user: User) -> list:
    """Registered from an invitation: the activation proved the invited address, so the business is joined."""
    from businesses import access as business_access
    from businesses.services import invitations_accept_after_activation

    joined = invitations_accept_after_activation(user=user, ip=client_ip(request))
    if joined:
        business_access.current_membership_set(request, business_id=joined[0].business_id)
    return joined


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


# --- Mein Konto → Sicherheit ----------------------------------------------------------------------


class SecurityView(MFAIndexView):
    """ "Sicherheit": second factors (app, passkeys, recovery codes) with plain explanations.

    allauth's overview with more context: the staff rule, businesses that require a second factor.
    Served under allauth's name `mfa_index`, so that allauth's own redirects land here.
    """

    template_name = "mfa/index.html"

    def get_context_data(self, **kwargs) -> dict:
        from businesses.mfa_policy import businesses_requiring_second_factor

        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            {
                "has_second_factor": mfa_policy.has_second_factor(user),
                "requiring_businesses": businesses_requiring_second_factor(user),
                "staff_may_use_admin": user.is_staff and mfa_policy.staff_may_use_admin(self.request),
                "session_count": sessions.user_sessions_active(user=user).count(),
            }
        )
        return context


security = SecurityView.as_view()


# --- Angemeldete Geräte --------------------------------------------------------------------------


@login_required
def browser_sessions(request: HttpRequest) -> HttpResponse:
    rows = list(sessions.user_sessions_active(user=request.user))
    current = request.session.session_key
    entries = [
        {
            "row": row,
            "browser": sessions.describe_user_agent(row.user_agent),
            "is_current": row.session_key == current,
        }
        for row in rows
    ]
    entries.sort(key=lambda entry: not entry["is_current"])
    return render(
        request,
        "accounts/sessions.html",
        {"entries": entries, "others": sum(1 for entry in entries if not entry["is_current"])},
    )


@require_POST
@login_required
def browser_session_end(request: HttpRequest, pk: int) -> HttpResponse:
    row = sessions.user_session_get_for_user(user=request.user, pk=pk)
    if row.session_key == request.session.session_key:
        messages.info(request, _("To end this session, log out."))
        return redirect("accounts:sessions")
    sessions.user_session_end(
        user=request.user, session=row, current_key=request.session.session_key, ip=client_ip(request)
    )
    messages.success(
        request,
        _("%(browser)s has been logged out.") % {"browser": sessions.describe_user_agent(row.user_agent)},
    )
    return redirect("accounts:sessions")


@require_POST
@login_required
def browser_sessions_end_others(request: HttpRequest) -> HttpResponse:
    count = sessions.user_sessions_end_others(
        user=request.user, current_key=request.session.session_key, ip=client_ip(request)
    )
    messages.success(
        request,
        ngettext("%(count)d other device has been logged out.", "%(count)d other devices have been logged out.", count)
        % {"count": count},
    )
    return redirect("accounts:sessions")


# --- Meine Daten: export and deletion ---------------------------------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/my_data.html",
        {
            "exports": data_export.data_exports_of(user=request.user),
            "valid_days": settings.DATA_EXPORT_VALID_DAYS,
            "sections": [provider.title for provider in privacy.providers()],
        },
    )


@require_POST
@login_required
def data_export_request(request: HttpRequest) -> HttpResponse:
    with refusal_shown(request) as refusal:
        data_export.data_export_request(user=request.user, ip=client_ip(request))
    if not refusal:
        messages.success(
            request,
            _(
                "We are preparing your data. You will receive a mail with the download link in a few minutes; "
                "you can also find it on this page."
            ),
        )
    return redirect("accounts:my_data")


@never_cache
@login_required
def data_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The link from the mail: a page with a button (POST), so that link checkers do not spend the download."""
    export = data_export.data_export_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        with refusal_shown(request) as refusal:
            export, handle = data_export.data_export_download(user=request.user, pk=pk, ip=client_ip(request))
        if refusal:
            return redirect("accounts:my_data")
        filename = f"datenexport-{timezone.localtime(export.ready_at):%Y-%m-%d}.zip"
        return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")
    return render(request, "accounts/data_export_download.html", {"export": export})


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """ "Konto löschen": what goes, what is kept and why, and the confirmation."""
    user = request.user
    # With a second factor, its code too — unless it was just confirmed another way (a passkey).
    needs_code = mfa_policy.has_second_factor(user) and not mfa_policy.second_factor_confirmed_recently(request)
    form = AccountDeleteForm(request.POST or None, user=user, request=request, needs_code=needs_code)
    blockers = privacy.erase_blockers(user)
    if request.method == "POST" and not blockers and form.is_valid():
        with refusal_shown(request, form=form) as refusal:
            deletion.account_delete(user=user, by_owner=True, ip=client_ip(request))
        if not refusal:
            logout(request)
            return redirect("accounts:deleted")
    return render(
        request,
        "accounts/delete.html",
        {
            "form": form,
            "blockers": blockers,
            "successors": deletion.successor_candidates(user=user),
            "notes": privacy.erase_notes(user),
            "needs_code": needs_code,
            "has_passkey": mfa_policy.has_passkey(user),
        },
    )


@require_POST
@login_required
def account_delete_successor(request: HttpRequest) -> HttpResponse:
    form = SuccessorForm(request.POST)
    if form.is_valid():
        with refusal_shown(request) as refusal:
            successor = deletion.successor_name(
                user=request.user,
                own_membership_id=form.cleaned_data["own"],
                successor_membership_id=form.cleaned_data["successor"],
                ip=client_ip(request),
            )
        if not refusal:
            messages.success(
                request,
                _("%(person)s is now administrator of %(business)s.")
                % {
                    "person": successor.user.get_full_name() or successor.user.email,
                    "business": successor.business.name,
                },
            )
    return redirect("accounts:delete")


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")


# --- "Konto behalten" from the inactivity warning ------------------------------------------------


@never_cache
def account_keep(request: HttpRequest, token: str) -> HttpResponse:
    """Works without login. GET shows a button; the POST keeps the account (mail scanners only GET)."""
    user = inactivity.keep_token_user(token)
    if user is None:
        return render(request, "accounts/keep_invalid.html", status=404)
    if request.method == "POST":
        inactivity.account_keep(user=user, ip=client_ip(request))
        return render(request, "accounts/keep_done.html", {"kept_user": user})
    return render(request, "accounts/keep.html", {"kept_user": user})
