"""The help page and every answer, for visitors, in German and in English; staff edits show to visitors at once
on an answer's page and within PUBLIC_PAGE_CACHE_SECONDS on the help page (portal.caching)."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from portal.tests.security.test_csp import inline_code_in, policy_problems

from .factories import CategoryFactory, FaqFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("help:index")


def english_client() -> Client:
    client = Client()
    client.get(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_the_help_page_shows_every_topic_and_question_in_german(client, shipped_help):
    response = client.get(INDEX)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Hilfe zum Kundenportal" in html
    for title in ("Registrieren", "Anmelden und Passwort", "Betrieb verknüpfen (PIN)", "Kurse", "Online-Formulare"):
        assert title in html
    # The steps as this portal does them, and every published question with an anchor of its own.
    assert "nach wenigen Sekunden aktiv" in html
    for faq in shipped_help.values():
        assert (
            f'<li id="{faq.slug}"><a href="/hilfe/antworten/{faq.slug}/#{faq.slug}">{escape(faq.question_de)}</a>'
            in html
        )


def test_the_help_page_in_english(shipped_help):
    response = english_client().get(INDEX)

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Help for the customer portal" in html
    assert "Linking a business (PIN)" in html
    assert "active within a few seconds" in html
    assert "Where do I find my Betriebsnummer (business number)?" in html
    # No German question slipped in, and none is marked as German.
    assert "Wo finde ich meine Betriebsnummer?" not in html
    assert 'lang="de"' not in html.split("<main", 1)[1]


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_shipped_answer_opens_for_a_visitor(shipped_help, language):
    client = english_client() if language == "en" else Client()
    for faq in shipped_help.values():
        response = client.get(reverse("help:answer", args=[faq.slug]))

        html = response.content.decode()
        assert response.status_code == 200, faq.slug
        assert f'<article id="{faq.slug}"' in html
        question = getattr(faq, f"question_{language}")
        assert f'<h1 id="{faq.slug}-question" class="h2">{escape(question)}</h1>' in html, faq.slug
        assert ("Frage nicht beantwortet?" if language == "de" else "Question not answered?") in html


def test_an_answer_without_english_text_shows_the_german_one_marked_as_german(db):
    faq = FaqFactory(
        question_de="Gibt es Parkplätze?", question_en="", answer_de="Ja, **hinter** dem Haus.", answer_en=""
    )

    html = english_client().get(reverse("help:answer", args=[faq.slug])).content.decode()

    assert f'<h1 id="{faq.slug}-question" class="h2" lang="de">Gibt es Parkplätze?</h1>' in html
    assert '<div class="help-text" lang="de"><p>Ja, <strong>hinter</strong> dem Haus.</p></div>' in html


def test_unpublished_and_unknown_answers_are_not_found(client, db):
    draft = FaqFactory(is_published=False)

    assert client.get(reverse("help:answer", args=[draft.slug])).status_code == 404
    assert client.get(reverse("help:answer", args=["gibt-es-nicht"])).status_code == 404
    assert draft.question_de not in client.get(INDEX).content.decode()


def test_a_staff_edit_shows_to_visitors_served_from_the_page_cache_within_its_expiry(
    staff_client, shipped_help, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 2
    client = Client()  # a visitor without a session: served from the page cache
    faq = shipped_help["wo-finde-ich-die-betriebsnummer"]
    answer_url = reverse("help:answer", args=[faq.slug])
    # Visitors' requests fill the page cache.
    assert "Beitragsbescheid" in client.get(answer_url).content.decode()
    assert faq.question_de in client.get(INDEX).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:help_faq_change", args=[faq.pk]),
            {
                "question_de": "Wo steht die Betriebsnummer?",
                "question_en": faq.question_en,
                "answer_de": "Auf dem **neuen** Beitragsbescheid oben rechts.",
                "answer_en": faq.answer_en,
                "category": faq.category_id,
                "slug": faq.slug,
                "order": faq.order,
                "is_published": "on",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    html = client.get(answer_url).content.decode()  # an answer's page is never kept: at once
    assert "Auf dem <strong>neuen</strong> Beitragsbescheid oben rechts." in html
    time.sleep(2.1)  # the help page: after its expiry
    assert "Wo steht die Betriebsnummer?" in client.get(INDEX).content.decode()
    # Unpublishing takes the answer off the help page and its address at once.
    faq.refresh_from_db()
    faq.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        faq.save()
    assert client.get(answer_url).status_code == 404
    time.sleep(2.1)
    assert "Wo steht die Betriebsnummer?" not in client.get(INDEX).content.decode()


def test_a_topic_only_with_drafts_and_no_introduction_is_left_out(client, db):
    FaqFactory(category=CategoryFactory(title_de="Leeres Thema"), is_published=False)

    assert "Leeres Thema" not in client.get(INDEX).content.decode()


def test_every_page_links_to_the_help(client, db):
    html = client.get(reverse("portal:home")).content.decode()

    assert f'href="{INDEX}">Hilfe</a>' in html
    assert f'href="{INDEX}">Hilfe und Kontakt</a>' in html


@pytest.mark.parametrize(
    "url",
    [
        INDEX,
        reverse("help:answer", args=["wo-finde-ich-die-betriebsnummer"]),
        reverse("help:search") + "?q=betriebsnummer",
        reverse("help:search") + "?q=gibtesnicht",
        reverse("help:contact"),
    ],
)
def test_help_pages_have_the_strict_policy_and_no_inline_code(client, shipped_help, url):
    response = client.get(url)

    assert response.status_code == 200
    assert policy_problems(response) == []
    assert inline_code_in(response.content.decode()) == []
