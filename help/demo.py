"""Demo data of the help for `make run`: the shipped answers (from the migration), a few questions to the
service desk and some statistics, so that staff see the admin screens filled."""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from .migrations._initial_content import install
from .models import ContactRequest, Faq, FaqOpenDay, SearchMiss

DEMO_REQUESTS = [
    {
        "reference": "H-DEMO-000001",
        "topic": ContactRequest.Topic.BUSINESS_LINK,
        "name": "Petra Pinsel",
        "email": "petra.pinsel@example.de",
        "message": "Die PIN-Mail ist bei uns nicht angekommen. Unsere E-Mail-Adresse hat sich geändert: "
        "neu ist buero@malerei-pinsel.example.de.",
        "business_number": "4711001",
        "page": "/betrieb/pin-anfordern/",
    },
    {
        "reference": "H-DEMO-000002",
        "topic": ContactRequest.Topic.COURSES,
        "name": "Karl Kunde",
        "email": "kunde@example.de",
        "message": "Kann ich einen Meisterkurs auch in Raten bezahlen?",
        "page": "/kurse/",
    },
]

DEMO_MISSES = {"ratenzahlung": 7, "handwerkskarte verloren": 4, "lehrvertrag": 3}


def load() -> list:
    install(apps, only_missing=True)
    for data in DEMO_REQUESTS:
        ContactRequest.objects.get_or_create(reference=data["reference"], defaults=data)
    today = timezone.localdate()
    for number, faq in enumerate(Faq.objects.published().order_by("category__order", "order")[:8]):
        for days_ago in range(0, 20, 3):
            FaqOpenDay.objects.get_or_create(
                faq=faq, day=today - timedelta(days=days_ago), defaults={"count": 12 - number + days_ago % 5}
            )
    for query, count in DEMO_MISSES.items():
        SearchMiss.objects.get_or_create(query=query, defaults={"count": count})
    return []
