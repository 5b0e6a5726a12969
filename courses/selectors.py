"""Reads of the courses app, with the joins the pages need; user-scoped where a user reaches by id."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from businesses.access import businesses_for, memberships_for
from businesses.models import Membership
from portal import caching

from .models import Booking, Course, CourseDate


def _confirmed_count() -> RawSQL:
    """The confirmed places of each course, as a correlated subquery. Written as SQL: the ORM took about
    1 ms per request to build and compile the same Subquery (Count over a values() queryset), the
    largest single part of rendering the catalog (bench/profile_pages.py)."""
    # Only the models' own table names go into the text; the status is a query parameter.
    booking, course = Booking._meta.db_table, Course._meta.db_table
    return RawSQL(  # noqa: S611
        f'SELECT COUNT(*) FROM "{booking}" WHERE "{booking}"."course_id" = "{course}"."id" '  # noqa: S608
        f'AND "{booking}"."status" = %s',
        (Booking.Status.CONFIRMED.value,),
        output_field=IntegerField(),
    )


def course_queryset_with_dates() -> QuerySet[Course]:
    return (
        Course.objects.defer("search_document")
        # first_start/last_end as the catalog and course page call them, read from the course row.
        .annotate(first_start=F("first_date_start"), last_end=F("last_date_end"), confirmed_count=_confirmed_count())
        .prefetch_related(Prefetch("dates", queryset=CourseDate.objects.order_by("start")))
    )


def course_catalog(
    *, query: str = "", category: str = "", month: date | None = None, place: str = ""
) -> QuerySet[Course]:
    """Published, not yet started, not cancelled courses, filtered, soonest first (best match first when searching)."""
    now = timezone.now()
    # A card shows the first and last day and the number of dates, all stored on the course row
    # (Course.first_date_start …): the catalog loads no CourseDate rows and runs no subquery for them.
    courses = (
        Course.objects.defer("search_document")
        .annotate(first_start=F("first_date_start"), last_end=F("last_date_end"), confirmed_count=_confirmed_count())
        .filter(is_published=True, cancelled_at__isnull=True)
        # Only courses that have not started: a course in progress cannot be booked any more.
        .filter(first_date_start__gt=now)
    )
    if category:
        courses = courses.filter(category=category)
    if place:
        courses = courses.filter(place=place)
    if month:
        courses = courses.filter(
            Exists(CourseDate.objects.filter(course=OuterRef("pk"), start__year=month.year, start__month=month.month))
        )
    query = " ".join(query.split())[:200]
    if query:
        plain = Q(title__icontains=query) | Q(number__icontains=query)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank

            # The document is stored with the course (Course.search_document), weighted as before.
            search = SearchQuery(query, config="german", search_type="websearch")
            courses = (
                courses.annotate(rank=SearchRank(F("search_document"), search))
                .filter(Q(search_document=search) | plain)
                .order_by("-rank", "first_start", "pk")
            )
            return courses
        courses = courses.filter(
            plain | Q(description__icontains=query) | Q(target_group__icontains=query) | Q(place__icontains=query)
        )
    return courses.order_by("first_start", "pk")


def course_catalog_choices() -> tuple[list[date], list[str]]:
    """Months and places for the catalog filter: the same for every visitor, so kept in the process for
    a few minutes (portal.caching.remember); a new place shows in the filter after at most that long."""
    return (
        caching.remember("catalog-months", course_catalog_months),
        caching.remember("catalog-places", course_catalog_places),
    )


def course_catalog_months() -> list[date]:
    """Months (first day) in which upcoming published courses have dates, for the filter."""
    # datetimes() truncates in the current time zone, like the start__month filter does.
    return [
        value.date()
        for value in CourseDate.objects.filter(
            start__gt=timezone.now(), course__is_published=True, course__cancelled_at__isnull=True
        ).datetimes("start", "month")
    ]


def course_catalog_places() -> list[str]:
    return list(
        Course.objects.filter(is_published=True, cancelled_at__isnull=True)
        .order_by("place")
        .values_list("place", flat=True)
        .distinct()
    )


def course_get_published(*, pk: int) -> Course:
    """A course as the public sees it: published, or cancelled (so old links explain what happened)."""
    course = course_queryset_with_dates().filter(Q(is_published=True) | Q(cancelled_at__isnull=False), pk=pk).first()
    if course is None:
        raise Http404
    return course


def booking_visible_q(user) -> Q:
    """Bookings a user may see and cancel: their own (invoice to them), those they made for a business
    they are still an active member of, and all bookings of the businesses they administer. A member
    removed from a business loses its bookings with the membership (one query either way)."""
    memberships = list(memberships_for(user).values_list("business_id", "role"))
    member_of = [business_id for business_id, _role in memberships]
    administered = [business_id for business_id, role in memberships if role == Membership.Role.ADMIN]
    visible = Q(booked_by=user, business__isnull=True)
    if member_of:
        visible |= Q(booked_by=user, business_id__in=member_of)
    if administered:
        visible |= Q(business_id__in=administered)
    return visible


def booking_list_for_user(*, user) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(booking_visible_q(user))
        .select_related("course", "booked_by", "business")
        .prefetch_related(Prefetch("course__dates", queryset=CourseDate.objects.order_by("start")))
        .annotate(first_start=_first_start_of_booking())
        .order_by("first_start", "pk")
    )


def _first_start_of_booking():
    return F("course__first_date_start")


def businesses_for_booking(user) -> list:
    """The businesses the user may book for; empty without a business link."""
    return list(businesses_for(user))


def booking_own_active(*, course: Course, user) -> Booking | None:
    """The user's own active booking of a course (to say so on the course page instead of offering it again)."""
    if not user.is_authenticated:
        return None
    return (
        Booking.objects.filter(course=course, booked_by=user, participant_email__iexact=user.email)
        .exclude(status=Booking.Status.CANCELLED)
        .first()
    )


def booking_get_for_user(*, user, pk: int) -> Booking:
    """A booking the user may see; 404 for a missing and a foreign booking alike."""
    booking = (
        Booking.objects.filter(booking_visible_q(user), pk=pk)
        .select_related("course", "booked_by", "business")
        .prefetch_related(Prefetch("course__dates", queryset=CourseDate.objects.order_by("start")))
        .first()
    )
    if booking is None:
        raise Http404
    return booking


def billing_address_last_used(*, user) -> str:
    """The billing address of the user's latest booking that had one: the next paid booking starts with it."""
    return (
        Booking.objects.filter(booked_by=user, business__isnull=True)
        .exclude(billing_address="")
        .order_by("-created_at", "-pk")
        .values_list("billing_address", flat=True)
        .first()
        or ""
    )
