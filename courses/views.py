from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.caching import public_page
from portal.pagination import page_of
from portal.rate_limits import counter_hit

from . import selectors, services
from .forms import BookingForm, CatalogFilterForm
from .ics import course_ics
from .models import Booking

PAGE_SIZE = 20
# Bookings per user and hour: generous for a business booking its staff, a brake for scripts that
# would fill courses and waiting lists.
BOOKING_RATE = (30, 3600)


def _booking_rate_exceeded(user) -> bool:
    limit, window = BOOKING_RATE
    return counter_hit("courses.booking", user.pk, window=window) > limit


@public_page
def catalog(request: HttpRequest) -> HttpResponse:
    months, places = selectors.course_catalog_choices()
    form = CatalogFilterForm(request.GET or None, months=months, places=places)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    courses = selectors.course_catalog(
        query=filters.get("q", ""),
        category=filters.get("category", ""),
        month=form.month_value() if filters else None,
        place=filters.get("place", ""),
    )
    page = page_of(courses, request.GET.get("page"), PAGE_SIZE)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "courses/catalog.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters and any(filters.values())),
            "query_string": query_without_page.urlencode(),
            "filter_key": form.fragment_key(),
        },
    )


@public_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get_published(pk=pk)
    own_booking = selectors.booking_own_active(course=course, user=request.user)
    return render(
        request,
        "courses/detail.html",
        {
            "course": course,
            "closed_reason": course.booking_closed_reason(),
            "places_left": course.places_left(),
            "own_booking": own_booking,
            # Booked already: only a business user can book someone else (an employee).
            "may_book": not own_booking or bool(selectors.businesses_for_booking(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: whom to book; step 2: the binding confirmation with price and cancellation terms."""
    course = selectors.course_get_published(pk=pk)
    closed_reason = course.booking_closed_reason()
    if closed_reason:
        messages.error(request, closed_reason)
        return redirect("courses:detail", pk=course.pk)
    businesses = selectors.businesses_for_booking(request.user)
    form = BookingForm(
        request.POST or None,
        user=request.user,
        businesses=businesses,
        course=course,
        initial={"billing_address": selectors.billing_address_last_used(user=request.user)},
    )
    context = {"course": course, "form": form, "places_left": course.places_left()}
    if request.method == "POST" and form.is_valid():
        name, email = form.participant()
        step = request.POST.get("step")
        if step == "edit":
            return render(request, "courses/book.html", context)
        if step != "confirm":
            return render(
                request,
                "courses/book_confirm.html",
                {
                    **context,
                    "participant_name": name,
                    "participant_email": email,
                    "business": form.business,
                    "billing_address": form.billing_address_given,
                    "cancellation_now_costs": _cancellation_now_costs(course),
                },
            )
        if _booking_rate_exceeded(request.user):
            messages.error(request, _("You have made a great many bookings in a short time. Please try again later."))
            return render(request, "courses/book.html", context, status=429)
        try:
            booking = services.booking_create(
                course_id=course.pk,
                booked_by=request.user,
                participant_name=name,
                participant_email=email,
                business=form.business,
                billing_address=form.billing_address_given,
            )
        except services.CourseError as error:
            messages.error(request, error.message)
            return render(request, "courses/book.html", context)
        if booking.status == Booking.Status.CONFIRMED:
            messages.success(
                request,
                _("Your booking for %(course)s is confirmed. We have sent you a confirmation by e-mail.")
                % {"course": course.title},
            )
        else:
            messages.info(
                request,
                _(
                    "The course is fully booked. %(name)s is on the waiting list in position %(position)s; "
                    "we will inform you by e-mail when a place becomes free."
                )
                % {"name": booking.participant_name, "position": booking.waitlist_position},
            )
        return redirect("courses:my_bookings")
    return render(request, "courses/book.html", context)


def _cancellation_now_costs(course) -> bool:
    """The free cancellation period is over before the booking is made: the page says so before the click."""
    until = course.free_cancellation_until
    return bool(course.cancellation_fee) and until is not None and timezone.now() > until


@login_required
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The calendar file of a confirmed booking the user may see (the same as in the confirmation mail)."""
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)
    if booking.status != Booking.Status.CONFIRMED:
        raise Http404
    response = HttpResponse(course_ics(booking.course), content_type="text/calendar; charset=utf-8")
    filename = f"kurs-{booking.course.number}.ics".replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    upcoming, past = [], []
    for booking in selectors.booking_list_for_user(user=request.user):
        end = booking.course.ends_at
        booking.cancellable = booking.can_be_cancelled(now)
        (past if end is not None and end < now else upcoming).append(booking)
    past.reverse()
    return render(
        request,
        "courses/my_bookings.html",
        {"upcoming": upcoming, "past": past, "now": now},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)
    now = timezone.now()
    if not booking.can_be_cancelled(now):
        messages.error(request, _("This booking can no longer be cancelled online. Please contact the chamber."))
        return redirect("courses:my_bookings")
    if request.method == "POST":
        try:
            booking = services.booking_cancel(booking_id=booking.pk)
        except services.CourseError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The booking for %(course)s has been cancelled.") % {"course": booking.course.title}
            )
        return redirect("courses:my_bookings")
    return render(
        request,
        "courses/cancel_confirm.html",
        {"booking": booking, "course": booking.course, "fee": booking.cancellation_fee_at(now)},
    )
