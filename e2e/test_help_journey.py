"""A visitor stuck at the login and at the PIN request finds the answer right there, searches the help with a
typo, asks the service desk and gets an Aktenzeichen — in German and in English, every page checked by axe."""

import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from e2e.conftest import assert_accessible
from help.models import ContactRequest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shipped_help(transactional_db):
    from help.migrations._initial_content import install

    install(apps, only_missing=True)


def test_help_where_people_get_stuck_search_and_contact(page, shipped_help, mailoutbox):
    # Stuck at the login: the page offers the answer, which opens at the answer itself.
    page.goto("/accounts/login/")
    expect(page.get_by_text("Probleme bei der Anmeldung?")).to_be_visible()
    assert_accessible(page, what="login with help links")
    page.get_by_role("link", name="Mein Passwort wird nicht angenommen. Woran kann das liegen?").click()
    expect(page).to_have_url(re.compile(r"/hilfe/antworten/passwort-wird-nicht-angenommen/\?von=.*#passwort"))
    answer = page.locator("article#passwort-wird-nicht-angenommen")
    expect(answer.get_by_role("heading", level=1)).to_have_text(
        "Mein Passwort wird nicht angenommen. Woran kann das liegen?"
    )
    expect(answer).to_be_in_viewport()
    expect(answer.get_by_text("Ein kleines l und ein großes I")).to_be_visible()
    assert_accessible(page, what="answer page")
    page.get_by_role("link", name="Zurück zur Seite, von der Sie kamen").click()
    expect(page.get_by_role("heading", name="Anmelden", exact=True)).to_be_visible()

    # The PIN request explains where the Betriebsnummer is and links to the full answer.
    page.goto("/betrieb/pin-anfordern/")
    page.get_by_role("link", name="Mehr zur Betriebsnummer in der Hilfe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wo finde ich meine Betriebsnummer?")
    expect(page.locator("article#wo-finde-ich-die-betriebsnummer")).to_be_in_viewport()

    # The help page from the header, searched with a typo.
    page.get_by_role("banner").get_by_role("link", name="Hilfe", exact=True).click()
    expect(page.get_by_role("heading", name="Hilfe zum Kundenportal")).to_be_visible()
    assert_accessible(page, what="help page")
    page.get_by_label("Hilfe durchsuchen").fill("betriebsnumer")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("status")).to_contain_text("zu „betriebsnumer“ gefunden")
    first = page.locator(".help-results li").first
    expect(first.get_by_role("link")).to_have_text("Wo finde ich meine Betriebsnummer?")
    expect(first.locator("mark").first).to_have_text("Betriebsnummer")
    assert_accessible(page, what="search results")
    page.get_by_label("Hilfe durchsuchen").fill("Ratenzahlung")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("status")).to_have_text("0 Antworten zu „Ratenzahlung“ gefunden.")
    assert_accessible(page, what="search without result")

    # Not answered: a question to the service desk, refused once, then sent.
    page.get_by_role("link", name="Frage an den Service stellen").click()
    expect(page.get_by_role("heading", name="Frage nicht beantwortet?")).to_be_visible()
    page.get_by_label("Ihre Frage").fill("Kann ich einen Meisterkurs in Raten bezahlen?")
    page.get_by_role("button", name="Frage senden").click()
    expect(page.get_by_role("alert")).to_contain_text("Ihre Anfrage wurde noch nicht gesendet")
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Ihre Frage")).to_have_value("Kann ich einen Meisterkurs in Raten bezahlen?")
    assert_accessible(page, what="contact form with errors")
    page.get_by_role("alert").get_by_role("link", name="Thema: Bitte wählen Sie ein Thema.").click()
    page.get_by_label("Thema").select_option(label="Kurse und Buchungen")
    page.get_by_label("Ihr Name").fill("Karla Kundin")
    page.get_by_label("Ihre E-Mail-Adresse").fill("karla@example.de")
    page.get_by_role("button", name="Frage senden").click()
    expect(page.get_by_role("heading", name="Vielen Dank, Ihre Frage ist eingegangen")).to_be_visible()
    contact_request = ContactRequest.objects.get()
    expect(page.locator(".help-reference")).to_have_text(contact_request.reference)
    assert contact_request.page == "/hilfe/suche/"
    assert_accessible(page, what="contact confirmation")
    assert [mail.to for mail in mailoutbox] == [["karla@example.de"]]
    assert contact_request.reference in mailoutbox[0].subject


def test_the_help_in_english(page, shipped_help):
    page.goto("/hilfe/")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Help for the customer portal")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page, what="help page (English)")

    page.get_by_role("link", name="We have branches: which number do I enter?").click()
    expect(page.locator("article#filialnummer")).to_contain_text("Filialnummer (branch number, 1 to 4 digits)")
    assert_accessible(page, what="answer page (English)")

    page.get_by_label("Search the help").fill("branch")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".help-results li").first.get_by_role("link")).to_have_text(
        "We have branches: which number do I enter?"
    )
    assert_accessible(page, what="search results (English)")

    page.get_by_role("link", name="Ask the service desk").click()
    expect(page.get_by_role("heading", name="Question not answered?")).to_be_visible()
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_role("alert")).to_contain_text("Your request could not be sent yet")
    assert_accessible(page, what="contact form with errors (English)")

    page.goto("/betrieb/pin-anfordern/")
    page.get_by_role("link", name="More about the Betriebsnummer in the help").click()
    expect(page.locator("article#wo-finde-ich-die-betriebsnummer")).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where do I find my Betriebsnummer (business number)?")


def test_the_accessibility_check_fails_with_a_readable_list(page):
    page.set_content('<html lang="de"><head><title>x</title></head><body><img src="x.png"><input></body></html>')

    with pytest.raises(pytest.fail.Exception) as failed:
        assert_accessible(page, what="a page with two faults")

    report = str(failed.value)
    assert "a page with two faults: 2 accessibility rule(s) violated" in report
    assert "- image-alt (critical)" in report and "- label (critical)" in report
    assert "img" in report and "input" in report
