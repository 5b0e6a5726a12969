"""What the booking pages say before the binding click, the calendar file from the portal, and the billing
address of a paid booking that is not billed to a business."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Booking

pytestmark = pytest.mark.django_db

ADDRESS = "Erika Muster\nHauptstraße 1\n12345 Musterstadt"


def _review(client, course, **data):
    return client.post(
        reverse("courses:book", args=[course.pk]), {"step": "review", "booking_for": "self", **data}
    ).content.decode()


def test_a_full_course_offers_the_waiting_list_button_and_says_when_it_becomes_binding(
    client_logged_in, course_factory, booking_factory
):
    course = course_factory(capacity=1)
    booking_factory(course=course)

    html = _review(client_logged_in, course, billing_address=ADDRESS)

    assert "Auf die Warteliste setzen" in html
    assert "Kostenpflichtig buchen" not in html
    assert "noch nicht verbindlich" in html
    assert "sobald Sie auf einen freien Platz nachrücken" in html


def test_a_course_with_places_keeps_the_binding_button(client_logged_in, course):
    html = _review(client_logged_in, course, billing_address=ADDRESS)

    assert "Kostenpflichtig buchen" in html
    assert "Auf die Warteliste setzen" not in html


def test_a_course_past_its_free_cancellation_period_says_so_before_the_binding_click(client_logged_in, course_factory):
    course = course_factory(
        dates__start=timezone.now() + timedelta(days=5), booking_deadline=timezone.now() + timedelta(days=1)
    )

    html = _review(client_logged_in, course, billing_address=ADDRESS)

    assert "Eine Stornierung ist ab jetzt kostenpflichtig: " in html
    assert "50,00 €" in html
    assert html.index("Eine Stornierung ist ab jetzt kostenpflichtig") < html.index("Kostenpflichtig buchen")


def test_a_course_within_its_free_cancellation_period_does_not_warn(client_logged_in, course):
    assert "ab jetzt kostenpflichtig" not in _review(client_logged_in, course, billing_address=ADDRESS)


def test_a_paid_booking_for_oneself_asks_for_the_billing_address_and_stores_it(client_logged_in, user, course):
    url = reverse("courses:book", args=[course.pk])

    refused = client_logged_in.post(url, {"step": "review", "booking_for": "self"}).content.decode()
    assert "Bitte geben Sie die Rechnungsanschrift an" in refused
    review = _review(client_logged_in, course, billing_address=ADDRESS)
    assert "Hauptstraße 1<br>12345 Musterstadt" in review
    client_logged_in.post(url, {"step": "confirm", "booking_for": "self", "billing_address": ADDRESS})

    assert Booking.objects.get().billing_address == ADDRESS


def test_the_booking_service_refuses_a_paid_booking_without_billing_address(course, user):
    with pytest.raises(services.CourseError) as error:
        services.booking_create(
            course_id=course.pk, booked_by=user, participant_name="Erika Muster", participant_email=user.email
        )
    assert error.value.code == "billing_address_missing"


def test_a_free_course_asks_for_no_billing_address(client_logged_in, course_factory):
    course = course_factory(price=Decimal("0"))

    html = client_logged_in.get(reverse("courses:book", args=[course.pk])).content.decode()
    client_logged_in.post(reverse("courses:book", args=[course.pk]), {"step": "confirm", "booking_for": "self"})

    assert 'name="billing_address"' not in html
    assert Booking.objects.get().billing_address == ""


def test_a_booking_billed_to_a_business_needs_no_billing_address(user, course):
    from businesses.tests.factories import BusinessFactory, MembershipFactory

    business = BusinessFactory()
    MembershipFactory(business=business, user=user)

    booking = services.booking_create(
        course_id=course.pk,
        booked_by=user,
        participant_name="Erika Geselle",
        participant_email="erika@example.de",
        business=business,
    )

    assert booking.billing_address == ""


def test_my_bookings_and_the_course_page_offer_the_calendar_file_of_an_own_confirmed_booking(
    client_logged_in, user, course, booking_factory
):
    booking = booking_factory(course=course, booked_by=user, participant_email=user.email)
    ics_url = reverse("courses:booking_ics", args=[booking.pk])

    assert f'href="{ics_url}"' in client_logged_in.get(reverse("courses:my_bookings")).content.decode()
    assert f'href="{ics_url}"' in client_logged_in.get(reverse("courses:detail", args=[course.pk])).content.decode()
    response = client_logged_in.get(ics_url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="kurs-{course.number}.ics"'.replace("/", "-") in response["Content-Disposition"]
    assert b"BEGIN:VEVENT" in response.content


def test_the_calendar_file_is_not_given_for_a_waiting_list_place_or_another_persons_booking(
    client_logged_in, user, course_factory, booking_factory
):
    waiting = booking_factory(
        course=course_factory(), booked_by=user, status=Booking.Status.WAITLISTED, waitlist_position=1
    )
    foreign = booking_factory()

    assert client_logged_in.get(reverse("courses:booking_ics", args=[waiting.pk])).status_code == 404
    assert client_logged_in.get(reverse("courses:booking_ics", args=[foreign.pk])).status_code == 404
    assert Client().get(reverse("courses:booking_ics", args=[foreign.pk])).status_code == 302


def test_the_next_paid_booking_starts_with_the_billing_address_used_last(
    client_logged_in, user, course_factory, booking_factory
):
    booking_factory(booked_by=user, billing_address=ADDRESS)
    course = course_factory()

    html = client_logged_in.get(reverse("courses:book", args=[course.pk])).content.decode()

    assert "Erika Muster\nHauptstraße 1\n12345 Musterstadt</textarea>" in html
