"""Demo accounts for `make run`."""

from allauth.account.models import EmailAddress

from .models import User

DEMO_PASSWORD = "Demo-Passwort-2026"

DEMO_USERS = [
    {
        "email": "sachbearbeitung@hwk-musterstadt.de",
        "salutation": User.Salutation.FRAU,
        "first_name": "Sabine",
        "last_name": "Sachbearbeiter",
        "is_staff": True,
        "is_superuser": True,
        "role": "Sachbearbeitung der Kammer (Admin unter /admin/)",
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
        logins.append((user.email, DEMO_PASSWORD, role))
    return logins
