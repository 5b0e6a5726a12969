"""A salon enters an apprenticeship contract; the chamber returns it, accepts it; the apprentice confirms it in
her own browser without an account; the chamber registers it. The next apprentice's contract (duplicated) is
concluded on paper. Screenshots of the main steps go to $E2E_SCREENSHOTS when set."""

import io
import os
import re
from pathlib import Path

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from contracts.models import ApprenticeshipContract
from contracts.tests.factories import TrainerFactory, ensure_shipped_catalogues
from e2e.conftest import assert_accessible, link_in_mail
from forms_catalog.tests.samples import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)
SCREENS = Path(os.environ["E2E_SCREENSHOTS"]) if os.environ.get("E2E_SCREENSHOTS") else None


def shot(page, name: str) -> None:
    if SCREENS is not None:
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def log_in(page, email: str) -> None:
    page.get_by_placeholder("E-Mail-Adresse", exact=True).fill(email)
    page.get_by_placeholder("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def staff_browser(browser, live_server, staff, secret: str):
    """The clerk's own browser: the admin leads to the portal's login, then to her authenticator app's code."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/admin/")
    page.get_by_label("E-Mail-Adresse").fill(staff.email)
    page.get_by_label(re.compile(r"^\s*Passwort\*?\s*$")).fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_label(re.compile("Code")).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name=re.compile("Anmelden|Bestätigen")).click()
    expect(page.get_by_role("link", name="Lehrverträge").first).to_be_visible()
    return context, page


def open_in_admin(staff, apprentice: str) -> None:
    staff.goto("/admin/contracts/apprenticeshipcontract/")
    staff.get_by_role("link", name=apprentice).click()
    expect(staff.get_by_role("heading", name="Checks")).to_have_count(0)
    expect(staff.get_by_role("heading", name="Prüfungen")).to_be_visible()


def wait_for_mail(mailoutbox, to: str, subject: str = ""):
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for mail in reversed(mailoutbox):
            if mail.to == [to] and subject in mail.subject:
                return mail
        time.sleep(0.05)
    raise AssertionError(f"no mail to {to} ({subject!r})")


def pdf_text(path) -> str:
    with open(path, "rb") as handle:
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)


def fill_apprentice(page, *, first: str, last: str, birth: str, email: str) -> None:
    page.get_by_label("Vorname", exact=True).fill(first)
    page.get_by_label("Nachname", exact=True).fill(last)
    page.get_by_label("Geburtsdatum", exact=True).fill(birth)
    page.get_by_label("Schulabschluss", exact=True).select_option(label="Realschulabschluss / Mittlerer Schulabschluss")
    page.get_by_label("Straße und Hausnummer", exact=True).fill("Lockenweg 7")
    page.get_by_label("Postleitzahl", exact=True).fill("12345")
    page.get_by_label("Ort", exact=True).fill("Musterstadt")
    page.get_by_label("E-Mail-Adresse", exact=True).fill(email)


def test_from_draft_to_registered_digitally_and_on_paper(page, browser, live_server, mailoutbox, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    ensure_shipped_catalogues()
    salon = BusinessFactory(name="Friseursalon Kamm & Schere GmbH", betriebsnummer="5566778")
    owner = UserFactory(email="inhaberin@kamm-schere.example.de", first_name="Karin", last_name="Kamm")
    MembershipFactory(user=owner, business=salon, role=Membership.Role.ADMIN)
    TrainerFactory(business=salon, first_name="Karin", last_name="Kamm", qualification="Friseurmeisterin")
    staff_user = UserFactory(email="lehrlingsrolle@hwk.example.de", is_staff=True, is_superuser=True)
    secret = pyotp.random_base32()
    TOTP.activate(staff_user, secret)  # her authenticator app, set up before
    page.set_viewport_size({"width": 1280, "height": 900})

    # The owner finds the service in "Mein Portal".
    page.goto("/mein-portal/")
    log_in(page, owner.email)
    tile = page.locator(".service-card").filter(has_text="Online-Lehrvertrag")
    expect(tile.get_by_text("In Vorbereitung")).to_have_count(0)
    tile.get_by_role("link", name="Öffnen").click()
    expect(page.get_by_role("heading", name="Meine Lehrverträge")).to_be_visible()
    assert_accessible(page, what="my apprenticeship contracts")
    expect(page.get_by_text("Noch keine Lehrverträge")).to_be_visible()
    assert_accessible(page, what="Meine Lehrverträge (leer)")
    page.get_by_role("link", name="Neuer Lehrvertrag").first.click()

    # The form computes end and minimums while she types.
    page.get_by_label("Betriebsnummer der Bundesagentur für Arbeit", exact=True).fill("4455 6677")
    fill_apprentice(page, first="Paula", last="Pinsel", birth="2006-03-15", email="paula.pinsel@example.de")
    page.get_by_label("Ausbildungsberuf", exact=True).select_option(label="Friseur/in (36 Monate)")
    page.get_by_label("Ausbildungsbeginn", exact=True).fill("2026-08-01")
    expect(page.locator("[data-calc=end]")).to_have_text("31.07.2029")
    expect(page.locator("[data-calc=duration]")).to_contain_text("36 Monate")
    expect(page.locator("[data-minimum-for='1']")).to_have_text("Mindestens 724,00 €")
    expect(page.locator("[data-remuneration-year='4']")).to_be_hidden()  # three training years
    page.get_by_label("Probezeit (Monate)", exact=True).fill("4")
    page.get_by_label("Regelmäßige tägliche Ausbildungszeit (Stunden)", exact=True).fill("8")
    page.get_by_label("Regelmäßige wöchentliche Ausbildungszeit (Stunden)", exact=True).fill("40")
    page.get_by_label("Ausbildungstage je Woche", exact=True).fill("5")
    expect(page.get_by_label("Urlaub 2026 (Tage)", exact=True)).to_be_visible()
    expect(page.locator("[data-holiday-minimum-for='1']")).to_have_text("Mindestens 9 Tage")
    page.get_by_label("1. Ausbildungsjahr (€ im Monat, brutto)", exact=True).fill("723,99")
    page.get_by_label("2. Ausbildungsjahr (€ im Monat, brutto)", exact=True).fill("854,00")
    page.get_by_label("3. Ausbildungsjahr (€ im Monat, brutto)", exact=True).fill("977,00")
    for year, days in (("2026", "9"), ("2027", "25"), ("2028", "25"), ("2029", "25")):
        page.get_by_label(f"Urlaub {year} (Tage)").fill(days)
    page.get_by_label("Ausbilder/in", exact=True).select_option(label="Karin Kamm (Friseurmeisterin)")
    page.get_by_label("elektronisch", exact=True).check()
    shot(page, "01-form-while-typing")
    assert_accessible(page, what="01-form-while-typing")
    assert_accessible(page, what="Lehrvertrag erfassen")
    page.get_by_role("button", name="Speichern und bei der Kammer einreichen").click()

    # One cent below the minimum: saved as a draft, not submitted; the field says why.
    expect(page.get_by_text("Der Vertrag kann noch nicht eingereicht werden: Eine Angabe fehlt")).to_be_visible()
    # At the field, and in the summary at the top of the form with a link to the field.
    expect(page.locator("#id_remuneration_1_error")).to_contain_text(
        "723,99 € liegen unter der gesetzlichen Mindestvergütung von 724,00 €"
    )
    expect(
        page.get_by_role("alert").get_by_role(
            "link", name=re.compile("^1. Ausbildungsjahr .*: .*723,99 € liegen unter")
        )
    ).to_be_visible()
    shot(page, "02-refused-below-minimum")
    assert_accessible(page, what="02-refused-below-minimum")
    assert_accessible(page, what="Lehrvertrag mit Fehlern")
    page.get_by_label("1. Ausbildungsjahr (€ im Monat, brutto)", exact=True).fill("724,00")
    page.get_by_role("button", name="Speichern und bei der Kammer einreichen").click()
    expect(page.get_by_text("Der Vertrag ist bei der Kammer eingereicht.")).to_be_visible()
    expect(page.locator(".badge").filter(has_text="Eingereicht")).to_be_visible()
    contract = ApprenticeshipContract.objects.get(apprentice_last_name="Pinsel")
    wait_for_mail(mailoutbox, owner.email, "an die Kammer übermittelt")

    # The chamber: the contract is in the queue; staff start the review and return it with remarks.
    staff_context, staff = staff_browser(browser, live_server, staff_user, secret)
    staff.goto("/admin/contracts/apprenticeshipcontract/?queue=waiting")
    expect(staff.get_by_role("link", name="Paula Pinsel")).to_be_visible()
    open_in_admin(staff, "Paula Pinsel")
    staff.get_by_role("button", name="Prüfung beginnen").click()
    expect(staff.get_by_text("Die Prüfung ist übernommen.")).to_be_visible()
    shot(staff, "03-admin-review")
    assert_accessible(staff, what="03-admin-review")
    staff.get_by_label("Anmerkungen für den Betrieb").first.fill(
        "Bitte die Probezeit auf drei Monate ändern, wie telefonisch besprochen."
    )
    staff.get_by_role("button", name="An den Betrieb zurückgeben").click()
    expect(staff.get_by_text("Der Vertrag wurde mit Ihren Anmerkungen an den Betrieb zurückgegeben.")).to_be_visible()
    returned = wait_for_mail(mailoutbox, owner.email, "zur Überarbeitung zurückgegeben")
    assert "Bitte die Probezeit auf drei Monate ändern" in returned.body

    # The owner sees the remarks, changes the contract and submits it again.
    page.reload()
    expect(page.get_by_role("heading", name="Von der Kammer zurückgegeben")).to_be_visible()
    shot(page, "04-returned-with-remarks")
    assert_accessible(page, what="04-returned-with-remarks")
    assert_accessible(page, what="zurückgegebener Lehrvertrag")
    page.get_by_role("link", name="Bearbeiten").click()
    page.get_by_label("Probezeit (Monate)", exact=True).fill("3")
    page.get_by_role("button", name="Speichern und bei der Kammer einreichen").click()
    expect(page.get_by_text("Der Vertrag ist bei der Kammer eingereicht.")).to_be_visible()

    # The chamber accepts it.
    open_in_admin(staff, "Paula Pinsel")
    staff.get_by_role("button", name="Prüfung beginnen").click()
    staff.get_by_role("button", name="Vertrag annehmen").click()
    expect(staff.get_by_text("Der Vertrag ist angenommen")).to_be_visible()

    # Digital conclusion: the owner sends it; the apprentice confirms in her own browser, without an account.
    page.reload()
    expect(
        page.get_by_role("heading", name="Von der Kammer angenommen – schließen Sie den Vertrag jetzt ab")
    ).to_be_visible()
    page.get_by_role("button", name="Zur Bestätigung senden").click()
    expect(page.get_by_text("Der Vertrag wurde zur Bestätigung gesendet an: Paula Pinsel.")).to_be_visible()
    shot(page, "05-sent-for-confirmation")
    assert_accessible(page, what="05-sent-for-confirmation")
    assert_accessible(page, what="angenommener Lehrvertrag")
    invitation = wait_for_mail(mailoutbox, "paula.pinsel@example.de", "bestätigen Sie den Empfang")
    assert invitation.attachments[0][0] == f"Berufsausbildungsvertrag-{contract.reference}.pdf"

    apprentice_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    apprentice = apprentice_context.new_page()
    apprentice.set_default_timeout(10_000)
    apprentice.goto(link_in_mail(invitation.body))
    expect(apprentice.get_by_role("heading", name="Ihren Ausbildungsvertrag bestätigen")).to_be_visible()
    expect(apprentice.get_by_text("Friseur/in").first).to_be_visible()
    apprentice.get_by_role("button", name="Empfang und Einverständnis bestätigen").click()
    expect(apprentice.locator("#id_agree_error")).to_contain_text(
        "Bitte bestätigen Sie, dass Sie den Vertrag erhalten und gelesen haben"
    )
    expect(
        apprentice.get_by_role("alert").get_by_role("link", name=re.compile("^Ich habe den Vertrag"))
    ).to_be_visible()
    apprentice.get_by_label("Ich habe den Vertrag erhalten und gelesen und bin mit ihm einverstanden.").check()
    shot(apprentice, "06-apprentice-confirms")
    assert_accessible(apprentice, what="06-apprentice-confirms")
    assert_accessible(apprentice, what="Bestätigungsseite")
    apprentice.get_by_role("button", name="Empfang und Einverständnis bestätigen").click()
    expect(apprentice.get_by_role("heading", name="Vielen Dank – Ihre Bestätigung ist gespeichert")).to_be_visible()
    shot(apprentice, "07-apprentice-confirmed")
    assert_accessible(apprentice, what="07-apprentice-confirmed")
    assert_accessible(apprentice, what="Bestätigung gespeichert")
    # The link is used up.
    apprentice.goto(link_in_mail(invitation.body))
    expect(apprentice.get_by_text("Der Link kann nicht noch einmal verwendet werden.")).to_be_visible()
    apprentice_context.close()

    # Concluded: the chamber registers it; the owner downloads the certificate.
    page.reload()
    expect(page.get_by_text("Abgeschlossen digital (Textform mit Empfangsbestätigung)")).to_be_visible()
    open_in_admin(staff, "Paula Pinsel")
    expect(staff.get_by_text("Alle Vertragsparteien haben bestätigt")).to_be_visible()
    staff.get_by_role("button", name="In die Lehrlingsrolle eintragen").click()
    expect(staff.get_by_text("Der Vertrag ist eingetragen")).to_be_visible()
    contract.refresh_from_db()
    page.reload()
    expect(
        page.get_by_text(f"unter der Nummer {contract.register_number} in die Lehrlingsrolle eingetragen")
    ).to_be_visible()
    shot(page, "08-registered")
    assert_accessible(page, what="08-registered")
    with page.expect_download() as download:
        page.get_by_role("link", name="Eintragungsbestätigung").click()
    text = pdf_text(download.value.path())
    assert contract.register_number in text and "Paula Pinsel" in text and "Friseur/in" in text

    # The next apprentice, same occupation: duplicated, completed, concluded on paper.
    page.get_by_role("button", name="Gleicher Beruf, nächste/r Auszubildende/r").click()
    expect(page.get_by_text("Bitte tragen Sie die/den nächste/n Auszubildende/n ein.")).to_be_visible()
    expect(page.get_by_label("Ausbildungsberuf", exact=True)).to_have_value(str(contract.occupation_id))
    fill_apprentice(page, first="Tom", last="Tolle", birth="2005-11-02", email="")
    page.get_by_label("Probezeit (Monate)", exact=True).fill("3")
    for year, days in (("2026", "9"), ("2027", "24"), ("2028", "24"), ("2029", "24")):
        page.get_by_label(f"Urlaub {year} (Tage)").fill(days)
    page.get_by_role("button", name="Speichern und bei der Kammer einreichen").click()
    expect(page.get_by_text("Der Vertrag ist bei der Kammer eingereicht.")).to_be_visible()
    open_in_admin(staff, "Tom Tolle")
    staff.get_by_role("button", name="Prüfung beginnen").click()
    staff.get_by_role("button", name="Vertrag annehmen").click()
    expect(staff.get_by_text("Der Vertrag ist angenommen")).to_be_visible()

    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Berufsausbildungsvertrag (PDF)").first.click()
    assert "Tom Tolle" in pdf_text(download.value.path())
    page.get_by_role("link", name="Unterschriebenen Vertrag hochladen").click()
    assert_accessible(page, what="Auf Papier abschließen")
    page.get_by_label("Unterschriebener Vertrag (Scan)").set_input_files(
        files=[{"name": "Vertrag-Tolle-unterschrieben.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="Hochladen und abschließen").click()
    expect(page.get_by_text("Der unterschriebene Vertrag ist hochgeladen.")).to_be_visible()

    open_in_admin(staff, "Tom Tolle")
    expect(staff.get_by_text("Bitte prüfen Sie vor der Eintragung den unterschriebenen Scan")).to_be_visible()
    staff.get_by_label("Registernummer").fill("HWK-2026-0042")
    staff.get_by_role("button", name="In die Lehrlingsrolle eintragen").click()
    expect(staff.get_by_text("Der Vertrag ist eingetragen")).to_be_visible()
    shot(staff, "09-admin-registered-paper")
    assert_accessible(staff, what="09-admin-registered-paper")
    staff_context.close()

    page.reload()
    expect(page.get_by_text("unter der Nummer HWK-2026-0042 in die Lehrlingsrolle eingetragen")).to_be_visible()
    page.get_by_role("link", name="Meine Lehrverträge").first.click()
    page.get_by_role("link", name=re.compile("Meine Lehrlinge")).click()
    expect(page.get_by_role("link", name="Paula Pinsel")).to_be_visible()
    expect(page.get_by_role("link", name="Tom Tolle")).to_be_visible()
    shot(page, "10-my-apprentices")
    assert_accessible(page, what="10-my-apprentices")
    assert_accessible(page, what="Meine Lehrlinge")
