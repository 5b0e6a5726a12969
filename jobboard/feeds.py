"""Reach beyond the portal: an Atom feed of new postings (per occupation and region) and a sitemap."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import Vacancy
from .selectors import SearchCriteria, vacancy_search

FEED_ITEMS = 50
SITEMAP_LIMIT = 50_000  # the most one sitemap file may list


class NewVacanciesFeed(Feed):
    """The newest visible postings; ?occupation=…&where=…&radius=…&kind=… narrow it like the search."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> SearchCriteria:
        criteria = SearchCriteria.from_params(request.GET)
        criteria.order = "date"
        return criteria

    def title(self, criteria: SearchCriteria) -> str:
        return _("New apprenticeships and internships")

    def subtitle(self, criteria: SearchCriteria) -> str:
        return _("New postings of the chamber's apprenticeship and internship board")

    def link(self, criteria: SearchCriteria) -> str:
        return reverse("jobboard:search")

    def items(self, criteria: SearchCriteria):
        return vacancy_search(criteria)[:FEED_ITEMS]

    def item_title(self, item: Vacancy) -> str:
        return f"{item.title} – {item.business.name}, {item.site_postal_code} {item.site_city}"

    def item_description(self, item: Vacancy) -> str:
        return f"{item.occupation.name} · {item.get_kind_display()} · {item.start_year}"

    def item_link(self, item: Vacancy) -> str:
        return item.get_public_url()

    def item_pubdate(self, item: Vacancy):
        return item.live_since

    def item_updateddate(self, item: Vacancy):
        return item.updated_at


def sitemap_response(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    rows = Vacancy.objects.visible().order_by("-live_since", "-pk").values_list("pk", "updated_at")[:SITEMAP_LIMIT]
    urls = [{"loc": base + reverse("jobboard:detail", args=[pk]), "lastmod": updated.date()} for pk, updated in rows]
    body = render_to_string("jobboard/sitemap.xml", {"urls": urls})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
