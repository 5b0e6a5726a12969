"""Search in the help: full text with German (and English) stemming plus trigram similarity for typos on
PostgreSQL, a plain substring search on SQLite; matched words highlighted in escaped text.

The FAQ is a few dozen rows maintained by staff, so the documents are built per search instead of stored.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, FloatField, Q, TextField, Value
from django.db.models.functions import Coalesce, Concat, Greatest
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Faq
from .rendering import markdown_to_plain

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
# word_similarity() of a typed word and the closest stretch of an answer: "betriebsnumer" and
# "Betriebsnummer" reach 0.81, "nummer" in "Betriebsnummer" 0.71, "pasword" and "password" 0.7 – but also
# "konto" and "Kontakt" 0.67, hence more for short words.
SHORT_WORD_SIMILARITY = 0.75
LONG_WORD_SIMILARITY = 0.6
SNIPPET_CHARS = 220

_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The words of a search, lower case, without repeats; single letters left out."""
    terms: list[str] = []
    for word in _WORD.findall((query or "")[:MAX_QUERY_LENGTH].lower()):
        if len(word) > 1 and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def _text_fields():
    return [
        Coalesce(F(name), Value(""), output_field=TextField())
        for name in ("question_de", "answer_de", "question_en", "answer_en")
    ]


def _search_postgresql(faqs, query: str, terms: list[str]):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity

    document = (
        SearchVector("question_de", weight="A", config="german")
        + SearchVector("answer_de", weight="B", config="german")
        + SearchVector("question_en", weight="A", config="english")
        + SearchVector("answer_en", weight="B", config="english")
    )
    search = SearchQuery(query, config="german", search_type="websearch") | SearchQuery(
        query, config="english", search_type="websearch"
    )
    fields = _text_fields()
    everything = Concat(*[part for field in fields for part in (field, Value(" "))], output_field=TextField())
    questions = Concat(fields[0], Value(" "), fields[2], output_field=TextField())
    # Typos and parts of compound words: each typed word of four letters or more against the texts. The
    # answers whose question holds most of the typed words (or words like them) come first.
    long_terms = [term for term in terms if len(term) >= 4]
    similarities = {
        f"similarity_{number}": TrigramWordSimilarity(term, everything) for number, term in enumerate(long_terms)
    }
    close_enough = Q(document=search)
    for number, term in enumerate(long_terms):
        close_enough |= Q(**{f"similarity_{number}__gte": similarity_threshold(term)})
    return (
        faqs.annotate(
            document=document,
            rank=SearchRank(document, search),
            question_similarity=_sum([TrigramWordSimilarity(term, questions) for term in long_terms]),
            **similarities,
        )
        .annotate(similarity=_greatest([F(name) for name in similarities]))
        .filter(close_enough)
        .order_by(
            F("question_similarity").desc(),
            F("rank").desc(),
            F("similarity").desc(),
            "category__order",
            "order",
            "pk",
        )
    )


def similarity_threshold(term: str) -> float:
    """How close a stretch of text must come to a typed word. A short word needs more: one wrong letter
    changes a larger share of its trigrams, and short words resemble many others."""
    return SHORT_WORD_SIMILARITY if len(term) <= 5 else LONG_WORD_SIMILARITY


def _sum(expressions: list):
    total = Value(0.0, output_field=FloatField())
    for expression in expressions:
        total = total + expression
    return total


def _greatest(expressions: list):
    if not expressions:
        return Value(0.0, output_field=FloatField())
    if len(expressions) == 1:
        return expressions[0]
    return Greatest(*expressions)


def _search_substring(faqs, terms: list[str]):
    # SQLite (make run): every word must occur somewhere; no stemming, no typo tolerance.
    condition = Q()
    for term in terms:
        condition &= (
            Q(question_de__icontains=term)
            | Q(answer_de__icontains=term)
            | Q(question_en__icontains=term)
            | Q(answer_en__icontains=term)
        )
    return faqs.filter(condition).order_by("category__order", "order", "pk")


def faqs_search(*, query: str, limit: int = 30) -> list[Faq]:
    """Published answers matching `query`, best first."""
    terms = query_terms(query)
    if not terms:
        return []
    faqs = Faq.objects.published().select_related("category")
    query = query[:MAX_QUERY_LENGTH]
    if connection.vendor == "postgresql":
        return list(_search_postgresql(faqs, query, terms)[:limit])
    return list(_search_substring(faqs, terms)[:limit])


# --- highlighting ---------------------------------------------------------------------------------


def _stem(word: str) -> str:
    """A crude stem for highlighting only (the search itself stems properly): short words stay whole."""
    return word[: len(word) - (2 if len(word) >= 7 else 1 if len(word) == 6 else 0)]


def word_matches(word: str, terms: list[str]) -> bool:
    """Whether a word of the text is what a search term found: the same word, another form of it (German
    endings), a compound containing it, or the word the search term misspelled."""
    word = word.lower()
    for term in terms:
        if word == term:
            return True
        if len(term) < 4 or len(word) < 3:
            continue
        # Another ending of the same word: "Betriebe" finds "Betrieb", "Filialen" finds "Filiale".
        if word.startswith(_stem(term)):
            return True
        if len(word) >= 4 and len(term) - len(word) <= 3 and term.startswith(_stem(word)):
            return True
        if len(term) >= 5 and term in word:
            return True
        if len(term) >= 5 and difflib.SequenceMatcher(None, term, word).ratio() >= 0.8:
            return True
    return False


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with the words that match `terms` wrapped in <mark>."""
    parts: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        if word_matches(match.group(), terms):
            parts.append(escape(text[position : match.start()]))
            parts.append(format_html("<mark>{}</mark>", match.group()))
            position = match.end()
    parts.append(escape(text[position:]))
    # Every part was escaped above; only the <mark> elements are markup.
    return mark_safe("".join(parts))


def snippet(text: str, terms: list[str], length: int = SNIPPET_CHARS) -> str:
    """About `length` characters of `text` around its first matching word, cut at word boundaries."""
    if len(text) <= length:
        return text
    first = next((m.start() for m in _WORD.finditer(text) if word_matches(m.group(), terms)), 0)
    start = max(0, first - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


@dataclass
class SearchResult:
    faq: Faq
    question: SafeString
    question_language: str
    snippet: SafeString
    snippet_language: str


def search_results(*, query: str) -> list[SearchResult]:
    terms = query_terms(query)
    results = []
    for faq in faqs_search(query=query):
        plain = markdown_to_plain(faq.answer)
        results.append(
            SearchResult(
                faq=faq,
                question=highlight(faq.question, terms),
                question_language=faq.shown_language("question"),
                snippet=highlight(snippet(plain, terms), terms),
                snippet_language=faq.shown_language("answer"),
            )
        )
    return results
