"""Every write of the courses app: booking, cancellation, the waiting list, staff actions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from businesses.access import membership_for
from notifications.services import absolute_url, email_send_template
from portal.errors import PortalError

from .ics import course_ics
from .models import Booking, Course, CourseDate


class CourseError(PortalError):
    """A refused course or booking action."""


def _lock_course(course_id: int) -> Course:
    # Every change to a course's bookings takes this row lock first, so capacity and waiting-list
    # positions are computed by one transaction at a time.
    return Course.objects.select_for_update().get(pk=course_id)


def _recipients(booking: Booking) -> list[str]:
    addresses = [booking.participant_email]
    # A business booking also informs the colleague who booked it.
    if booking.booked_by_id and booking.booked_by.email.lower() != booking.participant_email.lower():
        addresses.append(booking.booked_by.email)
    return addresses


def _portal_url(url_name: str) -> str:
    return absolute_url(reverse(url_name))


def _mail(booking: Booking, name: str, *, with_calendar: bool = False, extra: dict | None = None) -> None:
    course = booking.course
    attachments = []
    if with_calendar:
        filename = f"kurs-{course.number}.ics".replace("/", "-")
        attachments.append((filename, course_ics(course), "text/calendar"))
    email_send_template(
        template_prefix=f"courses/mail/{name}",
        to=_recipients(booking),
        context={
            "booking": booking,
            "course": course,
            "dates": list(course.dates.all()),
            "my_bookings_url": _portal_url("courses:my_bookings"),
            "catalog_url": _portal_url("courses:catalog"),
            **(extra or {}),
        },
        attachments=attachments,
    )


def booking_create(
    *,
    course_id: int,
    booked_by,
    participant_name: str,
    participant_email: str,
    business=None,
    billing_address: str = "",
    now: datetime | None = None,
) -> Booking:
    """Book a place, or a place on the waiting list when the course is full.

    A business booking (business given) names an employee as participant and the business as invoice
    recipient; the booking user must be an active member of that business. A paid course booked without a
    business needs the billing address of the person who pays.
    """
    now = now or timezone.now()
    participant_email = participant_email.strip().lower()
    participant_name = " ".join(participant_name.split())
    if not participant_name or not participant_email:
        raise CourseError(_("Please enter the participant's name and e-mail address."), code="participant_missing")
    if business is not None and membership_for(user=booked_by, business_id=business.pk) is None:
        raise CourseError(_("You cannot book on behalf of this business."), code="forbidden")

    with transaction.atomic():
        try:
            course = _lock_course(course_id)
        except Course.DoesNotExist:
            raise CourseError(_("This course cannot be booked."), code="not_bookable") from None
        refusal = course.booking_refusal(now)
        if refusal:
            raise CourseError(course.booking_closed_reason(now), code=refusal)
        billing_address = billing_address.strip() if business is None else ""
        if course.price and business is None and not billing_address:
            raise CourseError(
                _("Please enter the billing address: the course costs money and the invoice goes to you."),
                code="billing_address_missing",
            )
        active = course.bookings.exclude(status=Booking.Status.CANCELLED)
        if active.filter(participant_email__iexact=participant_email).exists():
            raise CourseError(
                _("%(email)s is already booked on this course.") % {"email": participant_email}, code="already_booked"
            )
        confirmed = active.filter(status=Booking.Status.CONFIRMED).count()
        booking = Booking(
            course=course,
            booked_by=booked_by,
            participant_name=participant_name,
            participant_email=participant_email,
            business=business,
            billing_address=billing_address,
        )
        if confirmed < course.capacity:
            booking.status = Booking.Status.CONFIRMED
            booking.confirmed_at = now
        else:
            last = active.filter(status=Booking.Status.WAITLISTED).aggregate(last=Max("waitlist_position"))["last"]
            booking.status = Booking.Status.WAITLISTED
            booking.waitlist_position = (last or 0) + 1
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:
            # The unique constraint backs the check above (e.g. a booking written outside this service).
            raise CourseError(
                _("%(email)s is already booked on this course.") % {"email": participant_email}, code="already_booked"
            ) from None
        if booking.status == Booking.Status.CONFIRMED:
            _mail(booking, "booking_confirmed", with_calendar=True)
        else:
            _mail(booking, "booking_waitlisted")
    return booking


def _close_gap(course: Course, position: int) -> None:
    course.bookings.filter(status=Booking.Status.WAITLISTED, waitlist_position__gt=position).update(
        waitlist_position=F("waitlist_position") - 1
    )


def course_fill_from_waitlist(*, course: Course, now: datetime | None = None) -> list[Booking]:
    """Move waiting-list bookings up while places are free; each one moved up is mailed.

    The caller holds the course row lock (or calls this inside booking/staff services that do).
    """
    now = now or timezone.now()
    if course.is_cancelled or (course.starts_at is not None and course.starts_at <= now):
        return []
    moved: list[Booking] = []
    confirmed = course.bookings.filter(status=Booking.Status.CONFIRMED).count()
    while confirmed < course.capacity:
        first = (
            course.bookings.filter(status=Booking.Status.WAITLISTED)
            .select_related("booked_by", "business")
            .order_by("waitlist_position", "created_at")
            .first()
        )
        if first is None:
            break
        position = first.waitlist_position
        first.status = Booking.Status.CONFIRMED
        first.waitlist_position = None
        first.confirmed_at = now
        first.save(update_fields=["status", "waitlist_position", "confirmed_at", "updated_at"])
        _close_gap(course, position)
        first.course = course
        _mail(first, "booking_moved_up", with_calendar=True)
        moved.append(first)
        confirmed += 1
    return moved


@transaction.atomic
def booking_cancel(
    *, booking_id: int, now: datetime | None = None, by_staff: bool = False, waive_fee: bool = False
) -> Booking:
    """The customer cancels a booking (their own, or one of their business): the fee after the free
    period is recorded, the place goes to the first on the waiting list.

    Staff (`by_staff`) may cancel also when the customer no longer can online (say, on the phone after the
    course began), and may waive the fee."""
    now = now or timezone.now()
    course_id = Booking.objects.values_list("course_id", flat=True).get(pk=booking_id)
    course = _lock_course(course_id)
    booking = Booking.objects.select_related("booked_by", "business").get(pk=booking_id)
    booking.course = course
    if not booking.is_active:
        raise CourseError(_("This booking has already been cancelled."), code="already_cancelled")
    if not by_staff and not booking.can_be_cancelled(now):
        raise CourseError(
            _("This booking can no longer be cancelled online. Please contact the chamber."), code="not_cancellable"
        )
    fee = Decimal("0") if waive_fee else booking.cancellation_fee_at(now)
    was_confirmed = booking.status == Booking.Status.CONFIRMED
    position = booking.waitlist_position
    booking.status = Booking.Status.CANCELLED
    booking.waitlist_position = None
    booking.cancelled_at = now
    booking.cancellation_fee = fee
    booking.save(update_fields=["status", "waitlist_position", "cancelled_at", "cancellation_fee", "updated_at"])
    _mail(booking, "booking_cancelled", extra={"fee": fee})
    if was_confirmed:
        course_fill_from_waitlist(course=course, now=now)
    elif position is not None:
        _close_gap(course, position)
    return booking


@transaction.atomic
def course_cancel(*, course_id: int, now: datetime | None = None) -> int:
    """Staff cancel a course: every confirmed and waiting participant is cancelled and mailed.
    Returns how many bookings were cancelled."""
    now = now or timezone.now()
    course = _lock_course(course_id)
    if course.is_cancelled:
        return 0
    course.cancelled_at = now
    course.is_published = False
    course.save(update_fields=["cancelled_at", "is_published", "updated_at"])
    bookings = list(
        course.bookings.exclude(status=Booking.Status.CANCELLED)
        .select_related("booked_by", "business")
        .order_by("status", "waitlist_position", "created_at")
    )
    for booking in bookings:
        booking.course = course
        booking.status = Booking.Status.CANCELLED
        booking.waitlist_position = None
        booking.cancelled_at = now
        booking.cancellation_fee = Decimal("0")
        booking.save(update_fields=["status", "waitlist_position", "cancelled_at", "cancellation_fee", "updated_at"])
        _mail(booking, "course_cancelled")
    return len(bookings)


def booking_set_attendance(*, booking_ids: list[int], attended: bool | None) -> int:
    """Staff mark who attended (confirmed bookings only)."""
    return Booking.objects.filter(pk__in=booking_ids, status=Booking.Status.CONFIRMED).update(
        attended=attended, updated_at=timezone.now()
    )


@transaction.atomic
def course_capacity_changed(*, course_id: int) -> list[Booking]:
    """After staff raised the capacity: fill the new places from the waiting list."""
    course = _lock_course(course_id)
    return course_fill_from_waitlist(course=course)


def course_dates_summary_refresh(*, course_ids=None) -> int:
    """Store each course's first day, last day and number of dates on the course row (all courses when
    course_ids is None). Runs on every saved or deleted date (courses.apps); code that writes dates with
    bulk_create calls it itself."""
    dates = CourseDate.objects.filter(course=OuterRef("pk")).order_by()
    courses = Course.objects.all() if course_ids is None else Course.objects.filter(pk__in=course_ids)
    return courses.update(
        first_date_start=Subquery(dates.order_by("start").values("start")[:1]),
        last_date_end=Subquery(dates.order_by("-end").values("end")[:1]),
        date_count=Coalesce(
            Subquery(dates.values("course").annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
    )
