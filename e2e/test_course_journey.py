"""A customer finds a course in the catalog, books it, gets the confirmation mail and cancels again."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from courses.models import Booking
from courses.tests.factories import CourseFactory
from e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_book_receive_mail_and_cancel(page, mailoutbox):
    customer = UserFactory(email="meister.anwaerter@example.de", first_name="Max", last_name="Anwärter")
    CourseFactory(title="Schweißen: MAG-Grundkurs", description="Schweißtechnik für Einsteiger.", capacity=8, dates=2)
    CourseFactory(title="Buchführung für Handwerksbetriebe", description="Kostenrechnung und Belege.")
    CourseFactory(title="Ausgebucht", capacity=1, booking_deadline=timezone.now() + timedelta(days=2))

    # The catalog works without an account: search for welding.
    page.goto("/")
    page.get_by_role("link", name="Kurse", exact=True).click()
    expect(page.get_by_role("heading", name="Kurse und Weiterbildung")).to_be_visible()
    page.get_by_role("searchbox", name="Suchbegriff").fill("Schweißtechnik")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_text("1 Kurs gefunden")).to_be_visible()
    expect(page.get_by_text("Buchführung für Handwerksbetriebe")).to_have_count(0)
    assert_accessible(page, what="course catalog with search results")

    page.get_by_role("link", name="Schweißen: MAG-Grundkurs").click()
    expect(page.get_by_role("heading", name="Schweißen: MAG-Grundkurs")).to_be_visible()
    expect(page.get_by_text("490,00 €")).to_be_visible()
    expect(page.get_by_text("noch 8 Plätze")).to_be_visible()
    assert_accessible(page, what="course page")

    # Booking needs a login; afterwards the customer is back on the booking page.
    page.get_by_role("link", name="Jetzt buchen").click()
    assert_accessible(page, what="login before booking")
    page.get_by_placeholder("E-Mail-Adresse", exact=True).fill(customer.email)
    page.get_by_placeholder("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Kurs buchen")).to_be_visible()
    # The course costs money and the invoice goes to her: the billing address is asked for.
    page.get_by_role("button", name="Weiter zur Übersicht").click()
    expect(page.locator("#id_billing_address_error")).to_contain_text("Bitte geben Sie die Rechnungsanschrift an")
    assert_accessible(page, what="booking form with a missing billing address")
    page.get_by_label("Rechnungsanschrift").fill("Erika Muster\nHauptstraße 1\n12345 Musterstadt")
    assert_accessible(page, what="booking form")
    page.get_by_role("button", name="Weiter zur Übersicht").click()

    # The review shows price and cancellation terms; the final button says it costs money.
    expect(page.get_by_role("heading", name="Buchung prüfen und bestätigen")).to_be_visible()
    expect(page.get_by_text("Stornogebühr von 50,00 €")).to_be_visible()
    assert_accessible(page, what="booking review")
    page.get_by_role("button", name="Kostenpflichtig buchen").click()

    expect(page.get_by_role("heading", name="Meine Buchungen")).to_be_visible()
    expect(page.get_by_text("Ihre Buchung für Schweißen: MAG-Grundkurs ist bestätigt.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Schweißen: MAG-Grundkurs")
    expect(row.get_by_text("bestätigt")).to_be_visible()
    expect(row.get_by_role("link", name="Kalenderdatei (.ics)")).to_be_visible()
    assert_accessible(page, what="my bookings")

    # The confirmation mail carries the dates as a calendar file.
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [customer.email]
    assert mail.subject == "Buchungsbestätigung: Schweißen: MAG-Grundkurs"
    filename, content, mimetype = mail.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    assert content.count("BEGIN:VEVENT") == 2

    # Cancel again, free of charge.
    row.get_by_role("link", name=re.compile("Stornieren")).click()
    expect(page.get_by_text("Die Stornierung ist kostenfrei.")).to_be_visible()
    assert_accessible(page, what="cancel a booking")
    page.get_by_role("button", name="Buchung jetzt stornieren").click()
    expect(page.get_by_text("Die Buchung für Schweißen: MAG-Grundkurs wurde storniert.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Schweißen: MAG-Grundkurs").get_by_text("storniert")).to_be_visible()
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    assert mailoutbox[-1].subject == "Stornierung bestätigt: Schweißen: MAG-Grundkurs"
