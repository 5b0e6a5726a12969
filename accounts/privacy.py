"""The account itself: personal data, e-mail addresses, second factors, logged-in browsers, exports."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from portal.privacy import Erasure, ExportPart

from . import sessions
from .data_export import data_exports_erase
from .models import DataExport, SignupRequest, User, UserSession

TITLE = _("Your account")
ORDER = 10

LABELS = {
    "account": _("Account"),
    "email": _("E-mail address"),
    "salutation": _("Salutation"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "date_joined": _("Registered on"),
    "last_login": _("Last login"),
    "privacy_accepted_at": _("Privacy notice accepted on"),
    "is_active": _("Active"),
    "activity_confirmed_at": _("Account confirmed as still needed on"),
    "inactivity_warning_sent_at": _("Inactivity warning sent on"),
    "email_addresses": _("E-mail addresses"),
    "verified": _("Confirmed"),
    "primary": _("Used for login"),
    "second_factors": _("Second factors"),
    "type": _("Type"),
    "name": _("Name"),
    "created_at": _("Set up on"),
    "last_used_at": _("Last used"),
    "sessions": _("Logged-in devices"),
    "browser": _("Browser"),
    "network": _("Network"),
    "logged_in_at": _("Logged in"),
    "last_seen_at": _("Last seen"),
    "data_exports": _("Data exports"),
    "requested_at": _("Requested"),
    "status": _("Status"),
    "downloaded_at": _("Downloaded"),
}


def _authenticator_name(authenticator: Authenticator) -> str:
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        return authenticator.wrap().name
    return ""


def export(user: User) -> ExportPart:
    data = {
        "account": {
            "email": user.email,
            "salutation": user.get_salutation_display(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "privacy_accepted_at": user.privacy_accepted_at,
            "is_active": user.is_active,
            "activity_confirmed_at": user.activity_confirmed_at,
            "inactivity_warning_sent_at": user.inactivity_warning_sent_at,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        # What kind and when — never a secret, a recovery code or a key.
        "second_factors": [
            {
                "type": authenticator.get_type_display(),
                "name": _authenticator_name(authenticator),
                "created_at": authenticator.created_at,
                "last_used_at": authenticator.last_used_at,
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "sessions": [
            {
                "browser": sessions.describe_user_agent(row.user_agent),
                "network": row.ip_prefix,
                "logged_in_at": row.created_at,
                "last_seen_at": row.last_seen_at,
            }
            for row in UserSession.objects.filter(user=user)
        ],
        "data_exports": [
            {"requested_at": row.requested_at, "status": row.get_status_display(), "downloaded_at": row.downloaded_at}
            for row in DataExport.objects.filter(user=user)
        ],
    }
    return ExportPart(data=data, labels=LABELS)


def erase_blockers(user: User) -> list[str]:
    if user.is_staff:
        # Their admin history (LogEntry) would go with them; the chamber ends staff accounts itself.
        return [
            _(
                "Accounts of the chamber's staff are managed by the chamber. Please ask the administrators "
                "of the portal to close your account."
            )
        ]
    return []


def erase(user: User, *, erasure: Erasure) -> None:
    # Logged out everywhere at once; addresses, second factors, session and export rows go with the
    # user row (CASCADE), the export files are removed here.
    sessions.user_sessions_end_all(user=user)
    data_exports_erase(user=user)
    # Sign-ups waiting to be processed (kept a day at most) name the person as well.
    SignupRequest.objects.filter(email__iexact=user.email).delete()
