"""Demo accounts for `make run`."""

from allauth.account.models import EmailAddress

from .models import User

DEMO_PASSWORD = "Demo-Passwort-2026"
# The demo staff account's authenticator app (staff need a second factor for the admin): add this key
# to an app, or print the current code with `oathtool --totp -b <key>` or pyotp.
DEMO_STAFF_TOTP_SECRET = "KUNDENPORTALDEMOKAMMER23"

DEMO_USERS = [
    {
        "email": "sachbearbeitung@hwk-musterstadt.de",
        "salutation": User.Salutation.FRAU,
        "first_name": "Sabine",
        "last_name": "Sachbearbeiter",
        "is_staff": True,
        "is_superuser": True,
        "role": f"Sachbearbeitung der Kammer (Admin unter /admin/; Authenticator-App: {DEMO_STAFF_TOTP_SECRET})",
    },
    {
        "email": "kunde@example.de",
        "salutation": User.Salutation.HERR,
        "first_name": "Karl",
        "last_name": "Kunde",
        "role": "Kunde ohne Betriebsverknüpfung",
    },
]


def load() -> list[tuple[str, str, str]]:
    """Create (or reset) the demo accounts; returns (e-mail, password, role) for the console."""
    logins = []
    for data in DEMO_USERS:
        data = dict(data)
        role = data.pop("role")
        user, _created = User.objects.update_or_create(email=data["email"], defaults=data)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        if user.is_staff:
            _demo_authenticator_app(user)
        logins.append((user.email, DEMO_PASSWORD, role))
    return logins


def _demo_authenticator_app(user: User) -> None:
    """A known authenticator-app key for the demo staff account; left alone if one was set up by hand."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_STAFF_TOTP_SECRET)
        RecoveryCodes.activate(user)
