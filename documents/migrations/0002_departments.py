"""The departments a chamber usually has for documents; staff change the list in the admin."""

from django.db import migrations

DEPARTMENTS = [
    "Handwerksrolle",
    "Lehrlingsrolle",
    "Prüfungswesen",
    "Beitragswesen",
    "Betriebsberatung",
    "Weiterbildung",
    "Allgemeine Anliegen",
]


def create(apps, schema_editor):
    Department = apps.get_model("documents", "Department")
    for position, name in enumerate(DEPARTMENTS, start=1):
        Department.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
