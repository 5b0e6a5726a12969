"""The statutory minimum remuneration (§ 17 Abs. 2 BBiG) for trainings beginning in 2025 and 2026, as announced
by the Federal Ministry of Education (BGBl.). Staff add each following year in the admin."""

from decimal import Decimal

from django.db import migrations

AMOUNTS = {
    2025: ("682.00", "805.00", "921.00", "955.00"),
    2026: ("724.00", "854.00", "977.00", "1014.00"),
}


def add(apps, schema_editor):
    MinimumRemuneration = apps.get_model("contracts", "MinimumRemuneration")
    for year, amounts in AMOUNTS.items():
        MinimumRemuneration.objects.update_or_create(
            start_year=year,
            defaults={f"year_{n}": Decimal(amount) for n, amount in enumerate(amounts, start=1)},
        )


def remove(apps, schema_editor):
    apps.get_model("contracts", "MinimumRemuneration").objects.filter(start_year__in=AMOUNTS).delete()


class Migration(migrations.Migration):
    dependencies = [("contracts", "0003_contracts")]

    operations = [migrations.RunPython(add, remove)]
