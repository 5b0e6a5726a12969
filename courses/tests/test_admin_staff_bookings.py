"""Staff at the chamber: cancel one booking (with or without the fee) and book a person on their behalf —
both through the customers' services, so fees, the waiting list and the mails follow the same rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Booking

pytestmark = pytest.mark.django_db

BOOKINGS = reverse("admin:courses_booking_changelist")
ON_BEHALF = reverse("admin:courses_booking_book_on_behalf")


def _cancel(client, booking, **extra):
    return client.post(BOOKINGS, {"action": "cancel_booking", "_selected_action": [booking.pk], **extra})


def _late_course(course_factory, **kwargs):
    return course_factory(dates__start=timezone.now() + timedelta(days=5), booking_deadline=timezone.now(), **kwargs)


def test_staff_cancel_a_booking_after_a_confirmation_page_with_the_fee(
    admin_client, course_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    booking = booking_factory(course=_late_course(course_factory))

    confirm = _cancel(admin_client, booking)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "50,00\xa0€" in page or "50,00 €" in page
    assert "Ohne Gebühr stornieren" in page
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED

    with django_capture_on_commit_callbacks(execute=True):
        _cancel(admin_client, booking, fee="charge")

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancellation_fee == Decimal("50.00")
    assert [mail.to for mail in mailoutbox] == [[booking.participant_email]]


def test_staff_cancel_a_booking_without_fee_and_the_waiting_list_moves_up(
    admin_client, course_factory, booking_factory, django_capture_on_commit_callbacks
):
    course = _late_course(course_factory, capacity=1)
    booking = booking_factory(course=course)
    waiting = booking_factory(course=course, status=Booking.Status.WAITLISTED, waitlist_position=1, confirmed_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        _cancel(admin_client, booking, fee="waive")

    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert (booking.status, booking.cancellation_fee) == (Booking.Status.CANCELLED, Decimal("0"))
    assert waiting.status == Booking.Status.CONFIRMED


def test_staff_cancel_only_one_booking_at_a_time(admin_client, booking_factory):
    first, second = booking_factory(), booking_factory()

    response = admin_client.post(
        BOOKINGS, {"action": "cancel_booking", "_selected_action": [first.pk, second.pk]}, follow=True
    )

    assert "Bitte wählen Sie genau eine Buchung" in response.content.decode()
    assert Booking.objects.filter(status=Booking.Status.CANCELLED).count() == 0


def test_staff_book_a_person_on_their_behalf_through_the_booking_service(
    admin_client, user_factory, course, mailoutbox, django_capture_on_commit_callbacks
):
    person = user_factory(email="erika@example.de", first_name="Erika", last_name="Muster")
    assert "Im Auftrag buchen" in admin_client.get(BOOKINGS).content.decode()

    refused = admin_client.post(ON_BEHALF, {"course": course.pk, "email": "erika@example.de"})
    assert "Bitte geben Sie die Rechnungsanschrift an" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ON_BEHALF,
            {"course": course.pk, "email": " Erika@Example.de ", "billing_address": "Hauptstraße 1, 12345 Musterstadt"},
        )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert (booking.booked_by, booking.participant_email, booking.status) == (
        person,
        "erika@example.de",
        Booking.Status.CONFIRMED,
    )
    assert booking.billing_address == "Hauptstraße 1, 12345 Musterstadt"
    assert [mail.to for mail in mailoutbox] == [["erika@example.de"]]


def test_staff_booking_on_behalf_of_a_full_course_goes_on_the_waiting_list(
    admin_client, user_factory, course_factory, booking_factory, django_capture_on_commit_callbacks
):
    course = course_factory(capacity=1, price=Decimal("0"))
    booking_factory(course=course)
    user_factory(email="erika@example.de")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ON_BEHALF, {"course": course.pk, "email": "erika@example.de"}, follow=True)

    booking = Booking.objects.get(participant_email="erika@example.de")
    assert (booking.status, booking.waitlist_position) == (Booking.Status.WAITLISTED, 1)
    assert "Warteliste" in response.content.decode()


def test_staff_booking_on_behalf_refuses_an_unknown_account(admin_client, course):
    response = admin_client.post(ON_BEHALF, {"course": course.pk, "email": "niemand@example.de"})

    assert "Es gibt kein aktives Konto mit dieser E-Mail-Adresse." in response.content.decode()
    assert not Booking.objects.exists()


def test_the_admin_pages_name_a_favicon_that_exists(admin_client):
    from django.contrib.staticfiles import finders

    html = admin_client.get(BOOKINGS).content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg"' in html
    assert finders.find("img/favicon.svg")
    assert '<link rel="icon"' in admin_client.get(reverse("admin:index")).content.decode()
