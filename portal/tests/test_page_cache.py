"""Public pages handed out again to visitors without a session (portal.page_cache), on the real cache."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from courses import services as course_services
from courses.models import Course
from courses.tests.factories import CourseFactory
from portal import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def course_factory(db):
    return CourseFactory


def _detail(client, course) -> str:
    response = client.get(f"/kurse/{course.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_anonymous_visitor_gets_the_stored_page_until_the_course_changes(
    client, course_factory, django_capture_on_commit_callbacks
):
    course = course_factory(title="Meisterkurs Elektrotechnik")
    assert "Meisterkurs Elektrotechnik" in _detail(client, course)

    # A write that bypasses the model's signals: the stored page is what visitors keep getting.
    Course.objects.filter(pk=course.pk).update(title="Geänderter Titel")
    assert "Meisterkurs Elektrotechnik" in _detail(Client(), course)

    # A regular save (admin, services) renders the page afresh once committed.
    with django_capture_on_commit_callbacks(execute=True):
        course.refresh_from_db()
        course.title = "Meisterkurs Elektrotechnik, Teil II"
        course.save()
    assert "Meisterkurs Elektrotechnik, Teil II" in _detail(Client(), course)


def test_a_stored_page_is_rendered_afresh_after_public_page_cache_seconds(client, course_factory, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 2
    course = course_factory(title="Kurs vor Fristablauf")
    assert "Kurs vor Fristablauf" in _detail(client, course)
    Course.objects.filter(pk=course.pk).update(title="Kurs nach Fristablauf")  # no signal, no new version
    assert "Kurs vor Fristablauf" in _detail(client, course)

    time.sleep(2.1)

    assert "Kurs nach Fristablauf" in _detail(client, course)


def test_a_change_made_by_another_process_shows_within_the_recheck_interval(client, course_factory, monkeypatch):
    monkeypatch.setattr(page_cache, "_VERSION_RECHECK_SECONDS", 2.0)  # margin for a busy CI machine
    course = course_factory(title="Alter Titel")
    assert "Alter Titel" in _detail(client, course)
    Course.objects.filter(pk=course.pk).update(title="Neuer Titel")
    # What changed() does in another web process or a Celery worker: only Redis learns the new version.
    cache.set("public-page-version:courses", cache.get("public-page-version:courses", 0) + 1, None)
    assert "Alter Titel" in _detail(client, course)  # this process read the versions a moment ago

    time.sleep(2.1)

    assert "Neuer Titel" in _detail(client, course)


def test_only_pages_without_query_string_are_shared_between_processes(client, course_factory):
    course_factory(title="Kurs Alpha")
    assert "Kurs Alpha" in client.get("/kurse/").content.decode()
    assert "Kurs Alpha" in client.get("/kurse/", {"q": "Alpha"}).content.decode()
    Course.objects.filter(title="Kurs Alpha").update(title="Kurs Alpha neu")  # no signal, no new version

    page_cache.clear_local()  # as seen from another web process

    assert "Kurs Alpha neu" not in client.get("/kurse/").content.decode()  # from Redis
    assert "Kurs Alpha neu" in client.get("/kurse/", {"q": "Alpha"}).content.decode()  # rendered again


def test_a_booking_updates_the_places_left_for_anonymous_visitors(
    client, course_factory, user_factory, django_capture_on_commit_callbacks
):
    course = course_factory(capacity=2)
    assert "noch 2 Plätze" in _detail(client, course)
    catalog = client.get("/kurse/").content.decode()
    assert "noch 2 Plätze" in catalog

    customer = user_factory()
    with django_capture_on_commit_callbacks(execute=True):
        course_services.booking_create(
            course_id=course.pk,
            booked_by=customer,
            participant_name=customer.get_full_name(),
            participant_email=customer.email,
        )

    assert "noch 1 Platz" in _detail(client, course)
    assert "noch 1 Platz" in client.get("/kurse/").content.decode()


def test_logged_in_users_never_get_the_anonymous_page(client_logged_in, course_factory):
    course = course_factory()
    assert "Abmelden" not in _detail(Client(), course)  # stored for anonymous visitors

    html = _detail(client_logged_in, course)

    assert "Abmelden" in html
    assert "Mein Portal" in html


def test_each_language_has_its_own_page(client, course_factory):
    course = course_factory()
    assert '<html lang="de">' in _detail(client, course)

    english = Client()
    assert english.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert '<html lang="en">' in _detail(english, course)
    assert '<html lang="de">' in _detail(Client(), course)


def test_stored_pages_carry_no_csrf_token_and_the_language_switch_works_without_one(course_factory):
    course = course_factory()
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(f"/kurse/{course.pk}/")
    second = visitor.get(f"/kurse/{course.pk}/")

    for response in (first, second):
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "csrftoken" not in response.cookies
        assert "Cookie" in response["Vary"]
        assert "Content-Security-Policy" in response

    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": f"/kurse/{course.pk}/"})
    assert switched.status_code == 302
    assert '<html lang="en">' in _detail(visitor, course)


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(client_logged_in):
    assert Client().get("/").status_code == 200  # the start page is stored without the message

    response = client_logged_in.post("/accounts/logout/", follow=True)

    assert response.status_code == 200
    assert "abgemeldet" in response.content.decode()


def test_pages_still_render_with_the_cache_down(client, course_factory, redis_down):
    course = course_factory(title="Kurs bei Cache-Ausfall")

    assert "Kurs bei Cache-Ausfall" in _detail(client, course)
    assert client.get("/").status_code == 200
