""" "Mein Konto → Sicherheit" in the browser: a passkey made and used in Chromium with a virtual
authenticator, an authenticator app set up by a member of the chamber's staff on the way to the admin.

Set E2E_SCREENSHOTS to a directory to keep screenshots of the pages (for looking at them).
"""

import os
import re
import zipfile
from pathlib import Path

import pyotp
import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from e2e.conftest import assert_accessible, link_in_mail

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")
PASSWORD = re.compile(r"^\s*Passwort\*?\s*$")


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def virtual_authenticator(page):
    """A platform authenticator (like a laptop's fingerprint reader) that always says yes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def log_in_with_password(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label(PASSWORD).fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden", exact=True).click()


def log_out(page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Abmelden").click()


def test_a_passkey_is_added_and_then_logs_in_without_and_with_the_password(page):
    user = UserFactory(email="paula.passkey@example.de", first_name="Paula", last_name="Passkey")
    cdp, authenticator_id = virtual_authenticator(page)
    log_in_with_password(page, user.email)

    page.get_by_role("link", name="Mein Konto").click()
    page.get_by_role("navigation", name="Mein Konto").get_by_role("link", name="Sicherheit").click()
    expect(page.get_by_role("heading", name="Sicherheit", exact=True)).to_be_visible()
    expect(page.get_by_text("Zwei-Faktor-Anmeldung:")).to_contain_text("aus")
    screenshot(page, "01-sicherheit")
    assert_accessible(page, what="01-sicherheit")

    page.get_by_role("link", name="Passkey hinzufügen").click()
    # Changing second factors asks for the password once more.
    expect(page.get_by_role("heading", name="Bestätigen Sie, dass Sie es sind")).to_be_visible()
    screenshot(page, "02-bestaetigen")
    assert_accessible(page, what="02-bestaetigen")
    page.get_by_label(PASSWORD).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Bestätigen").click()

    expect(page.get_by_role("heading", name="Passkey hinzufügen")).to_be_visible()
    assert_accessible(page, what="add a passkey")
    page.get_by_label("Name des Passkeys").fill("Laptop Büro")
    page.get_by_label("Auch zur Anmeldung ohne Passwort verwenden").check()
    screenshot(page, "03-passkey-hinzufuegen")
    assert_accessible(page, what="03-passkey-hinzufuegen")
    page.get_by_role("button", name="Passkey erstellen").click()

    # The first second factor comes with recovery codes, shown this once.
    expect(page.get_by_role("heading", name="Wiederherstellungscodes")).to_be_visible()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    expect(page.get_by_role("link", name="Als Textdatei herunterladen")).to_be_visible()
    screenshot(page, "04-wiederherstellungscodes")
    assert_accessible(page, what="04-wiederherstellungscodes")
    page.get_by_label("Ich habe meine Wiederherstellungscodes gespeichert").check()
    page.get_by_role("link", name="Fertig").click()
    expect(page.get_by_text("Sie haben 1 Passkey hinzugefügt.")).to_be_visible()
    expect(page.get_by_text("Zwei-Faktor-Anmeldung:")).to_contain_text("an")
    page.get_by_role("link", name="Passkeys verwalten").click()
    expect(page.get_by_role("cell", name="Laptop Büro")).to_be_visible()
    screenshot(page, "05-passkeys")
    assert_accessible(page, what="05-passkeys")
    [credential] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert credential["isResidentCredential"], "a passkey: the browser can offer it without a user name"

    # Without a password: the passkey alone.
    log_out(page)
    page.goto("/accounts/login/")
    screenshot(page, "06-anmelden")
    assert_accessible(page, what="06-anmelden")
    page.get_by_role("button", name="Anmeldung mit Passkey").click()
    expect(page.get_by_role("heading", name="Mein Portal")).to_be_visible()

    # With the password, the passkey is the second factor.
    log_out(page)
    log_in_with_password(page, user.email)
    expect(page.get_by_role("heading", name="Anmeldung bestätigen")).to_be_visible()
    assert_accessible(page, what="second step of the login")
    screenshot(page, "07-zweiter-schritt")
    assert_accessible(page, what="07-zweiter-schritt")
    page.get_by_role("button", name="Mit Passkey bestätigen").click()
    expect(page.get_by_role("heading", name="Mein Portal")).to_be_visible()


def test_staff_set_up_an_authenticator_app_on_the_way_to_the_admin(page):
    staff = UserFactory(email="sabine.sachbearbeitung@hwk.example", is_staff=True, is_superuser=True)
    page.goto("/admin/")
    # The admin's login leads to the portal's, and the first login to "Sicherheit".
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    page.get_by_label("E-Mail-Adresse").fill(staff.email)
    page.get_by_label(PASSWORD).fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_text("Mitarbeitende der Kammer brauchen für den Verwaltungsbereich")).to_be_visible()
    screenshot(page, "10-sicherheit-mitarbeitende")
    assert_accessible(page, what="10-sicherheit-mitarbeitende")

    page.get_by_role("link", name="Authenticator-App einrichten").click()
    page.get_by_label(PASSWORD).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", name="Authenticator-App einrichten")).to_be_visible()
    expect(page.get_by_alt_text("QR-Code für Ihre Authenticator-App")).to_be_visible()
    page.get_by_text("Code lässt sich nicht scannen?").click()
    secret = page.locator("code.totp-secret").inner_text().replace(" ", "")
    screenshot(page, "11-authenticator-app")
    assert_accessible(page, what="11-authenticator-app")
    page.get_by_label("Sechsstelliger Code aus der App").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aktivieren").click()

    expect(page.get_by_role("heading", name="Wiederherstellungscodes")).to_be_visible()
    page.get_by_label("Ich habe meine Wiederherstellungscodes gespeichert").check()
    page.get_by_role("link", name="Fertig").click()

    # To the admin: once per session the app's code (a new one: each code works once).
    page.get_by_role("link", name="Mit dem zweiten Faktor bestätigen und den Verwaltungsbereich öffnen").click()
    expect(page.get_by_role("heading", name="Bestätigen Sie, dass Sie es sind")).to_be_visible()
    screenshot(page, "12-code-bestaetigen")
    assert_accessible(page, what="12-code-bestaetigen")
    cache.clear()  # the activation's code may still be the current one; a phone would show the next
    page.get_by_label("Code aus Ihrer Authenticator-App").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", name="Verwaltung der Kammer")).to_be_visible()
    assert_accessible(page, what="admin index after the second factor")


def test_a_person_looks_at_devices_downloads_the_data_and_deletes_the_account(
    page, browser, live_server, mailoutbox, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    user = UserFactory(email="dora.daten@example.de", first_name="Dora", last_name="Daten")
    # A second browser (her phone) is logged in too.
    phone = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    log_in_with_password(phone, user.email)
    log_in_with_password(page, user.email)

    page.get_by_role("link", name="Mein Konto").click()
    page.get_by_role("navigation", name="Mein Konto").get_by_role("link", name="Angemeldete Geräte").click()
    expect(page.get_by_role("row")).to_have_count(3)  # header, this browser, the phone
    screenshot(page, "20-angemeldete-geraete")
    assert_accessible(page, what="20-angemeldete-geraete")
    page.get_by_role("button", name="Alle anderen Geräte abmelden").click()
    expect(page.get_by_text("1 anderes Gerät wurde abgemeldet.")).to_be_visible()
    phone.reload()
    expect(phone.get_by_role("heading", name="Anmelden")).to_be_visible()

    page.get_by_role("navigation", name="Mein Konto").get_by_role("link", name="Meine Daten").click()
    page.get_by_role("button", name="Meine Daten anfordern").click()
    expect(page.get_by_text("Wir stellen Ihre Daten zusammen.")).to_be_visible()
    screenshot(page, "21-meine-daten")
    assert_accessible(page, what="21-meine-daten")
    [ready] = [mail for mail in mailoutbox if mail.subject.startswith("Ihr Datenexport ist fertig")]
    page.goto(link_in_mail(ready.body))
    assert_accessible(page, what="data export download")
    with page.expect_download() as download:
        page.get_by_role("button", name="ZIP-Datei herunterladen").click()
    assert download.value.suggested_filename.startswith("datenexport-")
    zip_path = tmp_path / "export.zip"
    download.value.save_as(zip_path)

    assert sorted(zipfile.ZipFile(zip_path).namelist()) == ["daten.json", "uebersicht.html"]

    page.get_by_role("navigation", name="Mein Konto").get_by_role("link", name="Meine Daten").click()
    page.get_by_role("link", name="Konto löschen …").click()
    expect(page.get_by_role("heading", name="Was wir aufbewahren müssen")).to_be_visible()
    screenshot(page, "22-konto-loeschen")
    assert_accessible(page, what="22-konto-loeschen")
    page.get_by_label("Ihr Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_label("Ja, mein Konto und meine persönlichen Daten endgültig löschen.").check()
    page.get_by_role("button", name="Mein Konto endgültig löschen").click()
    expect(page.get_by_role("heading", name="Ihr Konto wurde gelöscht")).to_be_visible()
    screenshot(page, "23-konto-geloescht")
    assert_accessible(page, what="23-konto-geloescht")
