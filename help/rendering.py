"""Staff-written Markdown to HTML that is safe to put into a page.

Markdown (Python-Markdown) turns the text into HTML, and everything that reaches a page then passes nh3 (the
Ammonia sanitiser) with a small allow-list: paragraphs, emphasis, lists, quotes, code and links to web, mail
and telephone addresses or to pages of the portal. Raw HTML in the text, `javascript:` links, event handlers,
styles and headings that would break the page's outline are dropped. The sanitiser's output is the only HTML
this module hands out.
"""

import functools
import html
import re

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Relative links (to pages of the portal) pass; absolute ones only with these schemes.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_WHITESPACE = re.compile(r"\s+")
# A heading inside an answer would break the page's outline (the question is the heading): it becomes a
# bold paragraph. Runs on Markdown's output, before the sanitiser.
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.DOTALL)


@functools.lru_cache(maxsize=1024)
def _render(text: str) -> str:
    raw = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    raw = _HEADING.sub(r"<p><strong>\1</strong></p>", raw)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def markdown_to_html(text: str) -> SafeString:
    """The answer as HTML for a page; cached per text (a change of the text renders it anew)."""
    # The string comes from the sanitiser above, never from the text itself.
    return mark_safe(_render(text or ""))


def markdown_to_plain(text: str) -> str:
    """The answer's words without markup, for search snippets (escaped again where they are shown)."""
    return _WHITESPACE.sub(" ", html.unescape(strip_tags(_render(text or "")))).strip()
