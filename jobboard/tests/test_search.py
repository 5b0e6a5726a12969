"""The public search: filters, radius boundaries, full text with typos, the queries a page costs."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobboard.models import Vacancy
from jobboard.selectors import SearchCriteria, vacancy_search
from portal.postcodes import EARTH_RADIUS_KM, distance_km, lookup_postcode

from .factories import VacancyFactory, occupation

pytestmark = pytest.mark.django_db

KASSEL = lookup_postcode("34117")


def _north_of(place, km):
    """A point `km` due north of `place` (along the meridian the great-circle distance is exact)."""
    return place.lat + math.degrees(km / EARTH_RADIUS_KM), place.lon


def _found(**params) -> list[Vacancy]:
    return list(vacancy_search(SearchCriteria.from_params(params)))


def test_the_radius_holds_at_its_boundary():
    inside_lat, inside_lon = _north_of(KASSEL, 49.9)
    outside_lat, outside_lon = _north_of(KASSEL, 50.1)
    assert distance_km(KASSEL.lat, KASSEL.lon, inside_lat, inside_lon) == pytest.approx(49.9, abs=1e-6)
    inside = VacancyFactory(title="Innen", lat=inside_lat, lon=inside_lon)
    VacancyFactory(title="Außen", lat=outside_lat, lon=outside_lon)
    # East and west too, where a degree of longitude is shorter (the bounding box must not cut it off).
    east_lat, east_lon = (
        KASSEL.lat,
        KASSEL.lon + math.degrees(49.5 / (EARTH_RADIUS_KM * math.cos(math.radians(KASSEL.lat)))),
    )
    east = VacancyFactory(title="Osten", lat=east_lat, lon=east_lon)
    assert distance_km(KASSEL.lat, KASSEL.lon, east_lat, east_lon) < 50

    found = _found(where="34117", radius="50")
    assert [v.title for v in found] == ["Osten", "Innen"] or {v.pk for v in found} == {inside.pk, east.pk}
    assert all(v.distance <= 50 for v in found)
    assert found[0].distance <= found[1].distance  # nearest first


def test_filters_by_occupation_kind_and_start_year():
    hairdresser = VacancyFactory(occupation=occupation("Friseur/in"), start_year=2027)
    VacancyFactory(occupation=occupation("Friseur/in"), start_year=2028)
    VacancyFactory(occupation=occupation("Friseur/in"), kind=Vacancy.Kind.INTERNSHIP, start_year=2027)
    VacancyFactory(occupation=occupation("Anlagenmechaniker/in für Sanitär-, Heizungs- und Klimatechnik"))
    found = _found(occupation=hairdresser.occupation_id, kind="apprenticeship", year="2027")
    assert found == [hairdresser]


def test_only_visible_postings_are_found():
    visible = VacancyFactory()
    VacancyFactory(status=Vacancy.Status.DRAFT, live_since=None)
    VacancyFactory(status=Vacancy.Status.REVIEW, live_since=None)
    VacancyFactory(status=Vacancy.Status.CLOSED)
    import datetime as dt

    from django.utils import timezone

    VacancyFactory(published_until=timezone.localdate() - dt.timedelta(days=1))  # expiry task not yet run
    VacancyFactory(live_since=timezone.now() + dt.timedelta(days=2))  # published from a later day
    assert _found() == [visible]


def test_full_text_finds_stemmed_words_and_typos():
    assert connection.vendor == "postgresql"
    electrician = VacancyFactory(
        title="Ausbildung Elektroniker für Energie- und Gebäudetechnik",
        description="Sie verlegen Leitungen und programmieren Gebäudesteuerungen.",
    )
    VacancyFactory(title="Ausbildung Friseurin", description="Schneiden und Färben.")
    assert _found(q="Leitung") == [electrician]  # stemmed: "Leitungen"
    assert _found(q="Elektronicker") == [electrician]  # a typo
    assert _found(q="Gebäudetechnik Kassel") == [electrician]
    assert _found(q="Zahnarzt") == []


def test_an_unknown_postcode_is_said_and_falls_back_to_the_written_postcode(client):
    VacancyFactory(title="In 99999", site_postal_code="99999", site_city="Nirgendwo", lat=None, lon=None)
    VacancyFactory(title="In Kassel")
    response = client.get(reverse("jobboard:search"), {"where": "99999"})
    html = response.content.decode()
    assert "kennen die PLZ oder den Ort „99999“ nicht" in html
    assert "In 99999" in html and "In Kassel" not in html


def test_the_search_page_shows_distance_and_sorts_by_date_on_request(client):
    near = VacancyFactory(title="Nah")
    far_lat, far_lon = _north_of(KASSEL, 20)
    import datetime as dt

    from django.utils import timezone

    far = VacancyFactory(title="Fern", lat=far_lat, lon=far_lon, live_since=timezone.now())
    near.live_since = timezone.now() - dt.timedelta(days=3)
    near.save(update_fields=["live_since"])
    html = client.get(reverse("jobboard:search"), {"where": "34117", "radius": "25"}).content.decode()
    assert html.index("Nah") < html.index("Fern") and "20,0 km entfernt" in html
    by_date = _found(where="34117", radius="25", order="date")
    assert by_date == [far, near]


def _queries_for_search_page(client) -> int:
    params = {"where": "34117", "radius": "25", "q": "Salon", "occupation": occupation().pk}
    client.get(reverse("jobboard:search"), params)  # warm: the help links are kept in the process for minutes
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("jobboard:search"), params)
    assert response.status_code == 200
    return len(queries)


def test_a_search_page_costs_the_same_queries_with_10_and_with_many_postings(client):
    VacancyFactory.create_batch(10, title="Ausbildung im Salon")
    few = _queries_for_search_page(client)
    VacancyFactory.create_batch(60, title="Ausbildung im Salon")
    many = _queries_for_search_page(client)
    assert few == many
    # The page with its total in one query (portal.pagination), the occupations of the filter.
    assert many <= 3


def test_pagination_keeps_the_search(client):
    VacancyFactory.create_batch(25)
    html = client.get(reverse("jobboard:search"), {"where": "34117", "radius": "25"}).content.decode()
    assert "Seite 1 von 2" in html
    assert "where=34117&amp;radius=25&amp;page=2" in html
    page_2 = client.get(reverse("jobboard:search"), {"where": "34117", "radius": "25", "page": "2"})
    assert page_2.content.decode().count('class="card mb-3"') == 5
