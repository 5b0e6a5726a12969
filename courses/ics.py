"""iCalendar (RFC 5545) files for booking mails: one VEVENT per course date, UTC times, CRLF lines."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from .models import Course

PRODID = "-//Handwerkskammer//Kundenportal Kurse//DE"


def _escape(text: str) -> str:
    # RFC 5545 3.3.11: backslash, semicolon and comma are escaped, line breaks become \n.
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        char_bytes = char.encode("utf-8")
        if len(current) + len(char_bytes) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with one space
        current += char_bytes
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def course_ics(course: Course, *, now: datetime | None = None) -> bytes:
    """The course's dates as a calendar file (bytes, UTF-8)."""
    now = now or timezone.now()
    location = ", ".join(part for part in [course.place, " ".join(course.address.split())] if part)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for index, date in enumerate(course.dates.all(), start=1):
        summary = f"{course.title} ({course.number})"
        description = f"{settings.PORTAL_CHAMBER_NAME}: {course.title}, {course.number}"
        event_location = f"{location}, {date.room}" if date.room else location
        lines += [
            "BEGIN:VEVENT",
            f"UID:course-{course.pk}-date-{date.pk}@kundenportal",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(date.start)}",
            f"DTEND:{_utc(date.end)}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)} ({index})",
            f"LOCATION:{_escape(event_location)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
