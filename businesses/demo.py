"""Demo businesses for `make run`: a main business with two branches, its admin and a colleague."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User

from .models import Business, Membership

MAIN = {
    "betriebsnummer": "1234567",
    "filialnummer": "",
    "name": "Elektro Mustermann GmbH",
    "legal_form": "GmbH",
    "trade": "Elektrotechniker",
    "street": "Hauptstraße 12",
    "postal_code": "12345",
    "city": "Musterstadt",
    "email": "info@elektro-mustermann.example.de",
}
BRANCHES = [
    {"filialnummer": "1", "name": "Elektro Mustermann GmbH – Filiale Nord", "street": "Nordring 3"},
    {"filialnummer": "2", "name": "Elektro Mustermann GmbH – Filiale Süd", "street": "Südallee 40"},
]
UNLINKED = {
    "betriebsnummer": "7654321",
    "filialnummer": "",
    "name": "Dachdeckerei Beispiel e.K.",
    "legal_form": "e.K.",
    "trade": "Dachdecker",
    "street": "Ziegelweg 5",
    "postal_code": "12347",
    "city": "Musterstadt",
    "email": "kontakt@dachdeckerei-beispiel.example.de",
}
PEOPLE = [
    ("betrieb@example.de", User.Salutation.HERR, "Max", "Mustermann"),
    ("geselle@example.de", User.Salutation.FRAU, "Gesa", "Geselle"),
]


def _business(data: dict, main: Business | None = None) -> Business:
    data = dict(data)
    key = {"betriebsnummer": data.pop("betriebsnummer"), "filialnummer": data.pop("filialnummer")}
    business, _created = Business.objects.update_or_create(**key, defaults={**data, "main_business": main})
    return business


def _person(email: str, salutation: str, first: str, last: str) -> User:
    user, _created = User.objects.update_or_create(
        email=email, defaults={"salutation": salutation, "first_name": first, "last_name": last}
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _member(user: User, business: Business, role: str) -> None:
    if not Membership.objects.filter(user=user, business=business).exclude(status=Membership.Status.ENDED).exists():
        Membership.objects.create(
            user=user,
            business=business,
            role=role,
            status=Membership.Status.ACTIVE,
            source=Membership.Source.STAFF,
            activated_at=timezone.now(),
        )


def load() -> list[tuple[str, str, str]]:
    main = _business(MAIN)
    branches = [
        _business({**MAIN, **branch, "email": f"filiale{branch['filialnummer']}@elektro-mustermann.example.de"}, main)
        for branch in BRANCHES
    ]
    _business(UNLINKED)
    admin = _person(*PEOPLE[0])
    colleague = _person(*PEOPLE[1])
    _member(admin, main, Membership.Role.ADMIN)
    _member(admin, branches[0], Membership.Role.ADMIN)
    _member(colleague, main, Membership.Role.MEMBER)
    return [
        (admin.email, DEMO_PASSWORD, "Betriebsadmin Elektro Mustermann (Betriebsnr. 1234567, auch Filiale 1)"),
        (colleague.email, DEMO_PASSWORD, "Mitglied Elektro Mustermann"),
        ("–", "–", "PIN-Anforderung ausprobieren: Betriebsnummer 7654321 (Mail erscheint in der Konsole)"),
    ]
