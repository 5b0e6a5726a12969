"""Every mail's HTML part is its escaped plain text: what a person typed never becomes markup or a link."""

from pathlib import Path

from django.conf import settings
from django.template import engines

from notifications.rendering import mail_html_body

PHISH = '<a href="https://phish.example">Hier klicken</a>'


def test_markup_in_the_text_is_escaped_and_only_the_portals_links_are_clickable():
    text = (
        f"Guten Tag,\n\n{PHISH} lädt Sie ein.\nhttps://phish.example/login\n\n"
        "Einladung annehmen:\nhttps://portal.example/betrieb/einladung/abc/\n\nGruß"
    )

    html = mail_html_body(text, links=["https://portal.example/betrieb/einladung/abc/"])

    assert 'href="https://phish.example' not in html
    assert "&lt;a href=&quot;https://phish.example&quot;&gt;Hier klicken&lt;/a&gt;" in html
    assert "https://phish.example/login" in html  # still there, as text
    assert html.count("<a ") == 1
    assert 'href="https://portal.example/betrieb/einladung/abc/"' in html


def test_a_portal_link_with_more_typed_after_it_stays_text():
    link = "https://portal.example/kurse/"
    html = mail_html_body(f"Siehe {link}evil und {link}.", links=[link])

    assert html.count("<a ") == 1
    assert f"{link}evil" in html
    assert f'href="{link}"' in html


def test_paragraphs_and_line_breaks_are_kept_and_a_lone_link_becomes_the_button():
    link = "https://portal.example/aktivieren/x/"
    html = mail_html_body(f"Hallo,\nzweite Zeile\n\n{link}\n\nGruß", links=[link])

    assert "<p>Hallo,<br>\nzweite Zeile</p>" in html
    assert html.count("<p") == 3
    assert "background:#a4121a" in html  # the call to action


def test_no_mail_template_renders_html_of_its_own():
    """HTML parts come only from notifications.rendering: a new `_body.html` or allauth `_message.html`
    template would bring back the unescaped include that let a first name become a phishing link."""
    roots = [Path(directory) for directory in engines["django"].template_dirs]
    base = Path(settings.BASE_DIR)
    own_roots = [root for root in roots if base in root.parents and ".venv" not in root.parts]
    found = [
        str(path.relative_to(base))
        for root in own_roots
        for path in root.rglob("*.html")
        if path.name.endswith(("_body.html", "_message.html")) or "/mail/" in str(path)
    ]
    assert found == []
