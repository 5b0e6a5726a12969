"""Search in the help: German stemming and typos on PostgreSQL, highlighted and escaped results, and the
fruitless searches staff see (normalised, counted, nothing personal)."""

import pytest
from django.db import connection
from django.urls import reverse

from help.models import Faq, SearchMiss
from help.search import _search_substring, faqs_search, highlight, query_terms, snippet
from help.services import search_query_normalise

from .factories import FaqFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("help:search")


def slugs(query: str) -> list[str]:
    return [faq.slug for faq in faqs_search(query=query)]


def test_the_suite_searches_on_postgresql():
    assert connection.vendor == "postgresql"


def test_a_typo_finds_the_betriebsnummer_first(shipped_help):
    assert slugs("betriebsnumer")[0] == "wo-finde-ich-die-betriebsnummer"
    assert slugs("Filialnumer")[0] == "filialnummer"
    assert slugs("aktivierungsmial")[0] in {"keine-aktivierungsmail", "aktivierungslink-funktioniert-nicht"}
    assert "passwort-vergessen" in slugs("pasword")


def test_short_words_need_to_match_more_closely(shipped_help):
    # "konto" resembles "Kontaktformular" (0.67), which almost every answer mentions.
    assert "wo-finde-ich-die-betriebsnummer" not in slugs("konto")
    assert "wo-finde-ich-die-betriebsnummer" in slugs("kontakt")


def test_german_stemming_and_english_words_find_the_same_answers(shipped_help):
    assert slugs("Betriebsnummer")[0] == "wo-finde-ich-die-betriebsnummer"
    assert "filialnummer" in slugs("Filialen")  # the text says "Filiale"
    assert slugs("Konto gesperrt")[0] == "konto-gesperrt-zu-viele-versuche"
    assert slugs("branches")[0] == "filialnummer"
    assert slugs("administrator left")[0] == "administrator-hat-betrieb-verlassen"
    assert slugs("Warteliste") == ["kurs-warteliste"]


def test_nothing_found_for_words_the_help_does_not_contain(shipped_help):
    assert slugs("Ratenzahlung") == []
    assert slugs("xyzzy") == []
    assert slugs("") == [] and slugs("   ") == []


def test_unpublished_answers_are_never_found(db):
    FaqFactory(question_de="Geheime Werkbankfrage?", is_published=False)

    assert slugs("Werkbankfrage") == []


def test_the_sqlite_fallback_finds_every_word_as_part_of_the_texts(shipped_help):
    found = list(_search_substring(Faq.objects.published(), query_terms("Filialnummer PIN")))

    assert "filialnummer" in [faq.slug for faq in found]
    for faq in found:
        text = " ".join([faq.question_de, faq.answer_de, faq.question_en, faq.answer_en]).lower()
        assert "filialnummer" in text and "pin" in text
    # No stemming and no typo tolerance there: make run is for trying the portal out.
    assert list(_search_substring(Faq.objects.published(), query_terms("betriebsnumer"))) == []


def test_matches_are_highlighted_in_escaped_text():
    html = str(highlight('Die <b>Betriebsnummer</b> & "Filialen" finden', ["betriebsnumer", "filialen"]))

    assert html == ("Die &lt;b&gt;<mark>Betriebsnummer</mark>&lt;/b&gt; &amp; &quot;<mark>Filialen</mark>&quot; finden")
    assert str(highlight("<script>alert(1)</script>", ["script"])) == (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"
    )


def test_a_snippet_is_cut_around_the_first_match_at_word_boundaries():
    text = " ".join(["Wort"] * 80) + " Betriebsnummer " + " ".join(["Ende"] * 80)

    cut = snippet(text, ["betriebsnummer"], length=100)

    assert cut.startswith("… Wort") and cut.endswith("Ende …")
    assert "Betriebsnummer" in cut
    assert len(cut) <= 110


def test_the_results_page_shows_highlighted_matches(client, shipped_help):
    response = client.get(SEARCH, {"q": "betriebsnumer"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Antworten zu „betriebsnumer“ gefunden." in html
    first = html.split('<ol class="list-unstyled help-results">', 1)[1]
    assert first.index("wo-finde-ich-die-betriebsnummer") < first.index("</li>")
    assert "Wo finde ich meine <mark>Betriebsnummer</mark>?" in html
    assert not SearchMiss.objects.exists()


def test_a_query_is_shown_escaped(client, shipped_help):
    html = client.get(SEARCH, {"q": '<script>alert("q")</script>'}).content.decode()

    assert '<script>alert("q")' not in html
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;" in html


def test_a_search_without_result_is_counted_normalised_and_offers_the_topics(client, shipped_help):
    for query in ("Ratenzahlung  Meisterkurs", "RATENZAHLUNG meisterkurs!"):
        response = client.get(SEARCH, {"q": query})
        assert "0 Antworten" in response.content.decode()

    assert "Betrieb verknüpfen (PIN)" in response.content.decode()
    assert "Frage an den Service stellen" in response.content.decode()
    assert list(SearchMiss.objects.values_list("query", "count")) == [("ratenzahlung meisterkurs", 2)]


def test_numbers_and_addresses_never_reach_the_statistics(client, shipped_help):
    client.get(SEARCH, {"q": "zahn@zahnarzt.test Zahlungsplan 1234567"})
    client.get(SEARCH, {"q": "0711 123 456"})
    client.get(SEARCH, {"q": "ABCD-EFGH"})

    assert list(SearchMiss.objects.values_list("query", flat=True)) == ["[E-Mail] zahlungsplan [Zahl]"]


def test_normalisation():
    assert search_query_normalise("  Wo ist   die PIN?? ") == "wo ist die pin"
    assert search_query_normalise("PIN 4711-0815 an info@betrieb.de") == "pin [Zahl] an [E-Mail]"
    assert search_query_normalise("meine pin abcd-efgh und X7KM9PQR") == "meine pin [PIN] und [PIN]"
    assert search_query_normalise("Passwort vergessen") == "passwort vergessen"
    assert len(search_query_normalise("x" * 300)) == 100


def test_one_client_adds_only_so_many_fruitless_searches(client, shipped_help, monkeypatch):
    monkeypatch.setattr("help.services.SEARCH_MISSES_PER_CLIENT", (3, 3600))
    for number in range(6):
        response = client.get(SEARCH, {"q": f"unsinn{'x' * number}"})
        assert response.status_code == 200

    assert SearchMiss.objects.count() == 3
