"""Public pages handed out again to visitors without a session (portal.caching, 2.)."""

import time

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from courses import services as course_services
from courses.models import Course
from courses.tests.factories import CourseFactory

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


def _public_page_urls(course) -> list[str]:
    """Every URL whose view is a @public_page, the course page with a real course."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "public_page", False):
                yield prefix + str(pattern.pattern)

    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) >= 4, routes  # start page, Onlineangebote, course catalog, course page
    return ["/" + route.replace("<int:pk>", str(course.pk)) for route in routes]


def test_every_public_page_is_stored_and_handed_out_again(client, course_factory):
    # A template that starts using a CSRF token (or a view that writes the session) is never shared, only
    # rendered every time: this notices when a public page silently stops being stored.
    for url in _public_page_urls(course_factory()):
        first = client.get(url)
        second = client.get(url)
        assert first.status_code == second.status_code == 200, url
        assert "Age" not in first, url
        assert "Age" in second, f"{url} is not handed out from the page cache"
        assert second.content == first.content
        assert "Cookie" in second["Vary"]
        assert "csrfmiddlewaretoken" not in second.content.decode()


def test_an_anonymous_visitor_gets_the_stored_page_until_it_expires(client, course_factory, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 2
    course = course_factory(title="Meisterkurs Elektrotechnik")
    assert "Meisterkurs Elektrotechnik" in _detail(client, course)

    # Nothing tells the cache about a change, whatever the write: the page is only as old as its expiry.
    course.title = "Meisterkurs Elektrotechnik, Teil II"
    course.save()
    assert "Meisterkurs Elektrotechnik, Teil II" not in _detail(Client(), course)

    time.sleep(2.1)

    assert "Meisterkurs Elektrotechnik, Teil II" in _detail(Client(), course)


def test_a_booking_shows_in_the_places_left_within_the_expiry(client, course_factory, user_factory, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 2
    course = course_factory(capacity=2)
    assert "noch 2 Plätze" in _detail(client, course)
    assert "noch 2 Plätze" in client.get("/kurse/").content.decode()

    customer = user_factory()
    course_services.booking_create(
        course_id=course.pk,
        booked_by=customer,
        participant_name=customer.get_full_name(),
        participant_email=customer.email,
        billing_address="Hauptstraße 1, 12345 Musterstadt",
    )
    time.sleep(2.1)

    assert "noch 1 Platz" in _detail(client, course)
    assert "noch 1 Platz" in client.get("/kurse/").content.decode()


def test_logged_in_users_never_get_the_anonymous_page(client_logged_in, course_factory):
    course = course_factory()
    assert "Abmelden" not in _detail(Client(), course)  # stored for anonymous visitors

    html = _detail(client_logged_in, course)

    assert "Abmelden" in html
    assert "Mein Portal" in html


def test_a_visitor_with_any_other_cookie_gets_a_fresh_page(course_factory):
    course = course_factory(title="Kurs für alle")
    assert "Kurs für alle" in _detail(Client(), course)
    Course.objects.filter(pk=course.pk).update(title="Kurs mit neuem Titel")

    stranger = Client()
    stranger.cookies["sessionid"] = "someone-elses-or-made-up"
    assert "Kurs mit neuem Titel" in _detail(stranger, course)
    tracked = Client()
    tracked.cookies["anything"] = "1"
    assert "Kurs mit neuem Titel" in _detail(tracked, course)
    assert "Kurs für alle" in _detail(Client(), course)  # the stored page is untouched


def test_each_language_has_its_own_page(client, course_factory):
    course = course_factory()
    assert '<html lang="de">' in _detail(client, course)

    english = Client()
    assert english.get("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert '<html lang="en">' in _detail(english, course)
    assert '<html lang="de">' in _detail(Client(), course)


def test_stored_pages_carry_no_csrf_token_and_the_language_switch_needs_none(course_factory):
    course = course_factory()
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(f"/kurse/{course.pk}/")
    second = visitor.get(f"/kurse/{course.pk}/")

    for response in (first, second):
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "csrftoken" not in response.cookies
        assert "Cookie" in response["Vary"]
        assert "Content-Security-Policy" in response
    assert f'href="/i18n/setlang/?language=en&amp;next=%2Fkurse%2F{course.pk}%2F"' in second.content.decode()

    switched = visitor.get("/i18n/setlang/", {"language": "en", "next": f"/kurse/{course.pk}/"})
    assert switched.status_code == 302
    assert switched["Location"] == f"/kurse/{course.pk}/"
    assert '<html lang="en">' in _detail(visitor, course)


def test_the_language_switch_never_leads_off_the_portal_and_ignores_unknown_languages(client):
    for foreign in ("https://example.com/", "//example.com/", "/\\example.com"):
        response = client.get("/i18n/setlang/", {"language": "en", "next": foreign})
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:home")

    response = client.get("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert "django_language" not in response.cookies
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 405


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(client_logged_in):
    assert Client().get("/").status_code == 200  # the start page is stored without the message

    response = client_logged_in.post("/accounts/logout/", follow=True)

    assert response.status_code == 200
    assert "abgemeldet" in response.content.decode()


@pytest.mark.urls("portal.tests.public_page_urls")
@pytest.mark.parametrize("personal", ["csrf_token", "session", "message"])
def test_a_page_made_for_this_visitor_is_never_stored(personal):
    """A public view that used a CSRF token, wrote the session or queued a message: rendered every time."""
    from portal.tests import public_page_urls

    public_page_urls.rendered.clear()
    for _ in range(2):
        response = Client().get(f"/_test/{personal}/")
        assert response.status_code == 200
        assert "Age" not in response

    assert public_page_urls.rendered == [personal, personal]


def test_a_stored_page_skips_what_deals_with_a_person_but_keeps_every_header(client, course_factory):
    course = course_factory()
    first = client.get(f"/kurse/{course.pk}/")
    second = client.get(f"/kurse/{course.pk}/")

    assert "Age" in second
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Language"):
        assert second[header] == first[header], header
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_pages_still_render_with_the_cache_down(client, course_factory, redis_down):
    course = course_factory(title="Kurs bei Cache-Ausfall")

    assert "Kurs bei Cache-Ausfall" in _detail(client, course)
    assert "Kurs bei Cache-Ausfall" in _detail(client, course)
    assert client.get("/").status_code == 200
