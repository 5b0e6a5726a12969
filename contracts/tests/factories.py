from datetime import date
from decimal import Decimal

import factory

from businesses.tests.factories import BusinessFactory
from contracts import rules
from contracts.models import ApprenticeshipContract, Occupation, Trainer


def ensure_shipped_catalogues() -> None:
    """The occupations and minimum-remuneration years the data migrations ship. A test with transaction=True
    elsewhere in the run empties every table: they are put back where missing, by the migrations' own
    (idempotent) functions."""
    from importlib import import_module

    from django.apps import apps

    import_module("contracts.migrations.0002_occupation_catalogue").add(apps, None)
    import_module("contracts.migrations.0004_minimum_remuneration_data").add(apps, None)


def occupation(name: str = "Friseur/in") -> Occupation:
    """An occupation of the shipped catalogue (Friseur/in: 36 months)."""
    return Occupation.objects.get(name=name)


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    business = factory.SubFactory(BusinessFactory)
    first_name = "Meike"
    last_name = factory.Sequence(lambda n: f"Meisterin {n}")
    qualification = "Meisterprüfung im Friseur-Handwerk"
    is_active = True


class ContractFactory(factory.django.DjangoModelFactory):
    """A complete, valid draft: an adult apprentice, Friseur/in (36 months) from 1 Aug 2026, the 2026 minimum
    remuneration, five days a week, the legal minimum holiday."""

    class Meta:
        model = ApprenticeshipContract
        skip_postgeneration_save = True

    business = factory.SubFactory(BusinessFactory)
    training_site = factory.SelfAttribute("business")
    ba_betriebsnummer = "12345678"
    apprentice_first_name = "Lena"
    apprentice_last_name = factory.Sequence(lambda n: f"Lehrling{n}")
    apprentice_birth_date = date(2005, 3, 15)
    apprentice_street = "Azubiweg 3"
    apprentice_postal_code = "12345"
    apprentice_city = "Musterstadt"
    apprentice_email = factory.Sequence(lambda n: f"azubi{n}@example.de")
    apprentice_school_qualification = ApprenticeshipContract.SchoolQualification.MITTLERER
    occupation = factory.LazyFunction(occupation)
    training_form = ApprenticeshipContract.TrainingForm.FULL_TIME
    start_date = date(2026, 8, 1)
    probation_months = 4
    daily_hours = Decimal("8.00")
    weekly_hours = Decimal("40.00")
    days_per_week = 5
    remuneration = ["724.00", "854.00", "977.00"]
    holiday = [9, 20, 20, 20]
    trainer = factory.LazyAttribute(lambda o: TrainerFactory(business=o.business))
    record_form = ApprenticeshipContract.RecordForm.ELECTRONIC
    measures_outside = "Überbetriebliche Lehrlingsunterweisung im Bildungszentrum"

    @factory.post_generation
    def computed(obj, create, extracted, **kwargs):
        obj.duration_months = rules.computed_duration(obj)
        obj.end_date = rules.computed_end(obj)
        if create:
            obj.reference = f"LV-2026-{obj.pk:06d}"
            obj.save(update_fields=["duration_months", "end_date", "reference"])


TABLE = {
    2025: (Decimal("682"), Decimal("805"), Decimal("921"), Decimal("955")),
    2026: (Decimal("724"), Decimal("854"), Decimal("977"), Decimal("1014")),
}
