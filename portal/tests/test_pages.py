"""The public pages and "Mein Portal" as a visitor and a customer see them."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/aktivierungsmail/",
]


def text(response) -> str:
    return response.content.decode()


def links(html: str) -> list[tuple[str, str]]:
    """(href, label) of every link, labels with tags and surrounding space removed."""
    return [
        (href, re.sub(r"<[^>]+>", "", label).strip())
        for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    ]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_are_german_with_skip_link_and_no_cdn(client, url):
    response = client.get(url)

    assert response.status_code == 200
    html = text(response)
    assert '<html lang="de">' in html
    assert '<a class="visually-hidden-focusable skip-link" href="#main">Zum Inhalt springen</a>' in html
    assert 'id="main"' in html
    assert '<link rel="stylesheet" href="/static/bootstrap/css/bootstrap.min.css">' in html
    # Nothing is loaded from another server: no CDN for styles or scripts.
    assets = re.findall(r"<(?:link|script)\b[^>]*>", html)
    assert assets
    assert not [tag for tag in assets if re.search(r'(?:href|src)="(?:https?:)?//', tag)]


def test_bootstrap_comes_from_an_installed_package():
    for path in ("bootstrap/css/bootstrap.min.css", "bootstrap/js/bootstrap.bundle.min.js"):
        found = finders.find(path)
        assert found, path
        assert "site-packages" in found


def test_footer_leads_to_the_legal_pages(client):
    footer = text(client.get("/")).split("<footer", 1)[1]
    footer_links = dict((label, href) for href, label in links(footer))

    expected = {
        "Impressum": ("/impressum/", "Impressum"),
        "Datenschutz": ("/datenschutz/", "Datenschutz"),
        "Erklärung zur Barrierefreiheit": ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
    }
    for label, (href, heading) in expected.items():
        assert footer_links[label] == href
        page = text(client.get(href))
        assert re.search(rf"<h1[^>]*>{heading}", page), heading


def test_start_page_invites_to_register_and_log_in(client):
    html = text(client.get("/"))

    assert "Handwerkskammer Musterstadt" in html
    main = html.split("<main", 1)[1]
    assert ("/accounts/signup/", "Registrieren") in links(main)
    assert ("/accounts/login/", "Anmelden") in links(main)
    assert "Kurse buchen" in html


def test_language_switch_to_english_and_back(client):
    response = client.get("/i18n/setlang/", {"language": "en", "next": "/impressum/"})
    assert response.status_code == 302
    assert response["Location"] == "/impressum/"

    english = text(client.get("/impressum/"))
    assert '<html lang="en">' in english
    assert "Imprint" in english
    assert "Skip to content" in english
    assert 'hreflang="de"' in english  # the link back to German

    client.get("/i18n/setlang/", {"language": "de", "next": "/"})
    assert '<html lang="de">' in text(client.get("/"))


def test_browser_language_does_not_switch_to_english(client):
    assert '<html lang="de">' in text(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))


def test_my_portal_needs_login(client):
    response = client.get("/mein-portal/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/mein-portal/"


def test_my_portal_lists_general_services_usable_and_business_services_explained(client_logged_in, user):
    response = client_logged_in.get("/mein-portal/")

    assert response.status_code == 200
    html = text(response)
    general, business = html.split("Dienste für Betriebe", 1)
    assert "Allgemeine Dienste" in general
    assert "Kurse buchen" in general
    assert "Online-Formulare" in general
    open_links = [href for href, label in links(general) if label == "Öffnen"]
    assert len(open_links) == 2
    for href in open_links:
        assert client_logged_in.get(href).status_code == 200, href
    assert "Online-Lehrvertrag" in business
    assert "Dateiaustausch" in business
    assert "Für diese Dienste ist eine Betriebsverknüpfung nötig." in business
    assert "PIN" in business
    assert not [label for _href, label in links(business) if label == "Öffnen"]
    assert user.last_name in html


def test_header_shows_account_navigation_when_logged_in(client_logged_in):
    html = text(client_logged_in.get("/"))

    assert "Abmelden" in html
    assert "Mein Portal" in html
    assert 'href="/accounts/signup/"' not in html.split("<main", 1)[0]
