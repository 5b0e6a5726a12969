from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses import services
from courses.models import Booking
from notifications.models import OutboundEmail


def book(course, user, *, email=None, name=None):
    return services.booking_create(
        course_id=course.pk,
        booked_by=user,
        participant_name=name or user.get_full_name(),
        participant_email=email or user.email,
        billing_address="Erika Muster, Hauptstraße 1, 12345 Musterstadt",
    )


def test_booking_is_confirmed_and_mailed_with_calendar(course, user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(course, user)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.waitlist_position is None
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert mail.subject == f"Buchungsbestätigung: {course.title}"
    assert "490,00 €" in mail.body
    filename, content, mimetype = mail.attachments[0]
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content


def test_full_course_puts_booking_on_waiting_list(
    course_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(capacity=1)
    book(course, user_factory())
    with django_capture_on_commit_callbacks(execute=True):
        second = book(course, user_factory())
        third = book(course, user_factory())
    assert (second.status, second.waitlist_position) == (Booking.Status.WAITLISTED, 1)
    assert (third.status, third.waitlist_position) == (Booking.Status.WAITLISTED, 2)
    assert [m.subject for m in mailoutbox] == [f"Warteliste: {course.title}"] * 2
    assert "Position 2" in mailoutbox[1].body
    assert not mailoutbox[1].attachments


def test_same_person_cannot_be_booked_twice(course, user, user_factory):
    book(course, user)
    with pytest.raises(services.CourseError) as error:
        book(course, user_factory(), email=user.email.upper(), name="Jemand Anders")
    assert error.value.code == "already_booked"
    assert Booking.objects.filter(course=course).count() == 1


def test_cancelled_person_may_book_again(course, user):
    booking = book(course, user)
    services.booking_cancel(booking_id=booking.pk)
    again = book(course, user)
    assert again.status == Booking.Status.CONFIRMED


def test_booking_after_the_deadline_is_refused(course_factory, user):
    course = course_factory(booking_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(services.CourseError) as error:
        book(course, user)
    assert error.value.code == "deadline_passed"
    assert not Booking.objects.exists()


def test_booking_a_past_course_is_refused(course_factory, user):
    course = course_factory(
        booking_deadline=timezone.now() + timedelta(days=1), dates__start=timezone.now() - timedelta(days=2)
    )
    with pytest.raises(services.CourseError) as error:
        book(course, user)
    assert error.value.code == "started"


def test_unpublished_and_cancelled_courses_cannot_be_booked(course_factory, user):
    with pytest.raises(services.CourseError) as unpublished:
        book(course_factory(is_published=False), user)
    with pytest.raises(services.CourseError) as cancelled:
        book(course_factory(cancelled_at=timezone.now()), user)
    assert (unpublished.value.code, cancelled.value.code) == ("unpublished", "cancelled")


def test_free_cancellation_moves_first_waitlisted_up_and_mails_them(
    course_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(capacity=1)
    first = book(course, user_factory())
    waiting = [book(course, user_factory()) for _ in range(3)]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.booking_cancel(booking_id=first.pk)
    assert cancelled.status == Booking.Status.CANCELLED
    assert cancelled.cancellation_fee == Decimal("0")
    statuses = {b.pk: (b.status, b.waitlist_position) for b in Booking.objects.filter(course=course)}
    assert statuses[waiting[0].pk] == (Booking.Status.CONFIRMED, None)
    assert statuses[waiting[1].pk] == (Booking.Status.WAITLISTED, 1)
    assert statuses[waiting[2].pk] == (Booking.Status.WAITLISTED, 2)
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects[waiting[0].participant_email] == f"Nachgerückt: {course.title}"
    assert subjects[first.participant_email] == f"Stornierung bestätigt: {course.title}"
    moved_mail = next(m for m in mailoutbox if m.to == [waiting[0].participant_email])
    assert moved_mail.attachments[0][0].endswith(".ics")


def test_cancelling_a_waitlisted_booking_closes_the_gap(course_factory, user_factory):
    course = course_factory(capacity=1)
    book(course, user_factory())
    waiting = [book(course, user_factory()) for _ in range(3)]
    services.booking_cancel(booking_id=waiting[1].pk)
    positions = dict(Booking.objects.filter(status=Booking.Status.WAITLISTED).values_list("pk", "waitlist_position"))
    assert positions == {waiting[0].pk: 1, waiting[2].pk: 2}
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 1


def test_cancellation_after_the_free_period_charges_the_fee(
    course_factory, user, mailoutbox, django_capture_on_commit_callbacks
):
    # Starts in 10 days, free cancellation ends 14 days before the start: already over.
    course = course_factory(
        dates__start=timezone.now() + timedelta(days=10), booking_deadline=timezone.now() + timedelta(days=5)
    )
    booking = book(course, user)
    assert booking.cancellation_fee_at() == Decimal("50.00")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.booking_cancel(booking_id=booking.pk)
    assert cancelled.cancellation_fee == Decimal("50.00")
    assert "Stornogebühr von 50,00 €" in mailoutbox[0].body


def test_a_cancelled_booking_cannot_be_cancelled_again(course, user):
    booking = book(course, user)
    services.booking_cancel(booking_id=booking.pk)
    with pytest.raises(services.CourseError) as error:
        services.booking_cancel(booking_id=booking.pk)
    assert error.value.code == "already_cancelled"


def test_staff_cancelling_a_course_informs_everyone(
    course_factory, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(capacity=2)
    bookings = [book(course, user_factory()) for _ in range(3)]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.course_cancel(course_id=course.pk)
    assert count == 3
    course.refresh_from_db()
    assert course.is_cancelled and not course.is_published
    assert set(Booking.objects.values_list("status", flat=True)) == {Booking.Status.CANCELLED}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(b.participant_email for b in bookings)
    assert {m.subject for m in mailoutbox} == {f"Kurs abgesagt: {course.title}"}
    assert "kostenfrei storniert" in mailoutbox[0].body
    # Running it twice informs nobody twice.
    assert services.course_cancel(course_id=course.pk) == 0


def test_raising_the_capacity_moves_the_waiting_list_up(course_factory, user_factory):
    course = course_factory(capacity=1)
    book(course, user_factory())
    waiting = [book(course, user_factory()) for _ in range(2)]
    course.capacity = 2
    course.save(update_fields=["capacity"])
    moved = services.course_capacity_changed(course_id=course.pk)
    assert [b.pk for b in moved] == [waiting[0].pk]
    assert Booking.objects.get(pk=waiting[1].pk).waitlist_position == 1


def test_mails_go_to_the_outbox_in_the_same_transaction(course, user):
    book(course, user)
    assert OutboundEmail.objects.filter(template="courses/mail/booking_confirmed").count() == 1


@pytest.mark.parametrize(
    "name, email", [("  ", "teilnehmer@example.de"), ("Max Muster", " "), ("", "")], ids=["no name", "no email", "none"]
)
def test_a_booking_needs_both_the_participants_name_and_email(course, user, name, email):
    with pytest.raises(services.CourseError) as error:
        services.booking_create(course_id=course.pk, booked_by=user, participant_name=name, participant_email=email)
    assert error.value.code == "participant_missing"
    assert not Booking.objects.exists()


def test_a_course_deleted_meanwhile_is_refused_as_not_bookable(course, user):
    course_id = course.pk
    course.delete()
    with pytest.raises(services.CourseError) as error:
        services.booking_create(
            course_id=course_id, booked_by=user, participant_name="Max Muster", participant_email="max@example.de"
        )
    assert error.value.code == "not_bookable"


def test_a_confirmed_booking_records_when_it_was_confirmed_for_staff_and_the_data_export(course, user):
    booking = book(course, user)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.confirmed_at is not None


def test_a_booking_cannot_be_cancelled_online_once_the_course_has_started(course, user):
    booking = book(course, user)
    with pytest.raises(services.CourseError) as error:
        services.booking_cancel(booking_id=booking.pk, now=course.starts_at + timedelta(minutes=1))
    assert error.value.code == "not_cancellable"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_cancelled_booking_records_when_it_was_cancelled(course, user):
    booking = book(course, user)
    services.booking_cancel(booking_id=booking.pk)
    booking.refresh_from_db()
    assert booking.cancelled_at is not None


def test_nobody_moves_up_from_the_waiting_list_once_the_course_has_started(course_factory, user_factory):
    course = course_factory(capacity=1)
    book(course, user_factory())
    waiting = book(course, user_factory())
    course.capacity = 2
    course.save(update_fields=["capacity"])
    moved = services.course_fill_from_waitlist(course=course, now=course.starts_at + timedelta(hours=1))
    assert moved == []
    assert Booking.objects.get(pk=waiting.pk).status == Booking.Status.WAITLISTED


def test_raising_the_capacity_by_two_moves_the_first_two_up(course_factory, user_factory):
    course = course_factory(capacity=1)
    book(course, user_factory())
    waiting = [book(course, user_factory()) for _ in range(3)]
    course.capacity = 3
    course.save(update_fields=["capacity"])
    moved = services.course_capacity_changed(course_id=course.pk)
    assert [b.pk for b in moved] == [waiting[0].pk, waiting[1].pk]
    assert Booking.objects.get(pk=waiting[2].pk).waitlist_position == 1
