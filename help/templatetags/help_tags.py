"""Links from the pages of the portal to the one answer in the help that helps there.

    {% load help_tags %}
    {% help_link "wo-finde-ich-die-betriebsnummer" %}                 the question as link text
    {% help_link "filialnummer" text=_("Branches") %}                   a text of the page's own
    {% help_links "passwort-wird-nicht-angenommen" "passwort-vergessen" title=_("Trouble logging in?") %}

A link opens the answer's own page, scrolled to the answer (#slug), with the page it came from (`von`), so
the answer can lead back and a question to the service desk says where it was asked. An answer that is not
published (any more) renders nothing and is logged: a page never links to a missing answer. Answers are
resolved from a map kept in the process for a few minutes (help.selectors.faq_links); never put these tags
inside a {% cache %} fragment (the link carries the page it is on).
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from help.selectors import FaqLink, faq_link, faq_links

register = template.Library()


def _anchor(context, link: FaqLink, text: str = "", css_class: str = "help-link") -> str:
    url = reverse("help:answer", kwargs={"slug": link.slug})
    request = context.get("request")
    if request is not None:
        url += "?" + urlencode({"von": request.path})
    if text:
        return format_html('<a class="{}" href="{}#{}">{}</a>', css_class, url, link.slug, text)
    # An answer without English text shows the German question: screen readers must read it as German.
    language = "" if link.language == (get_language() or "de")[:2] else link.language
    if language:
        return format_html(
            '<a class="{}" href="{}#{}" lang="{}">{}</a>', css_class, url, link.slug, language, link.question
        )
    return format_html('<a class="{}" href="{}#{}">{}</a>', css_class, url, link.slug, link.question)


def _published(context) -> dict[str, FaqLink]:
    # Looked up once per request, however many help links its page shows.
    request = context.get("request")
    links = getattr(request, "_help_faq_links", None)
    if links is None:
        links = faq_links()
        if request is not None:
            request._help_faq_links = links
    return links


@register.simple_tag(takes_context=True)
def help_link(context, slug: str, text: str = "", css_class: str = "help-link") -> str:
    link = faq_link(slug, links=_published(context))
    return _anchor(context, link, text=text, css_class=css_class) if link is not None else ""


@register.simple_tag(takes_context=True)
def help_links(context, *slugs: str, title: str = "") -> str:
    published = _published(context)
    links = [link for link in (faq_link(slug, links=published) for slug in slugs) if link is not None]
    if not links:
        return ""
    items = format_html_join("", "<li>{}</li>", ((_anchor(context, link),) for link in links))
    return format_html(
        '<div class="help-hints"><p class="help-hints-title">{}</p><ul>{}</ul></div>',
        title or _("Help on this page"),
        items,
    )
