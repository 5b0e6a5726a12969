"""Reads of the help pages: published topics and answers, and the answers pages of the portal link to."""

import logging
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import get_language

from portal import caching

from .models import Category, Faq

logger = logging.getLogger(__name__)


def categories_with_faqs() -> list[Category]:
    """Every topic with its published answers (`published_faqs`), in the staff's order; topics without any
    published answer are shown too when they have an introduction."""
    categories = Category.objects.prefetch_related(
        Prefetch("faqs", queryset=Faq.objects.published().order_by("order", "pk"), to_attr="published_faqs")
    )
    return [category for category in categories if category.published_faqs or category.intro]


def faq_get_published(*, slug: str) -> Faq:
    """A published answer by its slug; 404 for unknown and unpublished alike."""
    faq = Faq.objects.published().select_related("category").filter(slug=slug).first()
    if faq is None:
        raise Http404
    return faq


def faqs_related(*, faq: Faq, limit: int = 6) -> list[Faq]:
    return list(
        Faq.objects.published().filter(category_id=faq.category_id).exclude(pk=faq.pk).order_by("order")[:limit]
    )


@dataclass(frozen=True)
class FaqLink:
    slug: str
    question_de: str
    question_en: str

    @property
    def question(self) -> str:
        return (self.question_en if get_language() == "en" else "") or self.question_de

    @property
    def language(self) -> str:
        return "en" if get_language() == "en" and self.question_en else "de"


def faq_links() -> dict[str, FaqLink]:
    """Slug → question of every published answer, for {% help_link %}: kept in the process for a few minutes
    (portal.caching.remember), so a staff edit shows in the links after at most FRAGMENT_CACHE_SECONDS."""

    def compute() -> dict[str, FaqLink]:
        rows = Faq.objects.published().values_list("slug", "question_de", "question_en")
        return {slug: FaqLink(slug, de or "", en or "") for slug, de, en in rows}

    return caching.remember("help-faq-links", compute)


def faq_link(slug: str, *, links: dict[str, FaqLink] | None = None) -> FaqLink | None:
    """The published answer `slug` for a link, or None (logged: a page links to a missing answer)."""
    link = (faq_links() if links is None else links).get(slug)
    if link is None:
        logger.warning("help link to %r: no published answer with this short name", slug)
    return link
