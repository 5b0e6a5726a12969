"""Course bookings of a person: made by them, or with them as participant.

Bookings are the basis of invoices and must be kept (commercial and tax retention, up to ten years):
with the account they are pseudonymised, not deleted, so the course's figures stay as they were.
"""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from portal.privacy import Erasure, ExportPart

from .models import Booking

TITLE = gettext_lazy("Course bookings")
ORDER = 30

# What replaces the person's name and address in a kept booking. The address is unique per booking
# (one active booking per participant and course) and can never receive mail (.invalid).
PSEUDONYM_NAME = "Gelöschtes Konto"
PSEUDONYM_EMAIL_DOMAIN = "konto-geloescht.invalid"

LABELS = {
    "bookings": gettext_lazy("Bookings"),
    "course_number": gettext_lazy("Course number"),
    "course": gettext_lazy("Course"),
    "first_day": gettext_lazy("First day"),
    "participant_name": gettext_lazy("Participant"),
    "participant_email": gettext_lazy("Participant's e-mail address"),
    "booked_by_you": gettext_lazy("Booked by you"),
    "invoice_to_business": gettext_lazy("Invoice to business"),
    "billing_address": gettext_lazy("Billing address"),
    "status": gettext_lazy("Status"),
    "price": gettext_lazy("Price (EUR)"),
    "cancellation_fee": gettext_lazy("Cancellation fee (EUR)"),
    "attended": gettext_lazy("Attended"),
    "booked_at": gettext_lazy("Booked"),
    "confirmed_at": gettext_lazy("Confirmed"),
    "cancelled_at": gettext_lazy("Cancelled"),
}


def _addresses(user) -> list[str]:
    from allauth.account.models import EmailAddress

    known = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    return sorted({user.email.lower(), *(address.lower() for address in known)})


def _as_participant(user) -> Q:
    q = Q()
    for address in _addresses(user):
        q |= Q(participant_email__iexact=address)
    return q


def bookings_of(user):
    """Bookings the person made, and those that name them as participant."""
    return (
        Booking.objects.filter(Q(booked_by=user) | _as_participant(user))
        .select_related("course", "business")
        .order_by("created_at", "pk")
    )


def export(user) -> ExportPart:
    rows = []
    for booking in bookings_of(user):
        course = booking.course
        rows.append(
            {
                "course_number": course.number,
                "course": course.title,
                "first_day": course.first_date_start,
                "participant_name": booking.participant_name,
                "participant_email": booking.participant_email,
                "booked_by_you": booking.booked_by_id == user.pk,
                "invoice_to_business": booking.business.name if booking.business_id else "",
                "billing_address": booking.billing_address,
                "status": booking.get_status_display(),
                "price": course.price,
                "cancellation_fee": booking.cancellation_fee,
                "attended": booking.attended,
                "booked_at": booking.created_at,
                "confirmed_at": booking.confirmed_at,
                "cancelled_at": booking.cancelled_at,
            }
        )
    return ExportPart(data={"bookings": rows}, labels=LABELS)


def _personal(user) -> Q:
    """The bookings whose participant is the person: their own, and those a business made for them."""
    return _as_participant(user) | Q(booked_by=user, business__isnull=True)


def erase_notes(user) -> list[str]:
    kept = Booking.objects.filter(_personal(user)).count()
    if not kept:
        return []
    notes = [
        ngettext(
            "Your course booking is kept, as the law on commercial and tax records requires (up to ten years): "
            "your name and e-mail address in it are replaced by “Gelöschtes Konto”. Course, dates, price and "
            "status stay, so the chamber's accounts and the course's figures remain correct.",
            "Your %(count)d course bookings are kept, as the law on commercial and tax records requires (up to "
            "ten years): your name and e-mail address in them are replaced by “Gelöschtes Konto”. Course, dates, "
            "price and status stay, so the chamber's accounts and the course's figures remain correct.",
            kept,
        )
        % {"count": kept}
    ]
    upcoming = (
        Booking.objects.filter(_personal(user), course__first_date_start__gt=timezone.now())
        .exclude(status=Booking.Status.CANCELLED)
        .count()
    )
    if upcoming:
        notes.append(
            ngettext(
                "You still have %(count)d upcoming booking. It stays valid, but the chamber can no longer reach "
                "you about it. If you will not attend, please cancel it under “My bookings” first.",
                "You still have %(count)d upcoming bookings. They stay valid, but the chamber can no longer reach "
                "you about them. If you will not attend, please cancel them under “My bookings” first.",
                upcoming,
            )
            % {"count": upcoming}
        )
    return notes


def erase(user, *, erasure: Erasure) -> None:
    Booking.objects.filter(_personal(user)).update(
        participant_name=PSEUDONYM_NAME,
        participant_email=Concat(
            Value("geloescht-"), Cast("pk", output_field=CharField()), Value(f"@{PSEUDONYM_EMAIL_DOMAIN}")
        ),
        billing_address="",
        updated_at=timezone.now(),
    )
    # Bookings the person made for colleagues stay with the business as they are; "booked by" empties
    # with the user row (SET_NULL).
