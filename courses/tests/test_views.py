from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Booking, Course

CATALOG = reverse("courses:catalog")
# The same bound for 5 and 500 rows: today 7 (catalog, anonymous) and 6 (Meine Buchungen) including the
# request's savepoints, with a little room for what the base layout may add; an N+1 would need hundreds.
CATALOG_QUERIES = 10
MY_BOOKINGS_QUERIES = 10


def test_catalog_works_without_login_and_shows_places(client, course_factory, booking_factory):
    almost_full = course_factory(title="Schweißen kompakt", capacity=4)
    for _ in range(1):
        booking_factory(course=almost_full)
    full = course_factory(title="CNC-Grundkurs", capacity=1)
    booking_factory(course=full)
    course_factory(title="Unveröffentlicht", is_published=False)

    response = client.get(CATALOG)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Schweißen kompakt" in html
    assert "noch 3 Plätze" in html
    assert "ausgebucht – Warteliste" in html
    assert "Unveröffentlicht" not in html
    assert "490,00 €" in html


def test_catalog_cards_show_every_change_at_once(client, course_factory, booking_factory):
    # The cards are kept rendered between requests; a change of what a card shows must appear at once,
    # even one written without save() (no signal, no updated_at).
    course = course_factory(title="Schweißen kompakt", capacity=4)
    html = client.get(CATALOG).content.decode()
    assert "noch 4 Plätze" in html
    assert "490,00 €" in html

    booking_factory(course=course)
    Course.objects.filter(pk=course.pk).update(price=Decimal("520.00"), title="Schweißen kompakt II")
    html = client.get(CATALOG).content.decode()
    assert "noch 3 Plätze" in html
    assert "520,00 €" in html
    assert "Schweißen kompakt II" in html


def test_catalog_hides_past_and_cancelled_courses(client, course_factory):
    course_factory(title="Vergangen", dates__start=timezone.now() - timedelta(days=3))
    course_factory(title="Läuft schon", dates=3, dates__start=timezone.now() - timedelta(days=1))
    course_factory(title="Abgesagt", cancelled_at=timezone.now())
    course_factory(title="Kommend")
    html = client.get(CATALOG).content.decode()
    assert "Kommend" in html
    assert "Vergangen" not in html
    assert "Läuft schon" not in html
    assert "Abgesagt" not in html


def test_full_text_search_finds_words_in_the_description(client, course_factory):
    course_factory(title="Meistervorbereitung Elektrotechnik", description="Vorbereitung auf die Meisterprüfung.")
    course_factory(title="Buchführung", description="Grundlagen der Kostenrechnung für Handwerksbetriebe.")
    html = client.get(CATALOG, {"q": "Kostenrechnung"}).content.decode()
    assert "Buchführung" in html
    assert "Meistervorbereitung" not in html
    # German stemming on PostgreSQL: the plural finds the singular.
    html = client.get(CATALOG, {"q": "Handwerksbetrieb"}).content.decode()
    assert "Buchführung" in html
    # Part of a title or a course number also matches.
    html = client.get(CATALOG, {"q": "Meisterv"}).content.decode()
    assert "Meistervorbereitung" in html and "Buchführung" not in html


def test_filters_by_category_month_and_place(client, course_factory):
    start = timezone.now().replace(day=1, hour=9, minute=0, second=0, microsecond=0) + timedelta(days=62)
    course_factory(title="Meister Nord", category=Course.Category.MEISTERKURSE, place="Nordstadt", dates__start=start)
    course_factory(
        title="Technik Süd",
        category=Course.Category.TECHNIK,
        place="Südhausen",
        dates__start=start + timedelta(days=40),
    )

    html = client.get(CATALOG, {"category": "meisterkurse"}).content.decode()
    assert "Meister Nord" in html and "Technik Süd" not in html
    html = client.get(CATALOG, {"place": "Südhausen"}).content.decode()
    assert "Technik Süd" in html and "Meister Nord" not in html
    html = client.get(CATALOG, {"month": f"{timezone.localtime(start):%Y-%m}"}).content.decode()
    assert "Meister Nord" in html and "Technik Süd" not in html
    html = client.get(CATALOG, {"category": "technik", "place": "Nordstadt"}).content.decode()
    assert "Keine Kurse gefunden" in html


def test_catalog_paginates(client, course_factory):
    for _ in range(25):
        course_factory()
    page_one = client.get(CATALOG).content.decode()
    assert "25 Kurse gefunden" in page_one
    assert "Seite 1 von 2" in page_one
    page_two = client.get(CATALOG, {"page": 2}).content.decode()
    assert page_two.count('class="card mb-3"') == 5


@pytest.mark.parametrize("rows", [5, 500])
def test_catalog_query_count_is_constant(client, course_factory, booking_factory, django_assert_max_num_queries, rows):
    courses = course_factory.create_batch(rows, dates=2)
    for course in courses[:5]:
        booking_factory(course=course)
    with django_assert_max_num_queries(CATALOG_QUERIES):
        response = client.get(CATALOG, {"category": "weiterbildung"})
    assert response.status_code == 200


def test_detail_shows_dates_price_and_booking_button(client, course_factory):
    course = course_factory(price=Decimal("1234.00"), dates=2, funding_hint="Förderfähig nach Aufstiegs-BAföG")
    html = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "1.234,00 €" in html
    assert "Förderfähig nach Aufstiegs-BAföG" in html
    assert html.count("Raum 1") == 2
    assert "Jetzt buchen" in html
    assert "Stornogebühr von 50,00 €" in html


def test_unpublished_course_detail_is_not_found(client, course_factory):
    course = course_factory(is_published=False)
    assert client.get(reverse("courses:detail", args=[course.pk])).status_code == 404


def test_booking_needs_login(client, course):
    response = client.get(reverse("courses:book", args=[course.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_booking_shows_terms_then_books_with_the_binding_button(
    client_logged_in, user, course, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("courses:book", args=[course.pk])
    review = client_logged_in.post(
        url, {"step": "review", "booking_for": "self", "billing_address": "Hauptstraße 1, 12345 Musterstadt"}
    )
    html = review.content.decode()
    assert "Kostenpflichtig buchen" in html
    assert "490,00 €" in html
    assert "Stornogebühr von 50,00 €" in html
    assert not Booking.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(
            url,
            {"step": "confirm", "booking_for": "self", "billing_address": "Hauptstraße 1, 12345 Musterstadt"},
            follow=True,
        )

    booking = Booking.objects.get()
    assert booking.booked_by == user and booking.participant_email == user.email
    assert "Ihre Buchung für" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("courses:my_bookings")
    assert mailoutbox[0].attachments[0][0].endswith(".ics")


def test_booking_after_the_deadline_is_refused_with_a_message(client_logged_in, course_factory):
    course = course_factory(booking_deadline=timezone.now() - timedelta(minutes=1))
    response = client_logged_in.post(
        reverse("courses:book", args=[course.pk]),
        {"step": "confirm", "booking_for": "self", "billing_address": "Hauptstraße 1, 12345 Musterstadt"},
        follow=True,
    )
    assert "Die Anmeldefrist für diesen Kurs ist abgelaufen" in response.content.decode()
    assert not Booking.objects.exists()


def test_booking_twice_is_refused_with_a_message(client_logged_in, user, course):
    url = reverse("courses:book", args=[course.pk])
    client_logged_in.post(
        url, {"step": "confirm", "booking_for": "self", "billing_address": "Hauptstraße 1, 12345 Musterstadt"}
    )
    response = client_logged_in.post(
        url, {"step": "confirm", "booking_for": "self", "billing_address": "Hauptstraße 1, 12345 Musterstadt"}
    )
    assert f"{user.email} ist bereits für diesen Kurs gebucht." in response.content.decode()
    assert Booking.objects.count() == 1


def test_personal_user_cannot_smuggle_in_another_participant(client_logged_in, user, course):
    client_logged_in.post(
        reverse("courses:book", args=[course.pk]),
        {
            "step": "confirm",
            "booking_for": "self",
            "billing_address": "Hauptstraße 1, 12345 Musterstadt",
            "participant_email": "fremd@example.de",
            "participant_name": "X",
        },
    )
    assert Booking.objects.get().participant_email == user.email


def test_full_course_books_onto_the_waiting_list(client_logged_in, course_factory, booking_factory):
    course = course_factory(capacity=1)
    booking_factory(course=course)
    detail = client_logged_in.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "Auf die Warteliste" in detail
    response = client_logged_in.post(
        reverse("courses:book", args=[course.pk]),
        {"step": "confirm", "booking_for": "self", "billing_address": "Hauptstraße 1, 12345 Musterstadt"},
        follow=True,
    )
    assert "auf der Warteliste auf Position 1" in response.content.decode()


def test_my_bookings_empty_state(client_logged_in):
    html = client_logged_in.get(reverse("courses:my_bookings")).content.decode()
    assert "Sie haben noch keine Kurse gebucht." in html


def test_my_bookings_lists_upcoming_and_past(client_logged_in, user, course_factory, booking_factory):
    booking_factory(course=course_factory(title="Kommender Kurs"), booked_by=user)
    booking_factory(
        course=course_factory(title="Alter Kurs", dates__start=timezone.now() - timedelta(days=40)),
        booked_by=user,
        attended=True,
    )
    booking_factory(course=course_factory(title="Fremder Kurs"))
    html = client_logged_in.get(reverse("courses:my_bookings")).content.decode()
    upcoming, past = html.split("Vergangene Kurse")
    assert "Kommender Kurs" in upcoming and "Stornieren" in upcoming
    assert "Alter Kurs" in past and "Stornieren" not in past
    assert "Fremder Kurs" not in html


@pytest.mark.parametrize("rows", [5, 500])
def test_my_bookings_query_count_is_constant(
    client_logged_in, user, course_factory, booking_factory, django_assert_max_num_queries, rows
):
    courses = course_factory.create_batch(rows, dates=2)
    for course in courses:
        booking_factory(course=course, booked_by=user)
    with django_assert_max_num_queries(MY_BOOKINGS_QUERIES):
        response = client_logged_in.get(reverse("courses:my_bookings"))
    assert response.content.decode().count("Stornieren<span") == rows


def test_cancel_free_of_charge(client_logged_in, user, course, booking_factory):
    booking = booking_factory(course=course, booked_by=user)
    url = reverse("courses:cancel", args=[booking.pk])
    assert "Die Stornierung ist kostenfrei." in client_logged_in.get(url).content.decode()
    response = client_logged_in.post(url, follow=True)
    assert "wurde storniert" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancellation_fee == 0


def test_cancel_after_the_free_period_shows_the_fee_first(client_logged_in, user, course_factory, booking_factory):
    course = course_factory(dates__start=timezone.now() + timedelta(days=5), booking_deadline=timezone.now())
    booking = booking_factory(course=course, booked_by=user)
    html = client_logged_in.get(reverse("courses:cancel", args=[booking.pk])).content.decode()
    assert "Es wird eine Stornogebühr von 50,00 € berechnet." in html
    assert "Kostenpflichtig stornieren (50,00 €)" in html
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_another_users_booking_is_not_found(client_logged_in, booking_factory):
    other = booking_factory()
    url = reverse("courses:cancel", args=[other.pk])
    assert client_logged_in.get(url).status_code == 404
    assert client_logged_in.post(url).status_code == 404
    other.refresh_from_db()
    assert other.status == Booking.Status.CONFIRMED


def test_past_booking_cannot_be_cancelled(client_logged_in, user, course_factory, booking_factory):
    course = course_factory(dates__start=timezone.now() - timedelta(days=1))
    booking = booking_factory(course=course, booked_by=user)
    response = client_logged_in.post(reverse("courses:cancel", args=[booking.pk]), follow=True)
    assert "kann nicht mehr online storniert werden" in response.content.decode()
    with pytest.raises(services.CourseError) as error:
        services.booking_cancel(booking_id=booking.pk)
    assert error.value.code == "not_cancellable"


def test_booking_is_rate_limited_per_user(client_logged_in, course_factory, monkeypatch):
    from courses import views

    monkeypatch.setattr(views, "BOOKING_RATE", (2, 3600))
    courses = course_factory.create_batch(3)
    statuses = [
        client_logged_in.post(
            reverse("courses:book", args=[c.pk]),
            {"step": "confirm", "booking_for": "self", "billing_address": "Hauptstraße 1, 12345 Musterstadt"},
        )
        for c in courses
    ]
    assert [r.status_code for r in statuses] == [302, 302, 429]
    assert "in kurzer Zeit sehr viele Buchungen" in statuses[2].content.decode()
    assert Booking.objects.count() == 2


def test_course_page_tells_a_booked_customer_so(client_logged_in, user, course, booking_factory):
    booking_factory(course=course, booked_by=user)
    html = client_logged_in.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "Sie sind für diesen Kurs gebucht." in html
    assert "Jetzt buchen" not in html
