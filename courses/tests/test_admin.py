import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import Booking, Course

CHANGELIST = reverse("admin:courses_course_changelist")


def test_participant_csv_for_excel(admin_client, course_factory, booking_factory):
    course = course_factory(number="MK-2027-01", title="Meisterkurs Tischler", capacity=1)
    booking_factory(course=course, participant_name="Jürgen Müller", participant_email="j.mueller@example.de")
    booking_factory(
        course=course,
        participant_name="Anna Groß",
        participant_email="anna@example.de",
        status=Booking.Status.WAITLISTED,
        waitlist_position=1,
        confirmed_at=None,
    )
    booking_factory(course=course, participant_name="Storniert", status=Booking.Status.CANCELLED)

    response = admin_client.post(CHANGELIST, {"action": "export_participants", "_selected_action": [course.pk]})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Kursnummer", "Kurs", "Teilnehmer/in", "E-Mail", "Status"]
    assert rows[1][:6] == [
        "MK-2027-01",
        "Meisterkurs Tischler",
        "Jürgen Müller",
        "j.mueller@example.de",
        "bestätigt",
        "",
    ]
    assert rows[2][2] == "Anna Groß" and rows[2][4] == "Warteliste" and rows[2][5] == "1"
    assert len(rows) == 3


def test_participant_csv_does_not_hand_excel_a_formula(admin_client, course_factory, booking_factory):
    course = course_factory()
    booking_factory(course=course, participant_name='=HYPERLINK("http://example.invalid","Klick")', attended=True)

    response = admin_client.post(CHANGELIST, {"action": "export_participants", "_selected_action": [course.pk]})

    row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1]
    assert row[2] == '\'=HYPERLINK("http://example.invalid","Klick")'
    assert row[-1] == "ja"


def test_staff_cancel_course_asks_then_mails_everyone(
    admin_client, course_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(title="Abzusagender Kurs")
    booked = booking_factory.create_batch(3, course=course)

    confirm_page = admin_client.post(CHANGELIST, {"action": "cancel_courses", "_selected_action": [course.pk]})
    assert "Das kann nicht rückgängig gemacht werden." in confirm_page.content.decode()
    assert not mailoutbox

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "cancel_courses", "_selected_action": [course.pk], "confirm": "yes"}, follow=True
        )
    assert "3 Teilnehmende werden per E-Mail benachrichtigt" in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(b.participant_email for b in booked)
    assert all(m.subject == "Kurs abgesagt: Abzusagender Kurs" for m in mailoutbox)
    assert Course.objects.get().is_cancelled


def test_course_change_page_shows_participants_and_waiting_list(admin_client, course_factory, booking_factory):
    course = course_factory(capacity=1)
    booking_factory(course=course, participant_name="Erste Person")
    booking_factory(
        course=course,
        participant_name="Wartende Person",
        status=Booking.Status.WAITLISTED,
        waitlist_position=1,
        confirmed_at=None,
    )
    html = admin_client.get(reverse("admin:courses_course_change", args=[course.pk])).content.decode()
    assert "Teilnehmende (bestätigt)" in html and "Erste Person" in html
    assert "Warteliste" in html and "Wartende Person" in html


def test_staff_raise_capacity_in_admin_moves_waiting_list_up(
    admin_client, course_factory, booking_factory, mailoutbox, django_capture_on_commit_callbacks
):
    course = course_factory(capacity=1, min_participants=1)
    booking_factory(course=course)
    waiting = booking_factory(course=course, status=Booking.Status.WAITLISTED, waitlist_position=1, confirmed_at=None)
    url = reverse("admin:courses_course_change", args=[course.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"capacity": 2, "is_published": "on"})
    data["booking_deadline_0"], data["booking_deadline_1"] = "01.01.2099", "12:00:00"
    date = course.dates.get()
    data.update(
        {
            "dates-TOTAL_FORMS": 1,
            "dates-INITIAL_FORMS": 1,
            "dates-MIN_NUM_FORMS": 1,
            "dates-MAX_NUM_FORMS": 1000,
            "dates-0-id": date.pk,
            "dates-0-course": course.pk,
            "dates-0-start_0": f"{date.start:%d.%m.%Y}",
            "dates-0-start_1": "09:00:00",
            "dates-0-end_0": f"{date.start:%d.%m.%Y}",
            "dates-0-end_1": "17:00:00",
            "dates-0-room": "Raum 1",
        }
    )
    for prefix, count in (("bookings", 1), ("bookings-2", 1)):
        booking = course.bookings.get(status="confirmed" if prefix == "bookings" else "waitlisted")
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": count,
                f"{prefix}-INITIAL_FORMS": count,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
                f"{prefix}-0-id": booking.pk,
                f"{prefix}-0-course": course.pk,
            }
        )
    data["bookings-0-attended"] = "unknown"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Nachgerückt"]


def test_staff_mark_attendance(admin_client, booking_factory):
    present, absent = booking_factory.create_batch(2)
    admin_client.post(
        reverse("admin:courses_booking_changelist"), {"action": "mark_attended", "_selected_action": [present.pk]}
    )
    admin_client.post(
        reverse("admin:courses_booking_changelist"), {"action": "mark_absent", "_selected_action": [absent.pk]}
    )
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attended is True and absent.attended is False


def test_course_cannot_need_more_participants_than_places(course_factory):
    course = course_factory.build(capacity=5, min_participants=6)
    with pytest.raises(ValidationError) as error:
        course.full_clean(exclude=["number"])
    assert error.value.message_dict["min_participants"] == [
        "Die Mindestteilnehmerzahl darf nicht größer sein als die Zahl der Plätze."
    ]
