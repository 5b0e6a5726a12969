"""Redis is a cache, not a dependency of correctness: with it unreachable, every action of a user succeeds,
nothing they did is lost, rate limits still bite (per web process), operations learn of it from the log
and /healthz, and once Redis answers again the portal uses it again without serving anything stale."""

import contextlib
import logging
import socket
import threading
import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD
from accounts.tests.helpers import LOGIN_URL, MY_PORTAL_URL, RESET_URL, SIGNUP_URL, signup_data, text
from businesses.models import Membership, Pin
from businesses.tests.factories import BusinessFactory, PinFactory
from courses.models import Booking
from courses.tests.factories import CourseFactory
from notifications.models import OutboundEmail
from portal import cache as portal_cache
from portal.rate_limits import counter_hit

pytestmark = pytest.mark.django_db

WRONG_LOGIN = "Die E-Mail-Adresse und/oder das Passwort sind leider falsch."


# --- Every action a user takes works, and keeps what it wrote ---------------------------------


def test_signup_creates_the_account_and_its_activation_mail(
    client, redis_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data(), follow=True)

    assert response.status_code == 200
    assert "m***@example.de" in text(response)
    user = User.objects.get(email="maria.musterfrau@example.de")
    [row] = OutboundEmail.objects.all()
    assert (row.to, row.status) == (user.email, OutboundEmail.Status.SENT)
    assert [mail.to for mail in mailoutbox] == [[user.email]]


def test_login_opens_my_portal_and_the_session_is_kept_in_the_database(client, user, redis_down):
    response = client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == MY_PORTAL_URL
    assert client.get(MY_PORTAL_URL).status_code == 200
    assert Session.objects.filter(session_key=client.session.session_key).exists()
    user.refresh_from_db()
    assert user.last_login is not None


def test_password_reset_sends_the_reset_link(client, user, redis_down, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET_URL, {"email": user.email}, follow=True)

    assert response.status_code == 200
    [row] = OutboundEmail.objects.all()
    assert (row.to, row.template) == (user.email, "account/email/password_reset_key")
    [mail] = mailoutbox
    assert "/accounts/password/reset/key/" in mail.body


def test_pin_request_writes_the_pin_and_its_mail(client, redis_down, mailoutbox, django_capture_on_commit_callbacks):
    business = BusinessFactory(email="info@elektro-muster.de")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/betrieb/pin-anfordern/", {"betriebsnummer": business.betriebsnummer})

    assert response.status_code == 302
    assert "Ihre Anfrage ist eingegangen" in text(client.get(response["Location"]))
    assert Pin.objects.filter(business=business).count() == 1
    assert OutboundEmail.objects.filter(to="info@elektro-muster.de").exists()
    assert [mail.to for mail in mailoutbox] == [["info@elektro-muster.de"]]


def test_pin_redeem_links_the_account(client_logged_in, user, redis_down, django_capture_on_commit_callbacks):
    business = BusinessFactory()
    pin = PinFactory(business=business, clear="ABCDEFGH")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(
            "/betrieb/verknuepfen/", {"betriebsnummer": business.betriebsnummer, "filialnummer": "", "pin": "abcd-efgh"}
        )

    membership = Membership.objects.get(user=user, business=business)
    assert response.status_code == 302
    assert response["Location"] == f"/betrieb/verknuepfung/{membership.pk}/"
    assert membership.status == Membership.Status.ACTIVE
    pin.refresh_from_db()
    assert pin.used_by == user


def test_booking_is_confirmed_and_mailed(
    client_logged_in, user, redis_down, mailoutbox, django_capture_on_commit_callbacks
):
    course = CourseFactory(title="Schweißen kompakt")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(
            reverse("courses:book", args=[course.pk]),
            {"step": "confirm", "booking_for": "self", "billing_address": "Hauptstraße 1, 12345 Musterstadt"},
            follow=True,
        )

    assert "Ihre Buchung für Schweißen kompakt" in text(response)
    booking = Booking.objects.get()
    assert (booking.booked_by, booking.status) == (user, Booking.Status.CONFIRMED)
    assert [mail.to for mail in mailoutbox] == [[user.email]]


# --- Degraded, not open: limits bite per process ----------------------------------------------


def test_failed_logins_are_still_limited(client, user, redis_down):
    for _attempt in range(5):
        assert WRONG_LOGIN in text(client.post(LOGIN_URL, {"login": user.email, "password": "Falsches-Passwort-1"}))

    response = client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD})

    assert "Zu viele fehlgeschlagene Anmeldeversuche" in text(response)
    assert client.get(MY_PORTAL_URL).status_code == 302


def test_the_portals_own_counters_keep_counting(redis_down):
    counts = [counter_hit("tests.outage", "203.0.113.7", window=60) for _hit in range(3)]

    assert counts == [1, 2, 3]


def test_the_stand_in_keeps_small_values_only(redis_down):
    # Counters and rate-limit histories, not rendered pages: no web process grows by a page per URL.
    cache.set("counter", 7)
    cache.set("page", "<html>" + "x" * 20_000)

    assert cache.get("counter") == 7
    assert cache.get("page") is None


# --- Operations see it ------------------------------------------------------------------------


def test_the_outage_is_logged_once_not_per_request_and_healthz_answers_503(client, user, redis_down, caplog):
    with caplog.at_level(logging.INFO, logger="portal.cache"):
        for _attempt in range(3):
            assert client.post(LOGIN_URL, {"login": user.email, "password": "Falsch-123456"}).status_code == 200
        response = client.get("/healthz")

    [warning] = [record for record in caplog.records if record.name == "portal.cache"]
    assert warning.levelno == logging.WARNING
    assert "127.0.0.1:9" in warning.getMessage()
    assert "unreachable" in warning.getMessage()
    assert response.status_code == 503
    assert (response.json()["database"], response.json()["cache"]) == ("ok", "error")


# --- A dead Redis is not asked on every call --------------------------------------------------


@pytest.fixture
def silent_server():
    """Accepts connections and never answers, like a Redis behind a dropping firewall."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    location = f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    yield location
    portal_cache.forget_state(location)
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_a_redis_that_does_not_answer_costs_one_timeout_not_one_per_call(settings, silent_server):
    settings.CACHES = {
        alias: {**config, "LOCATION": silent_server, "OPTIONS": {"socket_timeout": 0.5}}
        for alias, config in settings.CACHES.items()
    }

    started = time.monotonic()
    for number in range(20):
        cache.set(f"value-{number}", number)
    values = [cache.get(f"value-{number}") for number in range(20)]

    # Without the circuit breaker: 40 calls × 0.5 s.
    assert time.monotonic() - started < 5
    assert values == list(range(20))


# --- Redis comes back -------------------------------------------------------------------------


class Forwarder:
    """A TCP port in front of the real Redis that can be switched off (outage) and on again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        probe = socket.create_server(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.server: socket.socket | None = None
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()

    def on(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def off(self) -> None:
        self.server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept(); close() alone does not
        self.server.close()
        with self.lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self.connections.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client = server.accept()[0]
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


@pytest.fixture
def flaky_redis(settings):
    """The real Redis (same database) behind a Forwarder; the circuit breaker tries again after 0.1 s."""
    from redis.connection import parse_url

    real = parse_url(settings.CACHES["default"]["LOCATION"])
    forwarder = Forwarder((real.get("host", "127.0.0.1"), real.get("port", 6379)))
    location = f"redis://127.0.0.1:{forwarder.port}/{real.get('db', 0)}"
    settings.CACHES = {
        alias: {
            **config,
            "LOCATION": location,
            "OPTIONS": {**config.get("OPTIONS", {}), "outage_retry_seconds": 0.1},
        }
        for alias, config in settings.CACHES.items()
    }
    forwarder.on()
    yield forwarder
    forwarder.off()
    portal_cache.forget_state(location)


def test_after_the_outage_counters_live_in_redis_again(flaky_redis):
    assert counter_hit("tests.flaky", "x", window=60) == 1
    flaky_redis.off()
    assert counter_hit("tests.flaky", "x", window=60) == 1  # this process's stand-in, empty at first

    flaky_redis.on()
    time.sleep(0.2)

    assert counter_hit("tests.flaky", "x", window=60) == 2  # Redis again, with what it held


def test_a_logout_during_the_outage_stays_a_logout_after_it(client, user, flaky_redis):
    client.force_login(user)
    assert client.get(MY_PORTAL_URL).status_code == 200
    old_session = client.cookies["sessionid"].value
    flaky_redis.off()

    assert client.post("/accounts/logout/").status_code == 302

    flaky_redis.on()
    time.sleep(0.2)
    # Redis still holds the copy of the session from before the outage; it must not log anyone in again.
    client.cookies["sessionid"] = old_session
    assert client.get(MY_PORTAL_URL).status_code == 302
