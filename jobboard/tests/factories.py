import datetime as dt

import factory
from django.utils import timezone

from businesses.tests.factories import BusinessFactory
from contracts.tests.factories import ensure_shipped_catalogues
from jobboard.models import Vacancy


def occupation(name: str = "Friseur/in"):
    from contracts.models import Occupation

    ensure_shipped_catalogues()
    return Occupation.objects.get(name=name)


class VacancyFactory(factory.django.DjangoModelFactory):
    """A posting in Kassel (34117), by default published and visible since a minute ago."""

    class Meta:
        model = Vacancy

    business = factory.SubFactory(BusinessFactory)
    kind = Vacancy.Kind.APPRENTICESHIP
    occupation = factory.LazyFunction(occupation)
    title = factory.Sequence(lambda n: f"Ausbildung im Salon {n}")
    description = "Wir bilden aus: Schneiden, Färben, Beraten."
    site_street = "Königsstraße 1"
    site_postal_code = "34117"
    site_city = "Kassel"
    lat = 51.3157
    lon = 9.4978
    start_year = factory.LazyFunction(lambda: timezone.localdate().year + 1)
    places = 1
    contact_name = "Frau Schere"
    contact_email = "ausbildung@salon.example.de"
    how_to_apply = "Bewerbung per E-Mail."
    published_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    status = Vacancy.Status.PUBLISHED
    reviewed = True
    live_since = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=1))
