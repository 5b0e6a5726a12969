"""Lehrstellenbörse: a business posts an apprenticeship, the chamber approves it in the admin, a young person
finds it by postcode and radius, saves the search, and gets the next matching posting by e-mail.

Screenshots of each step go to E2E_SCREENSHOTS (a directory) when it is set, else to the test's tmp_path.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from e2e.conftest import assert_accessible
from jobboard import services
from jobboard.models import SavedSearch, Vacancy
from jobboard.tests.factories import VacancyFactory, occupation

pytestmark = pytest.mark.django_db(transaction=True)


def _field(page, label: str):
    """A form field by its whole label (crispy marks required ones with an asterisk)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _log_in(page, email: str) -> None:
    page.get_by_label("E-Mail", exact=False).first.fill(email)
    page.get_by_role("textbox", name=re.compile(r"^Passwort")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_business_posts_staff_approve_visitor_finds_saves_and_gets_the_alert(
    page, browser, live_server, mailoutbox, tmp_path
):
    screens = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path / "screens")
    screens.mkdir(parents=True, exist_ok=True)

    def shot(tab, name: str) -> None:
        tab.screenshot(path=str(screens / f"jobboard-{name}.png"), full_page=True)

    hairdresser = occupation("Friseur/in")  # puts the shipped catalogue back after other tests' flush
    business = BusinessFactory(
        name="Salon Schnittig GmbH",
        betriebsnummer="4567890",
        street="Königsstraße 5",
        postal_code="34117",
        city="Kassel",
    )
    owner = MembershipFactory(
        business=business,
        role=Membership.Role.ADMIN,
        user=UserFactory(email="chefin@schnittig.example.de", first_name="Sina", last_name="Schnittig"),
    ).user
    staff = UserFactory(
        email="sabine@hwk-musterstadt.de", first_name="Sabine", last_name="Sachbearbeiter", is_staff=True
    )
    staff.is_superuser = True
    staff.save()
    staff_secret = pyotp.random_base32()
    TOTP.activate(staff, staff_secret)
    pupil = UserFactory(email="lea@example.de", first_name="Lea", last_name="Lernwillig")
    until = timezone.localdate() + dt.timedelta(days=60)

    # Sina writes the posting under "Mein Betrieb → Lehrstellenbörse"; the training site is her business's.
    page.goto("/lehrstellen/betrieb/")
    _log_in(page, owner.email)
    expect(page.get_by_role("heading", name="Unsere Stellen")).to_be_visible()
    expect(page.get_by_text("Noch keine Stellen")).to_be_visible()
    assert_accessible(page, what="Unsere Stellen (leer)")
    page.get_by_role("link", name="Neue Stelle").first.click()
    _field(page, "Art").select_option(label="Ausbildung")
    _field(page, "Ausbildungsberuf").select_option(label="Friseur/in")
    _field(page, "Titel").fill("Ausbildung Friseur/in im Salon Schnittig")
    _field(page, "Beschreibung").fill("Schneiden, Färben, Beraten – in einem jungen Team.")
    expect(_field(page, "PLZ")).to_have_value("34117")
    _field(page, "Ansprechperson").fill("Sina Schnittig")
    _field(page, "So bewerben Sie sich").fill("Bitte per E-Mail an ausbildung@schnittig.example.de.")
    _field(page, "Veröffentlicht bis").fill(until.isoformat())
    assert_accessible(page, what="Neue Stelle")
    shot(page, "01-neue-stelle")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Stelle wurde als Entwurf gespeichert.")).to_be_visible()
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.get_by_text("Die Stelle wurde eingereicht.")).to_be_visible()
    expect(page.get_by_text("Wartet auf Prüfung")).to_be_visible()
    assert_accessible(page, what="eigene Stelle")
    shot(page, "02-eingereicht")
    vacancy = Vacancy.objects.get()
    assert vacancy.status == Vacancy.Status.REVIEW and vacancy.lat is not None

    # Sabine at the chamber approves it from the review queue (second factor with her authenticator app).
    staff_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    admin = staff_context.new_page()
    admin.set_default_timeout(10_000)
    admin.goto("/admin/jobboard/vacancy/?queue=review")
    admin.get_by_label("E-Mail-Adresse").fill(staff.email)
    admin.get_by_role("textbox", name=re.compile(r"^Passwort")).fill(DEFAULT_PASSWORD)
    admin.get_by_role("main").get_by_role("button", name="Anmelden", exact=True).click()
    expect(admin.get_by_role("heading", name="Anmeldung bestätigen")).to_be_visible()
    admin.get_by_role("textbox").first.fill(pyotp.TOTP(staff_secret).now())
    admin.get_by_role("main").get_by_role("button").first.click()
    admin.get_by_role("link", name="Ausbildung Friseur/in im Salon Schnittig").click()
    shot(admin, "03-admin-pruefung")
    admin.get_by_role("button", name="Freigeben und veröffentlichen").click()
    expect(admin.get_by_text("Die Stelle ist veröffentlicht; der Betrieb wurde benachrichtigt.")).to_be_visible()
    staff_context.close()
    assert any("freigegeben und veröffentlicht" in m.subject for m in mailoutbox)

    # Lea, in Baunatal near Kassel, searches by her postcode and a radius of 25 km, without logging in.
    visitor_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    visitor = visitor_context.new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto("/")
    visitor.get_by_role("link", name="Lehrstellenbörse").first.click()
    search = visitor.get_by_role("search", name="Stellen suchen")
    search.get_by_label("PLZ oder Ort").fill("34225")
    search.get_by_label("Umkreis").select_option(label="25 km")
    search.get_by_label("Ausbildungsberuf").select_option(label="Friseur/in")
    search.get_by_role("button", name="Suchen").click()
    expect(visitor.get_by_text("1 Stelle gefunden")).to_be_visible()
    expect(visitor.get_by_text("km entfernt")).to_be_visible()
    assert_accessible(visitor, what="Suche mit Treffern")
    shot(visitor, "04-suche")
    visitor.get_by_role("link", name="Ausbildung Friseur/in im Salon Schnittig").click()
    expect(visitor.get_by_role("heading", name="Ausbildung Friseur/in im Salon Schnittig")).to_be_visible()
    expect(visitor.locator('script[type="application/ld+json"]')).to_have_count(1)
    assert_accessible(visitor, what="Stelle")
    shot(visitor, "05-stelle")
    visitor.go_back()

    # She saves the search (logging in for it) ...
    visitor.get_by_role("link", name="Anmelden, um diese Suche zu speichern").click()
    _log_in(visitor, pupil.email)
    visitor.get_by_role("link", name="Diese Suche speichern").click()
    visitor.get_by_label("Name des Suchauftrags").fill("Friseurin bei Baunatal")
    assert_accessible(visitor, what="Suche speichern")
    visitor.get_by_role("button", name="Suchauftrag speichern").click()
    expect(visitor.get_by_text("Suche gespeichert.")).to_be_visible()
    expect(visitor.get_by_role("link", name="Friseurin bei Baunatal")).to_be_visible()
    shot(visitor, "06-suchauftrag")
    saved = SavedSearch.objects.get(user=pupil)
    assert saved.params["where"] == "34225" and saved.params["occupation"] == hairdresser.pk

    # ... and the next matching posting arrives in her mail, without the one she has seen.
    VacancyFactory(
        business=business,
        occupation=hairdresser,
        title="Zweite Ausbildungsstelle Friseur/in",
        live_since=timezone.now() + dt.timedelta(seconds=1),
    )
    mailoutbox.clear()
    assert services.saved_searches_alert(now=timezone.now() + dt.timedelta(seconds=2)) == 1
    [alert] = [m for m in mailoutbox if m.to == [pupil.email]]
    assert "Zweite Ausbildungsstelle Friseur/in" in alert.body
    assert "im Salon Schnittig" not in alert.body
    assert alert.extra_headers["List-Unsubscribe"].startswith("<http")
    visitor_context.close()
