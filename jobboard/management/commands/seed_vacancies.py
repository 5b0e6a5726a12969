"""Seed published postings across Germany for load tests (bench/jobboard.py): `manage.py seed_vacancies 100000`.

Postings go to businesses with the Betriebsnummer prefix 98 (created here), at postcodes drawn from the
shipped postcode data, with the catalogue's occupations and a handful of title patterns. Idempotent up to the
count: running it again with a larger count adds the difference.
"""

import datetime as dt
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from businesses.models import Business
from contracts.models import Occupation
from jobboard.models import Vacancy
from portal.postcodes import _data

PREFIX = "98"
BUSINESSES = 2_000
BATCH = 5_000
TITLES = [
    "Ausbildung {occupation} in unserer Werkstatt",
    "{occupation} – Ausbildung im Familienbetrieb",
    "Praktikum {occupation}: Handwerk kennenlernen",
    "Duales Studium mit Ausbildung {occupation}",
    "Ausbildungsplatz {occupation} mit Übernahme",
]
DESCRIPTIONS = [
    "Wir bilden seit vielen Jahren aus und arbeiten auf Baustellen in der Region.",
    "Modernes Team, eigene Werkstatt, Fahrzeug für den Kundendienst.",
    "Sie lernen Planung, Montage und Wartung; Berufsschule im Blockunterricht.",
    "Familienbetrieb mit zwölf Mitarbeitenden, gute Übernahmechancen.",
]


class Command(BaseCommand):
    help = "Seed published postings across Germany (for the benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args, count: int, seed: int, **options):
        rng = random.Random(seed)  # noqa: S311 (test data, no secret)
        businesses = self._businesses()
        places = [place for place in _data().by_postcode.values()]
        occupations = list(Occupation.objects.active())
        existing = Vacancy.objects.filter(business__betriebsnummer__startswith=PREFIX).count()
        now = timezone.now()
        today = timezone.localdate()
        kinds = [Vacancy.Kind.APPRENTICESHIP] * 6 + [Vacancy.Kind.INTERNSHIP] * 3 + [Vacancy.Kind.DUAL_STUDY]
        created = 0
        while existing + created < count:
            batch = []
            for _ in range(min(BATCH, count - existing - created)):
                place = rng.choice(places)
                occupation = rng.choice(occupations)
                kind = rng.choice(kinds)
                batch.append(
                    Vacancy(
                        business=rng.choice(businesses),
                        kind=kind,
                        occupation=occupation,
                        title=rng.choice(TITLES).format(occupation=occupation.name)[:200],
                        description=rng.choice(DESCRIPTIONS),
                        site_street="Werkstattweg 1",
                        site_postal_code=place.postcode,
                        site_city=place.name[:120],
                        lat=place.lat + rng.uniform(-0.01, 0.01),
                        lon=place.lon + rng.uniform(-0.01, 0.01),
                        start_year=today.year + rng.choice((0, 1, 1, 2)),
                        places=rng.randint(1, 3),
                        contact_name="Ausbildungsleitung",
                        contact_email="ausbildung@example.de",
                        how_to_apply="Bewerbung per E-Mail.",
                        published_until=today + dt.timedelta(days=rng.randint(7, 180)),
                        status=Vacancy.Status.PUBLISHED,
                        reviewed=True,
                        live_since=now - dt.timedelta(minutes=rng.randint(1, 60 * 24 * 90)),
                        submitted_at=now,
                    )
                )
            with transaction.atomic():
                Vacancy.objects.bulk_create(batch)
            created += len(batch)
            self.stdout.write(f"{existing + created} postings")
        self.stdout.write(self.style.SUCCESS(f"{existing + created} bench postings in all"))

    def _businesses(self) -> list[Business]:
        have = Business.objects.filter(betriebsnummer__startswith=PREFIX).count()
        Business.objects.bulk_create(
            [
                Business(betriebsnummer=f"{PREFIX}{n:05d}", name=f"Ausbildungsbetrieb {n}", city="Musterstadt")
                for n in range(have, BUSINESSES)
            ]
        )
        return list(Business.objects.filter(betriebsnummer__startswith=PREFIX))
