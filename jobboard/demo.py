"""Demo postings for `make run`: a few published ones of the demo business and one awaiting review."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from businesses.models import Business
from contracts.models import Occupation

from . import services
from .models import Vacancy

DEMO_MARK = "[Demo] "
SHK = "Anlagenmechaniker/in für Sanitär-, Heizungs- und Klimatechnik"

POSTINGS = [
    # (title, occupation, kind, postcode, place, published)
    (
        "Ausbildung Elektroniker/in für Energie- und Gebäudetechnik",
        "Elektroniker/in – Fachrichtung Energie- und Gebäudetechnik",
        "apprenticeship",
        "34117",
        "Kassel",
        True,
    ),
    (
        "Schülerpraktikum in der Elektroinstallation",
        "Elektroniker/in – Fachrichtung Energie- und Gebäudetechnik",
        "internship",
        "34117",
        "Kassel",
        True,
    ),
    (
        "Ausbildung Anlagenmechaniker/in SHK",
        SHK,
        "apprenticeship",
        "34225",
        "Baunatal",
        True,
    ),
    ("Ausbildung Friseur/in im Salon am Markt", "Friseur/in", "apprenticeship", "37073", "Göttingen", False),
]


def load() -> list[tuple[str, str, str]]:
    business = Business.objects.filter(name__icontains="Mustermann").order_by("pk").first()
    owner = User.objects.filter(business_memberships__business=business).order_by("pk").first() if business else None
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    if business is None or owner is None or Vacancy.objects.filter(title__startswith=DEMO_MARK).exists():
        return []
    today = timezone.localdate()
    for title, occupation_name, kind, postcode, place, published in POSTINGS:
        occupation = Occupation.objects.get(name=occupation_name)  # a renamed catalogue entry must fail loudly here
        vacancy = services.vacancy_create(
            actor=owner,
            business=business,
            data={
                "kind": kind,
                "occupation": occupation,
                "title": DEMO_MARK + title,
                "description": "Wir bilden seit über 20 Jahren aus. Sie lernen bei uns alles, was das Handwerk "
                "ausmacht: im Team, auf modernen Baustellen und in unserer Werkstatt.",
                "site_street": "Werkstattweg 7",
                "site_postal_code": postcode,
                "site_city": place,
                "start_year": today.year + 1,
                "start_date": dt.date(today.year + 1, 8, 1),
                "places": 2,
                "qualification": Vacancy.Qualification.MITTLERER,
                "contact_name": "Frau Mustermann",
                "contact_phone": "0561 123456",
                "contact_email": "ausbildung@example.de",
                "how_to_apply": "Bitte senden Sie Anschreiben, Lebenslauf und die letzten zwei Zeugnisse per E-Mail.",
                "published_until": today + dt.timedelta(days=90),
            },
        )
        services.vacancy_submit(actor=owner, vacancy_id=vacancy.pk)
        if published and staff is not None:
            services.vacancy_approve(actor=staff, vacancy_id=vacancy.pk)
    return [("–", "–", "Lehrstellenbörse: Stellen von Elektro Mustermann (eine wartet auf Prüfung im Admin)")]
