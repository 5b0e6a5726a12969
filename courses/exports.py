"""The participant list as CSV for Excel: German headers, ';' separator, UTF-8 with BOM."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.csv_export import excel_csv

from .models import Booking, Course


def participants_csv(courses: QuerySet[Course]) -> bytes:
    bookings = (
        Booking.objects.filter(course__in=courses)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("course", "booked_by", "business")
        .order_by("course__number", "status", "waitlist_position", "participant_name")
    )
    header = [
        _("Course number"),
        _("Course"),
        _("Participant"),
        _("E-mail"),
        _("Status"),
        _("Waiting list position"),
        _("Invoice recipient"),
        _("Booked by"),
        _("Booked at"),
        _("Attended"),
    ]
    rows = []
    for booking in bookings:
        business = booking.business
        rows.append(
            [
                booking.course.number,
                booking.course.title,
                booking.participant_name,
                booking.participant_email,
                booking.get_status_display(),
                booking.waitlist_position or "",
                str(business) if business else (booking.booked_by.get_full_name() if booking.booked_by else ""),
                booking.booked_by.email if booking.booked_by else "",
                timezone.localtime(booking.created_at).strftime("%d.%m.%Y %H:%M"),
                booking.attended,
            ]
        )
    return excel_csv(header, rows)
