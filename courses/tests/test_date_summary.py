"""The course row's summary of its dates (first day, last day, count) that the catalog reads."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Course, CourseDate
from courses.services import course_dates_summary_refresh

pytestmark = pytest.mark.django_db


def _summary(course) -> tuple:
    row = Course.objects.values_list("first_date_start", "last_date_end", "date_count").get(pk=course.pk)
    return row


def test_adding_moving_and_deleting_dates_keeps_the_summary_and_the_catalog_right(client, course_factory):
    start = timezone.now().replace(microsecond=0) + timedelta(days=40)
    course = course_factory(dates=2, dates__start=start, title="Kurs mit Terminen")
    assert _summary(course) == (start, start + timedelta(weeks=1, hours=8), 2)

    later = CourseDate.objects.create(
        course=course, start=start + timedelta(weeks=5), end=start + timedelta(weeks=5, hours=8)
    )
    assert _summary(course)[1:] == (start + timedelta(weeks=5, hours=8), 3)

    first = course.dates.order_by("start").first()
    first.start -= timedelta(days=2)
    first.save()
    assert _summary(course)[0] == start - timedelta(days=2)

    later.delete()
    assert _summary(course)[1:] == (start + timedelta(weeks=1, hours=8), 2)

    html = client.get("/kurse/", {"q": "Kurs mit Terminen"}).content.decode()
    first_day = timezone.localtime(start - timedelta(days=2))
    last_day = timezone.localtime(start + timedelta(weeks=1, hours=8))
    assert f"{first_day:%d.%m.%Y} – {last_day:%d.%m.%Y}" in html
    assert "2 Termine" in html


def test_a_course_whose_dates_were_all_deleted_leaves_the_catalog(client, course_factory):
    course = course_factory(dates=2, title="Kurs ohne Termine")
    assert "Kurs ohne Termine" in client.get("/kurse/").content.decode()

    course.dates.all().delete()

    assert _summary(course) == (None, None, 0)
    assert "Kurs ohne Termine" not in client.get("/kurse/").content.decode()


def test_dates_written_in_bulk_count_once_the_summary_is_refreshed(course_factory):
    course = course_factory(dates=0)
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    CourseDate.objects.bulk_create(
        [
            CourseDate(course=course, start=start + timedelta(days=n), end=start + timedelta(days=n, hours=4))
            for n in range(3)
        ]
    )
    assert _summary(course) == (None, None, 0)  # bulk_create sends no signal

    assert course_dates_summary_refresh(course_ids=[course.pk]) == 1

    assert _summary(course) == (start, start + timedelta(days=2, hours=4), 3)
