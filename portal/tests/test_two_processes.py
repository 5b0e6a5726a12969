"""The web tier keeps no state of its own: two web processes on different ports, against the same
PostgreSQL and Redis, behave as one portal (DESIGN.md, "Scale beyond one machine").

A session made on one process is used on the other; a booking made through one shows in the places an
anonymous visitor sees on both within PUBLIC_PAGE_CACHE_SECONDS (the only way public pages get fresh,
portal.caching); a member removed through one process is refused on the very next request to the other.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings

from accounts.tests.factories import DEFAULT_PASSWORD
from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the servers must see what the test writes

PAGE_SECONDS = 2


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]  # the test database pytest-django created
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_web_processes():
    """Two `manage.py runserver` processes with the production settings, each in its own process."""
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), "run with DATABASE_URL (PostgreSQL)"
    assert settings.REDIS_URL, "run with REDIS_URL"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": "two-processes-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "COOKIE_SECURE": "false",
        "STATIC_MANIFEST": "false",
        "DATABASE_URL": _database_url(),
        "DATABASE_POOL": "false",
        "PUBLIC_PAGE_CACHE_SECONDS": str(PAGE_SECONDS),
        "LOG_LEVEL": "WARNING",
    }
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 60
        for base, server in zip(bases, servers, strict=True):
            while True:
                assert server.poll() is None, f"the web process at {base} ended"
                try:
                    with urllib.request.urlopen(base + "/impressum/", timeout=5):
                        break
                except OSError:
                    assert time.monotonic() < deadline, f"the web process at {base} did not answer within 60 s"
                    time.sleep(0.2)
        yield bases
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: its cookies go to both processes (cookies are per host, not per port)."""

    def __init__(self) -> None:
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects())

    def get(self, url: str) -> tuple[int, str, str]:
        """Status, body and Location (for a redirect)."""
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(), answer.headers.get("Location", "")

    def post(self, url: str, data: dict) -> tuple[int, str]:
        """POST with the CSRF token of the form page at `url`; status and Location."""
        _status, html, _location = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, ""
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", "")

    def log_in(self, base: str, email: str) -> None:
        status, location = self.post(base + "/accounts/login/", {"login": email, "password": DEFAULT_PASSWORD})
        assert status == 302, f"login on {base} answered {status}"
        assert "/accounts/login/" not in location


def test_a_session_made_on_one_process_is_used_on_the_other(two_web_processes, user_factory):
    first, second = two_web_processes
    user = user_factory(first_name="Zweiprozess", last_name="Kundin")
    browser = Browser()

    browser.log_in(first, user.email)

    status, html, _ = browser.get(second + "/mein-portal/")
    assert status == 200
    assert "Zweiprozess Kundin" in html
    assert browser.post(second + "/accounts/logout/", {})[0] == 302
    status, _html, location = browser.get(first + "/mein-portal/")
    assert status == 302
    assert location.startswith("/accounts/login/")


def test_a_booking_on_one_process_shows_to_anonymous_visitors_of_both_within_the_bound(two_web_processes, user_factory):
    first, second = two_web_processes
    course = CourseFactory(capacity=2)
    visitor = Browser()
    for base in (first, second):  # both processes now hold the page
        assert "noch 2 Plätze" in visitor.get(f"{base}/kurse/{course.pk}/")[1]
    customer = Browser()
    customer.log_in(first, user_factory().email)

    status, location = customer.post(
        f"{first}/kurse/{course.pk}/buchen/",
        {"booking_for": "self", "step": "confirm", "billing_address": "Hauptstraße 1, 12345 Musterstadt"},
    )
    assert (status, location) == (302, "/kurse/meine-buchungen/")
    booked = time.monotonic()

    for base in (first, second):
        while "noch 1 Platz" not in visitor.get(f"{base}/kurse/{course.pk}/")[1]:
            assert time.monotonic() - booked < PAGE_SECONDS + 1.5, f"{base} still shows the old places"
            time.sleep(0.1)


def test_a_member_removed_through_one_process_is_refused_by_the_other_on_the_next_request(
    two_web_processes, user_factory
):
    first, second = two_web_processes
    business = BusinessFactory(name="Zweiprozess Tischlerei GmbH")
    admin = MembershipFactory(business=business, role=Membership.Role.ADMIN, user=user_factory())
    member = MembershipFactory(business=business, role=Membership.Role.MEMBER, user=user_factory())
    admin_browser, member_browser = Browser(), Browser()
    admin_browser.log_in(first, admin.user.email)
    member_browser.log_in(second, member.user.email)
    assert member_browser.get(second + "/betrieb/verlassen/")[0] == 200
    assert "Zweiprozess Tischlerei GmbH" in member_browser.get(second + "/betrieb/")[1]

    status, _ = admin_browser.post(f"{first}/betrieb/mitglieder/{member.pk}/entfernen/", {"reason": "Ausgeschieden"})
    assert status == 302

    for base in (second, first):
        status, _html, location = member_browser.get(base + "/betrieb/verlassen/")
        assert (status, location) == (302, "/betrieb/verknuepfen/")
        assert "Zweiprozess Tischlerei GmbH" not in member_browser.get(base + "/betrieb/")[1]
