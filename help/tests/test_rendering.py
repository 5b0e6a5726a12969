"""Staff write answers in Markdown; whatever they paste, the page gets only harmless HTML."""

import pytest
from django.urls import reverse

from help.rendering import markdown_to_html, markdown_to_plain
from portal.tests.security.test_csp import inline_code_in

from .factories import CategoryFactory, FaqFactory

HOSTILE = """Bitte **beachten**:

<script>alert("answer")</script>
[Hier klicken](javascript:alert(1)) und [auch hier](JaVaScRiPt:alert(2))
<a href="javascript:alert(3)" onclick="alert(4)">Link</a>
<img src="x" onerror="alert(5)">
<p style="color:red" onmouseover="alert(6)">rot</p>
[Daten](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)
<iframe src="https://example.org"></iframe><style>body{display:none}</style>

## Zwischenüberschrift

- [PIN anfordern](/betrieb/pin-anfordern/)
- [Mail](mailto:service@hwk-musterstadt.de) und [Web](https://www.hwk-musterstadt.de/)
"""


def test_scripts_event_handlers_styles_and_javascript_links_are_removed():
    html = str(markdown_to_html(HOSTILE))

    assert inline_code_in(html) == []
    lowered = html.lower()
    for forbidden in (
        "<script",
        "javascript:",
        "onclick",
        "onerror",
        "onmouseover",
        "style",
        "<img",
        "<iframe",
        "data:",
    ):
        assert forbidden not in lowered, forbidden
    assert 'alert("answer")' not in html
    # What staff meant stays: emphasis, lists, links to the portal, to mail and to the web.
    assert "<strong>beachten</strong>" in html
    assert '<a href="/betrieb/pin-anfordern/" rel="noopener noreferrer">PIN anfordern</a>' in html
    assert 'href="mailto:service@hwk-musterstadt.de"' in html
    assert 'href="https://www.hwk-musterstadt.de/"' in html
    # The link texts of removed links remain as text.
    assert "Hier klicken" in html and "auch hier" in html


def test_headings_in_an_answer_become_bold_paragraphs():
    # The question is the page's heading; an answer must not break the outline with headings of its own.
    html = str(markdown_to_html("# Eins\n\n### Drei"))

    assert html == "<p><strong>Eins</strong></p>\n<p><strong>Drei</strong></p>"


def test_the_plain_text_for_search_snippets_has_no_markup():
    assert markdown_to_plain("Ein **fettes** Wort & <b>mehr</b> [Link](/x/)") == "Ein fettes Wort & mehr Link"


@pytest.mark.django_db
def test_a_hostile_answer_is_inert_on_the_answer_page_the_help_page_and_in_search(client):
    category = CategoryFactory(intro_de='Schritte <script>alert("intro")</script> [x](javascript:alert(1))')
    faq = FaqFactory(
        category=category,
        question_de='Warum <script>alert("frage")</script> Werkbank?',
        answer_de=HOSTILE + "\n\nWerkbank",
    )

    pages = [
        client.get(reverse("help:answer", args=[faq.slug])),
        client.get(reverse("help:index")),
        client.get(reverse("help:search"), {"q": "Werkbank"}),
    ]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert inline_code_in(html) == [], response.request["PATH_INFO"]
        assert "<script>alert" not in html
        assert "javascript:" not in html.lower()
    # The question is text, shown escaped (and highlighted in the search results).
    assert "Warum &lt;script&gt;alert(&quot;frage&quot;)&lt;/script&gt; Werkbank?" in pages[0].content.decode()
    assert "&lt;script&gt;" in pages[2].content.decode()
    assert "<mark>Werkbank</mark>" in pages[2].content.decode()
