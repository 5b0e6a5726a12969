"""The one way a mail gets its HTML part: built from its plain-text part.

Mail templates are plain text only (`<app>/mail/<name>_body.txt`, and allauth's `_message.txt`). The HTML
part is that text with every character escaped, paragraphs and line breaks kept, and links only where the
portal wrote the address itself: the context values whose names end in `_url`. Whatever a person typed —
a first name, a removal reason, a course title entered by staff — therefore stays text in both parts, even
when it looks like markup or like a link.
"""

import re
from collections.abc import Iterable, Mapping

from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

LINK_STYLE = "color:#a4121a;"
# Separators are joined unescaped; both are constants written here.
LINE_BREAK = SafeString("<br>\n")
NEW_PARAGRAPH = SafeString("\n")
# A paragraph that is nothing but one of the portal's links is the mail's call to action.
BUTTON_STYLE = (
    "background:#a4121a;color:#ffffff;padding:10px 18px;text-decoration:none;border-radius:4px;"
    "display:inline-block;word-break:break-all;"
)


def mail_links(context: Mapping) -> list[str]:
    """The addresses the portal put into a mail: context values named `*_url`."""
    return [value for key, value in context.items() if key.endswith("_url") and isinstance(value, str) and value]


def _link_pattern(links: Iterable[str]) -> re.Pattern | None:
    unique = sorted({link for link in links if link}, key=len, reverse=True)
    if not unique:
        return None
    # A link counts only as a whole word: "https://portal/x" typed with more after it stays text.
    return re.compile(r"(?<!\S)(" + "|".join(re.escape(link) for link in unique) + r")(?=[\s.,;:!?)]*(?:\s|$))")


def _line_html(line: str, pattern: re.Pattern | None) -> SafeString:
    if pattern is None:
        return conditional_escape(line)
    parts: list[SafeString] = []
    position = 0
    for match in pattern.finditer(line):
        parts.append(conditional_escape(line[position : match.start()]))
        parts.append(format_html('<a href="{}" style="{}">{}</a>', match.group(1), LINK_STYLE, match.group(1)))
        position = match.end()
    parts.append(conditional_escape(line[position:]))
    return format_html_join("", "{}", ((part,) for part in parts))


def _paragraph_html(paragraph: str, pattern: re.Pattern | None) -> SafeString:
    if pattern is not None and pattern.fullmatch(paragraph.strip()):
        url = paragraph.strip()
        return format_html('<p style="margin:20px 0;"><a href="{}" style="{}">{}</a></p>', url, BUTTON_STYLE, url)
    lines = format_html_join(LINE_BREAK, "{}", ((_line_html(line, pattern),) for line in paragraph.split("\n")))
    return format_html("<p>{}</p>", lines)


def mail_html_body(text: str, *, links: Iterable[str] = ()) -> SafeString:
    """The escaped HTML of a plain-text mail body, with the given links clickable."""
    pattern = _link_pattern(links)
    paragraphs = [part.strip("\n") for part in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if part.strip()]
    return format_html_join(NEW_PARAGRAPH, "{}", ((_paragraph_html(part, pattern),) for part in paragraphs))


def mail_html(text: str, *, links: Iterable[str] = (), chamber_name: str = "") -> str:
    """The whole HTML part of a mail: the chamber's frame around `mail_html_body(text)`."""
    return render_to_string(
        "notifications/mail_base.html",
        {
            "body": mail_html_body(text, links=links),
            "chamber_name": chamber_name,
            "LANGUAGE_CODE": get_language() or "de",
        },
    ).strip()
