"""Help in context: the pages where people get stuck link to the one answer that helps, and every such link
leads to an existing, published answer (opened at the answer, #slug). Links inside the shipped answers lead to
pages that exist."""

import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve, reverse

from accounts.tests.helpers import SIGNUP_URL, signup_data
from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from contracts.tests.factories import ContractFactory
from help.migrations._initial_content import CATEGORIES, FAQS
from help.rendering import markdown_to_html

from .factories import FaqFactory

pytestmark = pytest.mark.django_db

TAG = re.compile(r"{%\s*help_links?\s+((?:\"[^\"]+\"\s*)+)")
HELP_HREF = re.compile(r'href="(/hilfe/antworten/([a-z0-9-]+)/\?von=([^"#]*)#\2)"')

# Where people get stuck (issue 17) and the answer each of those pages must offer.
REQUIRED = {
    "login": {"passwort-wird-nicht-angenommen", "konto-gesperrt-zu-viele-versuche"},
    "sign-up confirmation": {"keine-aktivierungsmail"},
    "PIN request": {"wo-finde-ich-die-betriebsnummer"},
    "link form": {"pin-verwendet-oder-abgelaufen", "filialnummer"},
    "my business (administrator)": {"administrator-hat-betrieb-verlassen"},
    "contract returned by the chamber": {"lehrvertrag-zurueckgegeben"},
    "Postfach: send a document": {"postfach-dateiformate"},
    "apprenticeship board": {"suchauftrag-lehrstellen"},
    "our postings": {"stelle-nicht-sichtbar"},
}


def slugs_in_templates() -> dict[str, set[str]]:
    """Every answer named by {% help_link %} or {% help_links %} in the project's templates."""
    found: dict[str, set[str]] = {}
    base = Path(settings.BASE_DIR)
    for path in base.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "staticfiles" in path.parts:
            continue
        for match in TAG.finditer(path.read_text()):
            found.setdefault(str(path.relative_to(base)), set()).update(re.findall(r'"([^"]+)"', match.group(1)))
    return found


def pages_with_help() -> dict[str, tuple[Client, str]]:
    """The pages that carry help links, opened as the person who sees them."""
    visitor = Client()
    new_person = Client()
    new_person.post(SIGNUP_URL, signup_data())
    customer = Client()
    from accounts.tests.factories import UserFactory

    customer_user = UserFactory()
    customer.force_login(customer_user)
    pending = MembershipFactory(user=customer_user, status=Membership.Status.PENDING, activated_at=None)
    admin = Client()
    admin_membership = MembershipFactory(business=BusinessFactory(), role=Membership.Role.ADMIN)
    admin.force_login(admin_membership.user)
    returned = ContractFactory(business=admin_membership.business, status="returned", staff_remarks="Probezeit?")
    accepted = ContractFactory(business=admin_membership.business, status="accepted")
    return {
        "login": (visitor, reverse("account_login")),
        "sign-up confirmation": (new_person, reverse("account_email_verification_sent")),
        "activation mail again": (visitor, reverse("accounts:activation_resend_form")),
        "activation link not valid": (
            visitor,
            reverse("accounts:activate", args=["OTg3NjU0MzIx", "kein-gueltiger-link"]),
        ),
        "PIN request": (visitor, reverse("businesses:pin_request")),
        "PIN requested": (visitor, reverse("businesses:pin_request_done")),
        "link form": (customer, reverse("businesses:link")),
        "link being set up": (customer, reverse("businesses:link_status", args=[pending.pk])),
        "my business (not linked)": (customer, reverse("businesses:mine")),
        "my account": (customer, reverse("accounts:profile")),
        "my bookings": (customer, reverse("courses:my_bookings")),
        "my applications": (customer, reverse("forms_catalog:my_submissions")),
        "my business (administrator)": (admin, reverse("businesses:mine")),
        "leave business": (admin, reverse("businesses:leave")),
        "contract returned by the chamber": (admin, returned.get_absolute_url()),
        "contract accepted, to be concluded": (admin, accepted.get_absolute_url()),
        "Postfach: send a document": (admin, reverse("documents:create")),
        "apprenticeship board": (visitor, reverse("jobboard:search")),
        "our postings": (admin, reverse("jobboard:mine")),
    }


def test_every_help_link_on_the_pages_opens_a_published_answer_at_the_answer(shipped_help):
    named_in_templates = set().union(*slugs_in_templates().values())
    walked: set[str] = set()

    for page, (client, url) in pages_with_help().items():
        response = client.get(url)
        assert response.status_code in (200, 404), f"{page}: {response.status_code}"  # 404: the link of nobody
        links = HELP_HREF.findall(response.content.decode())
        assert links, f"{page} ({url}) has no help link"
        assert REQUIRED.get(page, set()) <= {slug for _href, slug, _from in links}, page
        for href, slug, came_from in links:
            assert came_from == url.replace("/", "%2F"), f"{page}: {href}"
            answer = Client().get(href)
            assert answer.status_code == 200, f"{page} links to {href}: {answer.status_code}"
            assert f'<article id="{slug}"' in answer.content.decode(), f"{href} has no anchor #{slug}"
            assert shipped_help[slug].is_published
            walked.add(slug)

    # Each answer a template names is shipped, published, and was met on one of the pages above.
    assert named_in_templates <= set(shipped_help), named_in_templates - set(shipped_help)
    assert named_in_templates == walked, named_in_templates ^ walked


def test_the_answer_leads_back_to_the_page_it_was_opened_from(shipped_help):
    url = reverse("help:answer", args=["filialnummer"])

    html = Client().get(url, {"von": "/betrieb/verknuepfen/"}).content.decode()
    foreign = Client().get(url, {"von": "https://boese.example/phish"}).content.decode()

    assert '<a href="/betrieb/verknuepfen/">Zurück zur Seite, von der Sie kamen</a>' in html
    assert "/hilfe/kontakt/?von=/betrieb/verknuepfen/" in html
    # Another site is never offered as the way back, nor passed on to the contact form.
    assert "Zurück zur Seite" not in foreign
    assert "/hilfe/kontakt/?von=/hilfe/antworten/filialnummer/" in foreign


def test_a_link_to_an_unpublished_answer_renders_nothing_and_is_logged(db, caplog):
    FaqFactory(slug="entwurf", is_published=False)
    template = Template('{% load help_tags %}[{% help_link "entwurf" %}][{% help_links "entwurf" "gibt-es-nicht" %}]')

    with caplog.at_level(logging.WARNING, logger="help.selectors"):
        html = template.render(Context({"request": RequestFactory().get("/accounts/login/")}))

    assert html == "[][]"
    assert "entwurf" in caplog.text and "gibt-es-nicht" in caplog.text


def test_a_link_in_english_and_to_an_answer_without_english_text(db, client):
    FaqFactory(slug="nur-deutsch", question_de="Nur auf Deutsch?", question_en="")
    FaqFactory(slug="zweisprachig", question_de="Zweisprachig?", question_en="Bilingual?")
    template = Template('{% load help_tags %}{% help_link "nur-deutsch" %} {% help_link "zweisprachig" %}')
    from django.utils import translation

    with translation.override("en"):
        html = template.render(Context({"request": RequestFactory().get("/accounts/login/")}))

    assert 'lang="de">Nur auf Deutsch?</a>' in html
    assert ">Bilingual?</a>" in html and 'lang="de">Bilingual' not in html


def test_links_inside_the_shipped_texts_lead_to_existing_pages_and_published_answers(shipped_help):
    texts = [item[f"{field}_{language}"] for item in FAQS for field in ("answer",) for language in ("de", "en")]
    texts += [item[f"intro_{language}"] for item in CATEGORIES for language in ("de", "en")]
    hrefs = {href for text in texts for href in re.findall(r'href="([^"]+)"', str(markdown_to_html(text)))}

    assert hrefs, "the shipped texts link nowhere"
    for href in hrefs:
        assert href.startswith("/"), href
        try:
            match = resolve(href.split("#")[0])
        except Resolver404:
            pytest.fail(f"a shipped help text links to {href}, which does not exist")
        if match.view_name == "help:answer":
            assert match.kwargs["slug"] in shipped_help, href
