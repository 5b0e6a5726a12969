"""Sign-up and booking with the keyboard alone: Tab, Shift+Tab, Enter, Space and typing — no mouse click.

Only the addresses a person opens themselves are typed into the browser (the start page, the link in the
activation mail). On every element the keyboard reaches, the focus must be visible (an outline or a ring),
and the first element of every page is the skip link.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD
from courses.models import Booking
from courses.tests.factories import CourseFactory
from e2e.conftest import assert_accessible, link_in_mail

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "karl.tastatur@example.de"
PASSWORD = "Zimmermann-Stemmeisen-77"

# What the keyboard has reached: its accessible name, as far as a test needs it, and how its focus shows.
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const labels = element.labels ? Array.from(element.labels).map((label) => label.innerText).join(" ") : "";
  return {
    tag: element.tagName.toLowerCase(),
    type: element.getAttribute("type") || "",
    name: [element.getAttribute("aria-label"), labels, element.innerText, element.value]
      .filter(Boolean).join(" ").replace(/\\s+/g, " ").trim(),
    visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
  };
}"""


def tab_to(page, name: str | re.Pattern, *, tag: str | None = None, limit: int = 60) -> dict:
    """Press Tab until an element whose name matches has the focus; every element passed shows its focus."""
    pattern = name if isinstance(name, re.Pattern) else re.compile(re.escape(name))
    passed = []
    for _press in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["visible"], f"the focus is not visible on {focused}"
        passed.append(focused["name"][:40])
        if pattern.search(focused["name"]) and (tag is None or focused["tag"] == tag):
            return focused
    raise AssertionError(f"Tab never reached {pattern.pattern!r}; passed: {passed}")


def first_tab_is_the_skip_link(page) -> None:
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["name"] == "Zum Inhalt springen", focused
    assert focused["visible"]


def test_sign_up_with_the_keyboard_alone(page, mailoutbox):
    page.goto("/")
    first_tab_is_the_skip_link(page)
    # The skip link leads past the navigation: the next Tab is in the page's content.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")

    page.goto("/")
    tab_to(page, "Registrieren", tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Registrieren")).to_be_visible()

    # Refused first: nothing filled in. The summary at the top takes the focus and names the fields.
    tab_to(page, "Registrieren", tag="button")
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("^Vorname: "))).to_be_visible()
    assert_accessible(page, what="sign-up refused, keyboard")
    # From the summary, Enter on a link leads to its field.
    tab_to(page, re.compile("^Vorname: "), tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Vorname")).to_be_focused()
    page.keyboard.type("Karl")

    tab_to(page, "Nachname", tag="input")
    page.keyboard.type("Tastatur")
    tab_to(page, "E-Mail-Adresse", tag="input")
    page.keyboard.type(EMAIL)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "select" and "Anrede" in focused["name"], focused
    page.keyboard.press("ArrowDown")  # "Frau", the first salutation after "Bitte wählen"
    expect(page.get_by_label("Anrede")).not_to_have_value("")
    tab_to(page, "Datenschutzhinweise", tag="input")
    page.keyboard.press("Space")
    expect(page.get_by_label("Datenschutzhinweise")).to_be_checked()
    tab_to(page, "Registrieren", tag="button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Fast geschafft: Bitte prüfen Sie Ihr Postfach")).to_be_visible()

    # The activation link from the mail, then the password, all by keyboard.
    [activation] = mailoutbox
    page.goto(link_in_mail(activation.body))
    first_tab_is_the_skip_link(page)
    tab_to(page, "Konto aktivieren", tag="button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Passwort festlegen")).to_be_visible()
    tab_to(page, re.compile(r"^Passwort\*?$"), tag="input")
    page.keyboard.type(PASSWORD)
    tab_to(page, "Passwort wiederholen", tag="input")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")  # Enter in a field submits its form
    expect(page.get_by_role("heading", name="Mein Portal")).to_be_visible()
    expect(page.get_by_text("Ihr Konto ist aktiv.")).to_be_visible()


def test_book_a_course_with_the_keyboard_alone(page, user_factory, mailoutbox):
    customer = user_factory(email=EMAIL, first_name="Karl", last_name="Tastatur")
    CourseFactory(title="Fliesenlegen für Einsteiger", description="Grundlagen.")

    page.goto("/")
    first_tab_is_the_skip_link(page)
    tab_to(page, "Kurse", tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kurse und Weiterbildung")).to_be_visible()
    tab_to(page, "Fliesenlegen für Einsteiger", tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Fliesenlegen für Einsteiger")).to_be_visible()
    tab_to(page, "Jetzt buchen", tag="a")
    page.keyboard.press("Enter")

    # The login on the way.
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    first_tab_is_the_skip_link(page)
    tab_to(page, "E-Mail", tag="input")
    page.keyboard.type(customer.email)
    tab_to(page, re.compile(r"^Passwort\*?$"), tag="input")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kurs buchen")).to_be_visible()

    # For herself (the preset choice) with the billing address a paid course asks for, then the review, then
    # the binding booking. In a text area Enter is a new line, as the address needs.
    tab_to(page, "Rechnungsanschrift", tag="textarea")
    page.keyboard.type("Karl Tastatur")
    page.keyboard.press("Enter")
    page.keyboard.type("Hauptstraße 1")
    page.keyboard.press("Enter")
    page.keyboard.type("12345 Musterstadt")
    tab_to(page, "Weiter zur Übersicht", tag="button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Buchung prüfen und bestätigen")).to_be_visible()
    tab_to(page, "Kostenpflichtig buchen", tag="button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Meine Buchungen")).to_be_visible()
    expect(page.get_by_text("Ihre Buchung für Fliesenlegen für Einsteiger ist bestätigt.")).to_be_visible()
    assert Booking.objects.get().participant_email == customer.email
