"""A page of a queryset in one query: the rows and, alongside each, the total (COUNT(*) OVER ())."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window


def page_of(queryset: QuerySet, number, per_page: int) -> Page:
    """Like Paginator(queryset, per_page).get_page(number), without the separate COUNT query Paginator makes
    first: the count comes with the page's rows. A number past the end falls back to Paginator (then the
    last page, as get_page does); so does an empty result."""
    paginator = Paginator(queryset, per_page)
    try:
        wanted = int(number) if number not in (None, "") else 1
    except (TypeError, ValueError):
        wanted = 1  # as get_page: not a number → the first page
    if wanted < 1:
        return paginator.get_page(number)
    offset = (wanted - 1) * per_page
    rows = list(queryset.annotate(_total_rows=Window(Count("*")))[offset : offset + per_page])
    if not rows:
        return paginator.get_page(number)
    paginator.count = rows[0]._total_rows  # count is a cached_property: the query needs no second trip
    return Page(rows, wanted, paginator)
