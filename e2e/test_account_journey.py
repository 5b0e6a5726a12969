"""A new customer registers, activates the account from the mail, logs in and out, and resets the password."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, link_in_mail

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "erika.musterfrau@example.de"
FIRST_PASSWORD = "Gesellenbrief-Feile-31"
SECOND_PASSWORD = "Meisterschule-Hobel-42"


def field(label: str) -> re.Pattern:
    """A form field's label exactly, with or without the required-field asterisk."""
    return re.compile(rf"^\s*{re.escape(label)}\*?\s*$")


PASSWORD_LABEL = field("Passwort")


@pytest.fixture
def watched_page(page):
    """The page, recording console errors and requests that fail (a missing script or stylesheet among them)."""
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    # A navigation may abort a page's pending requests; a script or stylesheet that fails is a defect.
    page.on(
        "requestfailed",
        lambda request: "/static/" in request.url and problems.append(f"failed: {request.url} {request.failure}"),
    )
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}"),
    )
    yield page
    assert problems == []


def test_register_activate_log_in_and_reset_the_password(watched_page, mailoutbox):
    page = watched_page

    # Register: no password is asked for.
    page.goto("/")
    assert_accessible(page, what="start page")
    page.get_by_role("main").get_by_role("link", name="Registrieren").click()
    assert_accessible(page, what="sign-up form")
    page.get_by_label("Anrede").select_option(label="Frau")
    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("Nachname").fill("Musterfrau")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Datenschutzhinweise").check()
    expect(page.locator("input[type=password]")).to_have_count(0)
    page.get_by_role("main").get_by_role("button", name="Registrieren").click()

    expect(page.get_by_role("heading", name="Fast geschafft: Bitte prüfen Sie Ihr Postfach")).to_be_visible()
    expect(page.get_by_text("e***@example.de")).to_be_visible()
    expect(page.get_by_role("button", name="Mail erneut senden")).to_be_visible()
    expect(page.get_by_role("button", name="Adresse korrigieren")).to_be_visible()
    assert_accessible(page, what="activation mail sent")

    # The activation mail: its link shows one button, which leads to "Passwort festlegen".
    [activation] = mailoutbox
    assert activation.to == [EMAIL]
    page.goto(link_in_mail(activation.body))
    assert_accessible(page, what="activation page")
    page.get_by_role("button", name="Konto aktivieren").click()
    expect(page.get_by_role("heading", name="Passwort festlegen")).to_be_visible()
    assert_accessible(page, what="set the password")

    # The show/hide toggle reveals what was typed, and hides it again.
    password_field = page.get_by_label(PASSWORD_LABEL)
    password_field.fill(FIRST_PASSWORD)
    expect(password_field).to_have_attribute("type", "password")
    page.get_by_role("button", name="Passwort anzeigen").first.click()
    expect(password_field).to_have_attribute("type", "text")
    page.get_by_role("button", name="Passwort verbergen").first.click()
    expect(password_field).to_have_attribute("type", "password")
    page.get_by_label("Passwort wiederholen").fill(FIRST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Passwort festlegen").click()

    # Logged in on "Mein Portal".
    expect(page.get_by_role("heading", name="Mein Portal")).to_be_visible()
    expect(page.get_by_text("Ihr Konto ist aktiv.")).to_be_visible()
    assert_accessible(page, what="Mein Portal")
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("link", name="Anmelden").first).to_be_visible()

    # Log in again, pasting the password with a trailing space.
    page.get_by_role("navigation").get_by_role("link", name="Anmelden").click()
    assert_accessible(page, what="login page")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label(PASSWORD_LABEL).fill(FIRST_PASSWORD + " ")
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Mein Portal")).to_be_visible()
    page.get_by_role("button", name="Abmelden").click()

    # Forgot the password: a reset mail, a new password, logged in again.
    page.get_by_role("navigation").get_by_role("link", name="Anmelden").click()
    page.get_by_role("main").get_by_role("link", name="Passwort vergessen").click()
    assert_accessible(page, what="password reset request")
    page.get_by_label("E-Mail").fill(EMAIL)
    page.get_by_role("main").get_by_role("button", name=re.compile("zurücksetzen", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Passwort zurücksetzen", re.I))).to_be_visible()
    assert_accessible(page, what="password reset mail sent")
    assert len(mailoutbox) == 2
    reset = mailoutbox[1]
    assert reset.to == [EMAIL]
    page.goto(link_in_mail(reset.body))
    expect(page.get_by_role("heading", name="Passwort ändern")).to_be_visible()
    assert_accessible(page, what="new password from the reset link")
    page.get_by_label(field("Neues Passwort")).fill(SECOND_PASSWORD)
    page.get_by_label(field("Neues Passwort (Wiederholung)")).fill(SECOND_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Passwort ändern").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    page.get_by_role("button", name="Abmelden").click()

    # The new password works; the old one no longer does.
    page.get_by_role("navigation").get_by_role("link", name="Anmelden").click()
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label(PASSWORD_LABEL).fill(FIRST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("Die E-Mail-Adresse und/oder das Passwort sind leider falsch.")).to_be_visible()
    assert_accessible(page, what="refused login")
    page.get_by_label(PASSWORD_LABEL).fill(SECOND_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Mein Portal")).to_be_visible()


def test_correct_the_address_go_back_and_register_the_corrected_one(page, mailoutbox):
    page.goto("/accounts/signup/")
    page.get_by_label("Anrede").select_option(label="Frau")
    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("Nachname").fill("Musterfrau")
    page.get_by_label("E-Mail-Adresse").fill("erika@exmaple.de")
    page.get_by_label("Datenschutzhinweise").check()
    page.get_by_role("main").get_by_role("button", name="Registrieren").click()
    expect(page.get_by_text("e***@exmaple.de")).to_be_visible()

    # "Adresse korrigieren", then the browser's Back button: still the masked address and both buttons.
    page.get_by_role("button", name="Adresse korrigieren").click()
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value("erika@exmaple.de")
    page.go_back()
    expect(page.get_by_text("e***@exmaple.de")).to_be_visible()
    expect(page.get_by_role("button", name="Mail erneut senden")).to_be_visible()
    page.get_by_role("button", name="Adresse korrigieren").click()

    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Datenschutzhinweise").check()
    page.get_by_role("main").get_by_role("button", name="Registrieren").click()
    expect(page.get_by_text("e***@example.de")).to_be_visible()

    # Exactly one working link: the one to the corrected address.
    [mistyped] = [mail for mail in mailoutbox if mail.to == ["erika@exmaple.de"]]
    [corrected] = [mail for mail in mailoutbox if mail.to == [EMAIL]]
    page.goto(link_in_mail(mistyped.body))
    expect(page.get_by_role("button", name="Konto aktivieren")).to_have_count(0)
    page.goto(link_in_mail(corrected.body))
    expect(page.get_by_role("button", name="Konto aktivieren")).to_be_visible()
