from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .search import CourseSearchDocument


class Course(models.Model):
    """A course of the chamber with one or more dates; booked by customers and businesses."""

    class Category(models.TextChoices):
        MEISTERKURSE = "meisterkurse", _("Master courses")
        WEITERBILDUNG = "weiterbildung", _("Further training")
        UNTERNEHMENSFUEHRUNG = "unternehmensfuehrung", _("Business management")
        TECHNIK = "technik", _("Technology")

    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("course number"), max_length=40, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, db_index=True)
    description = models.TextField(_("description"))
    target_group = models.TextField(_("target group"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    funding_hint = models.CharField(
        _("funding"), max_length=200, blank=True, help_text=_("For example: eligible for Aufstiegs-BAföG.")
    )
    teaching_hours = models.PositiveIntegerField(_("teaching hours"), default=0)
    price = models.DecimalField(
        _("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    place = models.CharField(
        _("place"), max_length=100, db_index=True, help_text=_("Town shown in the catalog filter.")
    )
    address = models.TextField(_("address"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    min_participants = models.PositiveIntegerField(_("minimum participants"), default=1)
    booking_deadline = models.DateTimeField(_("booking deadline"))
    free_cancellation_days = models.PositiveIntegerField(_("free cancellation until (days before start)"), default=14)
    cancellation_fee = models.DecimalField(
        _("cancellation fee after that"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled by the chamber at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Written by the database with every change of the course: the catalog search reads it instead of
    # building the document from the texts of every course on every search.
    search_document = models.GeneratedField(
        expression=CourseSearchDocument(), output_field=SearchVectorField(), db_persist=True, editable=False
    )

    # Summary of the course's dates, kept by courses.services.course_dates_summary_refresh whenever a
    # date is saved or deleted. The catalog filters and sorts by the first day and shows the range and
    # the count; reading them from the row spares a subquery per course on every catalog request.
    first_date_start = models.DateTimeField(_("first date starts"), null=True, editable=False, db_index=True)
    last_date_end = models.DateTimeField(_("last date ends"), null=True, editable=False)
    date_count = models.PositiveSmallIntegerField(_("number of dates"), default=0, editable=False)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    # The first and last dates: catalog querysets annotate them (first_start/last_end); a single
    # course loaded on its own computes them from its (prefetched) dates.
    @property
    def starts_at(self) -> datetime | None:
        if hasattr(self, "first_start"):
            return self.first_start
        starts = [d.start for d in self.dates.all()]
        return min(starts) if starts else None

    @property
    def ends_at(self) -> datetime | None:
        if hasattr(self, "last_end"):
            return self.last_end
        ends = [d.end for d in self.dates.all()]
        return max(ends) if ends else None

    @property
    def free_cancellation_until(self) -> datetime | None:
        start = self.starts_at
        return start - timedelta(days=self.free_cancellation_days) if start else None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.capacity and self.min_participants and self.min_participants > self.capacity:
            raise ValidationError(
                {"min_participants": _("The minimum number of participants cannot exceed the number of places.")}
            )

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def places_left(self, confirmed_count: int | None = None) -> int:
        if confirmed_count is None:
            confirmed_count = getattr(self, "confirmed_count", None)
        if confirmed_count is None:
            confirmed_count = self.bookings.filter(status=Booking.Status.CONFIRMED).count()
        return max(self.capacity - confirmed_count, 0)

    CLOSED_MESSAGES = {
        "cancelled": _("This course has been cancelled by the chamber."),
        "unpublished": _("This course cannot be booked."),
        "no_dates": _("This course has no dates yet and cannot be booked."),
        "started": _("This course has already started or is over and can no longer be booked."),
        "deadline_passed": _("The booking deadline for this course has passed. Please contact the chamber."),
    }

    def booking_refusal(self, now: datetime | None = None) -> str | None:
        """Why the course cannot be booked right now (a key of CLOSED_MESSAGES), or None if it can."""
        now = now or timezone.now()
        start = self.starts_at
        if self.is_cancelled:
            return "cancelled"
        if not self.is_published:
            return "unpublished"
        if start is None:
            return "no_dates"
        if start <= now:
            return "started"
        if self.booking_deadline < now:
            return "deadline_passed"
        return None

    def booking_closed_reason(self, now: datetime | None = None) -> str:
        """Why the course cannot be booked right now, as a German message; empty if it can."""
        refusal = self.booking_refusal(now)
        return str(self.CLOSED_MESSAGES[refusal]) if refusal else ""


class CourseDate(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="dates", verbose_name=_("course"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    room = models.CharField(_("room"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("course date")
        verbose_name_plural = _("course dates")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="courses_date_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.start):%d.%m.%Y %H:%M}–{timezone.localtime(self.end):%H:%M}"


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("waiting list")
        CANCELLED = "cancelled", _("cancelled")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("course"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_bookings",
        verbose_name=_("booked by"),
    )
    business = models.ForeignKey(
        "businesses.Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course_bookings",
        verbose_name=_("invoice recipient (business)"),
        help_text=_("Set when a business user booked an employee; the business receives the invoice."),
    )
    participant_name = models.CharField(_("participant"), max_length=200)
    participant_email = models.EmailField(_("participant's e-mail address"))
    # Where the invoice goes when a person pays for themself (a paid course not billed to a business).
    billing_address = models.TextField(_("billing address"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    waitlist_position = models.PositiveIntegerField(_("position on the waiting list"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    cancellation_fee = models.DecimalField(
        _("cancellation fee charged"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["course", "status", "waitlist_position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                "course",
                Lower("participant_email"),
                condition=~Q(status="cancelled"),
                name="courses_booking_one_active_per_participant",
                violation_error_message=_("This person is already booked on this course."),
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="courses_booking_position_only_when_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"], name="courses_booking_course_status")]

    def __str__(self) -> str:
        return f"{self.participant_name} – {self.course.number}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    def cancellation_fee_at(self, now: datetime | None = None) -> Decimal:
        """The fee a cancellation now would cost: only a confirmed place after the free period."""
        now = now or timezone.now()
        if self.status != self.Status.CONFIRMED:
            return Decimal("0")
        until = self.course.free_cancellation_until
        if until is not None and now > until:
            return self.course.cancellation_fee
        return Decimal("0")

    def can_be_cancelled(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        start = self.course.starts_at
        return self.is_active and not self.course.is_cancelled and (start is None or start > now)
