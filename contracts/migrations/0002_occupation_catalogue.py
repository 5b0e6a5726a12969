"""The Handwerk occupations chambers register most often, with the regular duration of their training
regulation in months. Staff extend and correct the catalogue in the admin."""

from django.db import migrations

OCCUPATIONS = [
    ("Anlagenmechaniker/in für Sanitär-, Heizungs- und Klimatechnik", 42),
    ("Augenoptiker/in", 36),
    ("Bäcker/in", 36),
    ("Behälter- und Apparatebauer/in", 42),
    ("Beton- und Stahlbetonbauer/in", 36),
    ("Boots- und Schiffbauer/in", 42),
    ("Brunnenbauer/in", 36),
    ("Dachdecker/in", 36),
    ("Elektroniker/in – Fachrichtung Energie- und Gebäudetechnik", 42),
    ("Elektroniker/in für Gebäudesystemintegration", 42),
    ("Elektroniker/in für Maschinen und Antriebstechnik", 42),
    ("Estrichleger/in", 36),
    ("Fachverkäufer/in im Lebensmittelhandwerk", 36),
    ("Fahrzeuglackierer/in", 36),
    ("Feinwerkmechaniker/in", 42),
    ("Fleischer/in", 36),
    ("Fliesen-, Platten- und Mosaikleger/in", 36),
    ("Fotograf/in", 36),
    ("Friseur/in", 36),
    ("Gebäudereiniger/in", 36),
    ("Glaser/in", 36),
    ("Goldschmied/in", 42),
    ("Hörakustiker/in", 36),
    ("Informationselektroniker/in", 42),
    ("Kanalbauer/in", 36),
    ("Karosserie- und Fahrzeugbaumechaniker/in", 42),
    ("Kaufmann/Kauffrau für Büromanagement", 36),
    ("Klempner/in", 42),
    ("Konditor/in", 36),
    ("Kosmetiker/in", 36),
    ("Kraftfahrzeugmechatroniker/in", 42),
    ("Land- und Baumaschinenmechatroniker/in", 42),
    ("Maler/in und Lackierer/in", 36),
    ("Maurer/in", 36),
    ("Mechatroniker/in für Kältetechnik", 42),
    ("Metallbauer/in", 42),
    ("Ofen- und Luftheizungsbauer/in", 36),
    ("Orthopädieschuhmacher/in", 42),
    ("Orthopädietechnik-Mechaniker/in", 36),
    ("Parkettleger/in", 36),
    ("Raumausstatter/in", 36),
    ("Rollladen- und Sonnenschutzmechatroniker/in", 36),
    ("Schornsteinfeger/in", 36),
    ("Steinmetz/in und Steinbildhauer/in", 36),
    ("Straßenbauer/in", 36),
    ("Stuckateur/in", 36),
    ("Tischler/in", 36),
    ("Zahntechniker/in", 42),
    ("Zimmerer/Zimmerin", 36),
    ("Zweiradmechatroniker/in", 42),
]


def add(apps, schema_editor):
    Occupation = apps.get_model("contracts", "Occupation")
    for name, months in OCCUPATIONS:
        Occupation.objects.get_or_create(name=name, defaults={"duration_months": months})


def remove(apps, schema_editor):
    apps.get_model("contracts", "Occupation").objects.filter(name__in=[name for name, _ in OCCUPATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_occupations")]
    operations = [migrations.RunPython(add, remove)]
