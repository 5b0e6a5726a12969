"""Demo courses for `make run`: enough across categories, months and places for the catalog's filters."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from .models import Booking, Course, CourseDate
from .services import course_dates_summary_refresh

M, W, U, T = (
    Course.Category.MEISTERKURSE,
    Course.Category.WEITERBILDUNG,
    Course.Category.UNTERNEHMENSFUEHRUNG,
    Course.Category.TECHNIK,
)
PLACES = {
    "Musterstadt": "Bildungszentrum der Handwerkskammer\nGewerbestraße 12\n12345 Musterstadt",
    "Nordstadt": "Berufsbildungszentrum Nord\nAm Hafen 3\n12400 Nordstadt",
    "Südhausen": "Technologiezentrum Süd\nIndustrieweg 8\n12500 Südhausen",
    "Westerfeld": "Kompetenzzentrum West\nSchulstraße 21\n12600 Westerfeld",
}
BAFOEG = "Förderfähig nach dem Aufstiegs-BAföG (bis zu 75 % Zuschuss zu den Lehrgangskosten)."

# (title, category, price, hours, number of dates, capacity, funding)
COURSES = [
    ("Meistervorbereitung Teil I – Elektrotechniker-Handwerk", M, "6900.00", 960, 12, 18, BAFOEG),
    ("Meistervorbereitung Teil II – Tischler-Handwerk", M, "5400.00", 720, 10, 16, BAFOEG),
    ("Meistervorbereitung Teil III – Betriebswirtschaft und Recht", M, "2450.00", 300, 8, 24, BAFOEG),
    ("Meistervorbereitung Teil IV – Berufs- und Arbeitspädagogik (AEVO)", M, "890.00", 120, 5, 20, BAFOEG),
    ("Meistervorbereitung Teil I – Kraftfahrzeugtechniker-Handwerk", M, "7200.00", 1000, 12, 16, BAFOEG),
    ("Meistervorbereitung Teil II – Friseur-Handwerk", M, "4100.00", 560, 10, 14, BAFOEG),
    ("Meistervorbereitung Teil I – Installateur und Heizungsbauer", M, "6600.00", 900, 12, 16, BAFOEG),
    ("Meistervorbereitung Teil II – Maler und Lackierer", M, "4800.00", 640, 10, 16, BAFOEG),
    ("Gebäudeenergieberater/in (HWK)", W, "2980.00", 220, 6, 18, BAFOEG),
    ("Restaurator/in im Handwerk – Einführung", W, "1450.00", 80, 4, 12, ""),
    ("Fachkraft für Barrierefreies Bauen", W, "1190.00", 64, 4, 16, ""),
    ("Kundenorientierte Kommunikation am Telefon", W, "290.00", 8, 1, 14, ""),
    ("Ausbildung der Ausbilder – Kompaktkurs", W, "790.00", 115, 5, 20, BAFOEG),
    ("Erste Hilfe im Betrieb – Auffrischung", W, "95.00", 9, 1, 20, ""),
    ("Brandschutzhelfer/in nach ASR A2.2", W, "120.00", 5, 1, 20, ""),
    ("Digitales Aufmaß und Angebotserstellung", W, "380.00", 16, 2, 12, ""),
    ("Betriebswirt/in (HWK)", U, "4950.00", 600, 12, 24, BAFOEG),
    ("Buchführung und Kostenrechnung für Handwerksbetriebe", U, "640.00", 40, 5, 18, ""),
    ("Kalkulation im Handwerk – Preise richtig berechnen", U, "420.00", 16, 2, 16, ""),
    ("Betriebsübernahme und Nachfolge planen", U, "260.00", 8, 1, 20, ""),
    ("Social Media und Website für den Handwerksbetrieb", U, "310.00", 12, 2, 14, ""),
    ("Personalführung für Meisterinnen und Meister", U, "490.00", 24, 3, 16, ""),
    ("Rechtssicher im Handwerk: Vertrags- und Gewährleistungsrecht", U, "280.00", 8, 1, 20, ""),
    ("Fachkraft für Photovoltaik und Speichertechnik", T, "1890.00", 120, 6, 14, ""),
    ("Wärmepumpen planen, installieren und warten", T, "1240.00", 64, 4, 12, ""),
    ("Elektrofachkraft für festgelegte Tätigkeiten", T, "1560.00", 120, 6, 12, ""),
    ("Schweißen: MAG-Grundkurs", T, "980.00", 80, 5, 8, ""),
    ("CNC-Programmierung für Tischler", T, "1350.00", 80, 5, 10, ""),
    ("Hochvolt-Qualifizierung Stufe 2S für Kfz-Betriebe", T, "690.00", 16, 2, 10, ""),
    ("Kältemittel-Sachkunde Kategorie I", T, "1080.00", 48, 4, 10, ""),
    ("Gebäudeautomation mit KNX – Grundkurs", T, "1690.00", 80, 5, 12, ""),
    ("Drohnen im Handwerk: Dachinspektion und Aufmaß", T, "540.00", 16, 2, 10, ""),
    ("Lüftungstechnik nach DIN 1946-6", T, "450.00", 16, 2, 14, ""),
]

DEMO_PARTICIPANT_DOMAIN = "teilnehmer.demo.example.de"


def _course_dates(start_day, count: int, index: int) -> list[tuple[datetime, datetime]]:
    tz = timezone.get_current_timezone()
    dates = []
    for n in range(count):
        day = start_day + timedelta(weeks=n) if count <= 6 else start_day + timedelta(days=n * 3)
        start = datetime.combine(day, time(8 if index % 2 else 9, 0), tzinfo=tz)
        dates.append((start, start + timedelta(hours=8)))
    return dates


def load() -> list[tuple[str, str, str]]:
    """Create (or refresh) the demo courses; dates are placed relative to today."""
    today = timezone.localdate()
    places = list(PLACES)
    for index, (title, category, price, hours, n_dates, capacity, funding) in enumerate(COURSES):
        place = places[index % len(places)]
        start_day = today + timedelta(days=10 + (index * 6) % 180)
        course, _created = Course.objects.update_or_create(
            number=f"{category[:2].upper()}-{2026 + (index % 2)}-{index + 1:03d}",
            defaults={
                "title": title,
                "category": category,
                "description": (
                    f"{title}: praxisnaher Lehrgang der Handwerkskammer mit erfahrenen Dozentinnen und Dozenten "
                    "aus dem Handwerk. Inhalte, Übungen und Prüfungsvorbereitung sind auf die Anforderungen "
                    "kleiner und mittlerer Handwerksbetriebe zugeschnitten."
                ),
                "target_group": "Gesellinnen und Gesellen, Meisterinnen und Meister sowie Beschäftigte im Handwerk.",
                "prerequisites": "Abgeschlossene Berufsausbildung im Handwerk oder vergleichbare Berufserfahrung."
                if category == M
                else "",
                "funding_hint": funding,
                "teaching_hours": hours,
                "price": Decimal(price),
                "place": place,
                "address": PLACES[place],
                "capacity": capacity,
                "min_participants": max(capacity // 3, 4),
                "booking_deadline": timezone.make_aware(datetime.combine(start_day - timedelta(days=3), time(23, 59))),
                "free_cancellation_days": 14,
                "cancellation_fee": (Decimal(price) * Decimal("0.2")).quantize(Decimal("1")),
                "is_published": True,
                "cancelled_at": None,
            },
        )
        course.dates.all().delete()
        CourseDate.objects.bulk_create(
            CourseDate(course=course, start=start, end=end, room=f"Raum {1 + index % 5}.{10 + index % 7}")
            for start, end in _course_dates(start_day, n_dates, index)
        )
        course_dates_summary_refresh(course_ids=[course.pk])  # bulk_create sends no signals
        # A few courses are nearly full or full with a waiting list, so the catalog shows both states.
        Booking.objects.filter(course=course, participant_email__endswith=DEMO_PARTICIPANT_DOMAIN).delete()
        filled = {3: capacity - 3, 11: capacity, 14: capacity - 1, 26: capacity}.get(index, index % 4)
        waiting = 3 if filled == capacity else 0
        Booking.objects.bulk_create(
            [
                Booking(
                    course=course,
                    participant_name=f"Teilnehmer {n + 1}",
                    participant_email=f"teilnehmer{n + 1}@{DEMO_PARTICIPANT_DOMAIN}",
                    status=Booking.Status.CONFIRMED,
                    confirmed_at=timezone.now(),
                )
                for n in range(filled)
            ]
            + [
                Booking(
                    course=course,
                    participant_name=f"Wartend {n + 1}",
                    participant_email=f"wartend{n + 1}@{DEMO_PARTICIPANT_DOMAIN}",
                    status=Booking.Status.WAITLISTED,
                    waitlist_position=n + 1,
                )
                for n in range(waiting)
            ]
        )
    _book_demo_customer()
    _book_demo_business()
    return []


def _book_demo_customer() -> None:
    """The demo customer (accounts.demo) has one booking, so "Meine Buchungen" is not empty."""
    from accounts.models import User

    customer = User.objects.filter(email="kunde@example.de").first()
    course = Course.objects.filter(title=COURSES[17][0]).first()
    if customer is None or course is None:
        return
    Booking.objects.get_or_create(
        course=course,
        participant_email=customer.email,
        status=Booking.Status.CONFIRMED,
        defaults={
            "booked_by": customer,
            "participant_name": customer.get_full_name(),
            "confirmed_at": timezone.now(),
        },
    )


def _book_demo_business() -> None:
    """The demo business admin (businesses.demo) booked an employee, with the business as invoice recipient."""
    from accounts.models import User
    from businesses.models import Business

    booker = User.objects.filter(email="betrieb@example.de").first()
    business = Business.objects.filter(betriebsnummer="1234567", filialnummer="").first()
    course = Course.objects.filter(title=COURSES[24][0]).first()
    if booker is None or business is None or course is None:
        return
    Booking.objects.get_or_create(
        course=course,
        participant_email="azubi.lena@elektro-mustermann.example.de",
        status=Booking.Status.CONFIRMED,
        defaults={
            "booked_by": booker,
            "business": business,
            "participant_name": "Lena Lehrling",
            "confirmed_at": timezone.now(),
        },
    )
