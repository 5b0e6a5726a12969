"""Capacity under concurrent bookings, on the real PostgreSQL (the course row lock is what holds it)."""

import threading

import pytest
from django.db import connection, connections

from courses import services
from courses.models import Booking

pytestmark = pytest.mark.django_db(transaction=True)


def _book_all_at_once(course, users) -> list[Exception]:
    barrier = threading.Barrier(len(users))
    errors: list[Exception] = []

    def book(user):
        try:
            barrier.wait(timeout=30)
            services.booking_create(
                course_id=course.pk,
                booked_by=user,
                participant_name=user.get_full_name(),
                participant_email=user.email,
                billing_address="Hauptstraße 1, 12345 Musterstadt",
            )
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_fifty_simultaneous_bookings_for_ten_places(course_factory, user_factory, mailoutbox):
    assert connection.vendor == "postgresql", "this test needs the real PostgreSQL (DATABASE_URL)"
    course = course_factory(capacity=10)
    users = [user_factory() for _ in range(50)]

    errors = _book_all_at_once(course, users)

    assert errors == []
    bookings = list(Booking.objects.filter(course=course).order_by("created_at", "pk"))
    confirmed = [b for b in bookings if b.status == Booking.Status.CONFIRMED]
    waitlisted = sorted(
        (b for b in bookings if b.status == Booking.Status.WAITLISTED), key=lambda b: b.waitlist_position
    )
    assert len(confirmed) == 10
    assert [b.waitlist_position for b in waitlisted] == list(range(1, 41))
    # Consistent order: the ten confirmed came first, the waiting list is in booking order.
    assert bookings[:10] == sorted(confirmed, key=lambda b: (b.created_at, b.pk))
    assert [b.created_at for b in waitlisted] == sorted(b.created_at for b in waitlisted)
    assert {b.participant_email for b in bookings} == {u.email for u in users}
    assert sorted(m.subject.split(":")[0] for m in mailoutbox) == ["Buchungsbestätigung"] * 10 + ["Warteliste"] * 40

    # Three confirmed participants cancel at the same moment: positions 1-3 move up, the rest close up.
    first_three_waiting = [b.pk for b in waitlisted[:3]]
    barrier = threading.Barrier(3)
    cancel_errors: list[Exception] = []

    def cancel(booking_id):
        try:
            barrier.wait(timeout=30)
            services.booking_cancel(booking_id=booking_id)
        except Exception as exc:
            cancel_errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(b.pk,)) for b in confirmed[:3]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert cancel_errors == []
    now_confirmed = set(
        Booking.objects.filter(course=course, status=Booking.Status.CONFIRMED).values_list("pk", flat=True)
    )
    assert len(now_confirmed) == 10
    assert set(first_three_waiting) <= now_confirmed
    still_waiting = list(
        Booking.objects.filter(course=course, status=Booking.Status.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("pk", "waitlist_position")
    )
    assert still_waiting == [(b.pk, position) for position, b in enumerate(waitlisted[3:], start=1)]
