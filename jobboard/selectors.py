"""Reads of the job board: the public search (radius, full text, typos), a business's own postings, by id."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.urls import reverse

from businesses.access import business_scope, get_for_user
from contracts.models import Occupation
from portal.postcodes import EARTH_RADIUS_KM, POSTCODE_RE, Place, bounding_box, lookup

from .models import SavedSearch, Vacancy

RADIUS_CHOICES = (5, 10, 25, 50, 100)
DEFAULT_RADIUS_KM = 25
MAX_QUERY_LENGTH = 100
MAX_TERMS = 6
# word_similarity() of a typed word and the closest stretch of a title: "Elektronicker" and "Elektroniker"
# reach about 0.7; short words need more, since one wrong letter changes a larger share of their trigrams.
SHORT_WORD_SIMILARITY = 0.75
LONG_WORD_SIMILARITY = 0.55
ORDER_DISTANCE, ORDER_DATE = "distance", "date"

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class SearchCriteria:
    occupation_id: int | None = None
    kind: str = ""
    where: str = ""  # PLZ or place as typed
    radius_km: int = DEFAULT_RADIUS_KM
    start_year: int | None = None
    query: str = ""
    order: str = ""
    # Resolved from `where` (portal.postcodes); `where_unknown` when nothing was found for it.
    place: Place | None = field(default=None, init=False)
    where_unknown: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.where = " ".join((self.where or "").split())[:100]
        self.query = " ".join((self.query or "").split())[:MAX_QUERY_LENGTH]
        if self.where:
            self.place = lookup(self.where)
            self.where_unknown = self.place is None

    @classmethod
    def from_params(cls, params: dict) -> SearchCriteria:
        def number(name):
            try:
                return int(params.get(name) or 0) or None
            except (TypeError, ValueError):
                return None

        radius = number("radius") or DEFAULT_RADIUS_KM
        return cls(
            occupation_id=number("occupation"),
            kind=params.get("kind") or "",
            where=params.get("where") or "",
            radius_km=radius if radius in RADIUS_CHOICES else DEFAULT_RADIUS_KM,
            start_year=number("year"),
            query=params.get("q") or "",
            order=params.get("order") or "",
        )

    def as_params(self) -> dict:
        params = {
            "occupation": self.occupation_id or "",
            "kind": self.kind,
            "where": self.where,
            "radius": self.radius_km if self.where else "",
            "year": self.start_year or "",
            "q": self.query,
        }
        return {key: value for key, value in params.items() if value}

    @property
    def is_empty(self) -> bool:
        return not self.as_params()


def search_path(params: dict) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("jobboard:search") + (f"?{query}" if query else "")


def unsubscribe_path(search: SavedSearch) -> str:
    return reverse("jobboard:unsubscribe", args=[search.unsubscribe_token])


def distance_expression(place: Place):
    """Great-circle distance in km from `place` to the posting (haversine, as portal.postcodes.distance_km),
    with Django's math functions: SQL on PostgreSQL and on SQLite alike."""
    lat0, lon0 = math.radians(place.lat), math.radians(place.lon)
    half_dlat = (Radians(F("lat")) - Value(lat0)) / Value(2.0)
    half_dlon = (Radians(F("lon")) - Value(lon0)) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(lat0)) * Cos(Radians(F("lat"))) * Power(Sin(half_dlon), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Value(1.0), Sqrt(a)), output_field=FloatField())


def query_terms(query: str) -> list[str]:
    terms: list[str] = []
    for word in _WORD.findall(query.lower()):
        if len(word) > 1 and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def _text_filter(vacancies: QuerySet, query: str) -> QuerySet:
    terms = query_terms(query)
    if not terms:
        return vacancies
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, TrigramWordSimilarity

        # Full text (stemmed German, GIN index) or, for typos, each typed word close to a word of the title
        # or the occupation.
        condition = Q(search_document=SearchQuery(query, config="german", search_type="websearch"))
        similar = {}
        for number, term in enumerate(t for t in terms if len(t) >= 4):
            threshold = SHORT_WORD_SIMILARITY if len(term) <= 5 else LONG_WORD_SIMILARITY
            similar[f"title_similarity_{number}"] = TrigramWordSimilarity(term, "title")
            similar[f"occupation_similarity_{number}"] = TrigramWordSimilarity(term, "occupation__name")
            condition |= Q(**{f"title_similarity_{number}__gte": threshold})
            condition |= Q(**{f"occupation_similarity_{number}__gte": threshold})
        return vacancies.alias(**similar).filter(condition)
    # SQLite (make run): every word somewhere in title, description, place or occupation; no typo tolerance.
    for term in terms:
        vacancies = vacancies.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(site_city__icontains=term)
            | Q(occupation__name__icontains=term)
        )
    return vacancies


def vacancy_search(criteria: SearchCriteria, *, now=None) -> QuerySet[Vacancy]:
    """Visible postings matching the criteria: nearest first when a place is given, else newest first
    (`criteria.order` may ask for the other). With a place, each posting carries `distance` (km).

    The radius is an indexed box of latitude and longitude (portal.postcodes.bounding_box) cut to the exact
    distance, so a search never computes distances for all rows. A PLZ or place the data does not know
    falls back to postings with that PLZ or place as written."""
    vacancies = (
        Vacancy.objects.visible(now=now)
        .select_related("occupation", "business")
        .defer("search_document", "description", "how_to_apply", "staff_remarks")
    )
    if criteria.occupation_id:
        vacancies = vacancies.filter(occupation_id=criteria.occupation_id)
    if criteria.kind in Vacancy.Kind.values:
        vacancies = vacancies.filter(kind=criteria.kind)
    if criteria.start_year:
        vacancies = vacancies.filter(start_year=criteria.start_year)
    if criteria.query:
        vacancies = _text_filter(vacancies, criteria.query)
    by_distance = False
    if criteria.place is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(criteria.place.lat, criteria.place.lon, criteria.radius_km)
        vacancies = (
            vacancies.filter(lat__gte=min_lat, lat__lte=max_lat, lon__gte=min_lon, lon__lte=max_lon)
            .annotate(distance=distance_expression(criteria.place))
            .filter(distance__lte=criteria.radius_km)
        )
        by_distance = criteria.order != ORDER_DATE
    elif criteria.where:
        if POSTCODE_RE.match(criteria.where):
            vacancies = vacancies.filter(site_postal_code=criteria.where)
        else:
            vacancies = vacancies.filter(site_city__iexact=criteria.where)
    if by_distance:
        return vacancies.order_by("distance", "-live_since", "pk")
    return vacancies.order_by("-live_since", "-pk")


def vacancy_get_public(*, pk: int) -> Vacancy:
    """A posting visitors may see; 404 for drafts, postings in review, closed and expired ones alike."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Vacancy.objects.visible().select_related("occupation", "business", "site_business"), pk=pk)


def vacancy_get_for_user(*, user, pk: int) -> Vacancy:
    """A posting of a business the user acts for; 404 for a missing and a foreign one alike."""
    return get_for_user(Vacancy.objects.select_related("occupation", "business", "site_business"), user=user, pk=pk)


def vacancies_for_business(*, user, business_id: int, status: str = "") -> QuerySet[Vacancy]:
    vacancies = (
        Vacancy.objects.filter(business_scope(user), business_id=business_id)
        .select_related("occupation")
        .defer("search_document", "description", "how_to_apply")
        .order_by("-updated_at", "-pk")
    )
    if status in Vacancy.Status.values:
        vacancies = vacancies.filter(status=status)
    return vacancies


def occupations_for_search() -> QuerySet[Occupation]:
    return Occupation.objects.active().only("pk", "name").order_by("name")


def saved_searches_of(*, user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("-created_at", "-pk")


def saved_search_get_for_user(*, user, pk: int) -> SavedSearch:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(SavedSearch, user=user, pk=pk)
