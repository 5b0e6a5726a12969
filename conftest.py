"""Fixtures shared by every app's tests."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate limits and sessions live in the cache (Redis in CI), pages and fragments in this process
    # (portal.caching): each test starts with none.
    from portal.caching import clear_local

    cache.clear()
    clear_local()
    yield
    cache.clear()
    clear_local()


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks run in-process unless a test asks for the real worker (`celery_worker`)."""
    eager = "celery_worker" not in request.fixturenames
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in a thread of this process, consuming from the real broker (Redis in CI)."""
    from celery.contrib.testing.worker import start_worker

    if celery_app.conf.broker_url.startswith("memory://"):
        pytest.fail("The real-worker tests need CELERY_BROKER_URL (Redis); run them through `make test`.")
    celery_app.control.purge()
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING") as worker:
        yield worker


@contextlib.contextmanager
def _celery_broker_at(url: str):
    """Point the Celery app at `url` (tasks not eager), then put everything back."""
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("broker_url", "broker_write_url", "task_always_eager")}

    def drop_connections():
        # Pooled connections and producers (kombu keeps them per URL, process-wide) would otherwise
        # keep talking to the real broker, or hand out closed connections afterwards.
        from kombu import pools

        pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    drop_connections()
    conf.broker_url = conf.broker_write_url = url
    conf.task_always_eager = False
    try:
        yield
    finally:
        drop_connections()
        for key, value in saved.items():
            conf[key] = value


@pytest.fixture
def broker_at():
    """`with broker_at(url):` runs the block with the Celery app publishing to another broker."""
    return _celery_broker_at


@pytest.fixture
def broker_down():
    """No broker listens: publishing a task fails at once (connection refused)."""
    with _celery_broker_at("redis://127.0.0.1:9/0"):
        yield


BROKER_HUNG_SECONDS = 60


@pytest.fixture
def broker_hung():
    """A broker that accepts connections and never answers (overloaded, half dead)."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_stay_silent():
        server.settimeout(0.2)
        # Held for a minute: a request without a socket timeout would wait that long (and then fail its
        # test) instead of hanging the suite; with the timeout it gives up after a few seconds.
        deadline = time.monotonic() + BROKER_HUNG_SECONDS
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
        for connection in held:
            connection.close()

    thread = threading.Thread(target=accept_and_stay_silent, daemon=True)
    thread.start()
    with _celery_broker_at(f"redis://127.0.0.1:{server.getsockname()[1]}/0"):
        yield
    stop.set()
    thread.join()
    server.close()


CLOSED_PORT_REDIS = "redis://127.0.0.1:9/0"


@pytest.fixture
def redis_down(settings):
    """Every Redis cache alias pointed at a port where nothing listens, as if Redis were down.

    pytest-django puts CACHES back afterwards, and Django drops the cache connections on every change
    of CACHES, so the next test talks to the real Redis again."""
    from portal import cache as portal_cache

    redis_aliases = {alias for alias, config in settings.CACHES.items() if "Redis" in config["BACKEND"]}
    if not {"default", "sessions"} <= redis_aliases:
        pytest.fail("The Redis outage tests need REDIS_URL (Redis); run them through `make test`.")
    # The caches of rendered pages and fragments live in each process (portal.caching), never in Redis.
    settings.CACHES = {
        alias: {**config, "LOCATION": CLOSED_PORT_REDIS} if alias in redis_aliases else config
        for alias, config in settings.CACHES.items()
    }
    portal_cache.forget_state(CLOSED_PORT_REDIS)
    yield
    portal_cache.forget_state(CLOSED_PORT_REDIS)


@pytest.fixture
def user_factory(db):
    from accounts.tests.factories import UserFactory

    return UserFactory


@pytest.fixture
def user(user_factory):
    return user_factory()


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client


# --- private file storage: the directory and an S3-compatible object store ------------------------------

# The S3-API server of the storage tests: moto's standalone server. `.ci/run` starts one; when none answers
# here, the first test that needs it starts one on this port (and stops it at the end of the session).
S3_TEST_ENDPOINT = os.environ.get("TEST_S3_ENDPOINT_URL", "http://127.0.0.1:5055")
S3_TEST_CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "eu-central-1"}


def _s3_answers(endpoint: str) -> bool:
    try:
        with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=2) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return True  # some S3 server, just not moto's dashboard
    except OSError:
        return False


@pytest.fixture(scope="session")
def s3_endpoint():
    """The URL of a running S3-API server (moto), started here if none answers at TEST_S3_ENDPOINT_URL."""
    endpoint = S3_TEST_ENDPOINT.rstrip("/")
    process = None
    if not _s3_answers(endpoint):
        address = urlsplit(endpoint)
        process = subprocess.Popen(  # a process of its own: the tests measure their own memory
            [sys.executable, "-m", "moto.server", "-H", address.hostname, "-p", str(address.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while not _s3_answers(endpoint):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"No S3 server at {endpoint}, and moto could not be started there.")
            time.sleep(0.2)
    yield endpoint
    if process is not None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_TEST_CREDENTIALS["access_key"],
        aws_secret_access_key=S3_TEST_CREDENTIALS["secret_key"],
        region_name=S3_TEST_CREDENTIALS["region_name"],
    )


@contextlib.contextmanager
def _s3_bucket(endpoint: str):
    """A fresh bucket for one test (parallel test runs share the server), emptied and removed afterwards."""
    client = s3_client(endpoint)
    bucket = f"portal-test-{uuid.uuid4().hex[:20]}"
    client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_TEST_CREDENTIALS["region_name"]}
    )
    try:
        yield bucket
    finally:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for entry in page.get("Contents", []):
                client.delete_object(Bucket=bucket, Key=entry["Key"])
        client.delete_bucket(Bucket=bucket)


@pytest.fixture(params=["filesystem", "s3"])
def storage_backend(request, settings, tmp_path):
    """Runs a test twice: with STORAGES["private"] as the directory (development) and as a bucket of the
    S3-API server (production). Yields the backend's name."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    if request.param == "filesystem":
        yield "filesystem"
        return
    endpoint = request.getfixturevalue("s3_endpoint")
    with _s3_bucket(endpoint) as bucket:
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {
                "BACKEND": "portal.files.PrivateS3Storage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": endpoint,
                    "addressing_style": "path",
                    "signature_version": "s3v4",
                    **S3_TEST_CREDENTIALS,
                },
            },
        }
        yield "s3"


# --- Chamber staff and the admin ------------------------------------------------------------------


def staff_login(client, user, *, secret: str | None = None) -> str:
    """Log the staff `user` into the test `client` the way the staff policy accepts; returns the TOTP secret.

    Chamber staff open the admin only with a second factor used in this very session
    (accounts.middleware.StaffSecondFactorMiddleware). This helper does what a member of staff does,
    with nothing switched off: the user gets a real authenticator app (a TOTP authenticator with
    `secret`, made up when not given; an existing one is reused), the client logs in, and then
    confirms with the app's current code — computed here with pyotp, as the phone would — on
    allauth's "confirm it is you" page. Afterwards `client.get("/admin/…")` works like in production.

    Use it for every admin test: the fixtures `staff_client` (a superuser) and `admin_client`
    (pytest-django's, overridden below) call it; for another staff user (say one with only some
    permissions) call it yourself:

        staff = user_factory(is_staff=True)
        staff.user_permissions.add(...)
        staff_login(client, staff)

    A test that needs the code itself (e.g. a second confirmation) can compute it from the returned
    secret with `pyotp.TOTP(secret).now()`.
    """
    import pyotp
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from allauth.mfa.utils import decrypt
    from django.urls import reverse

    assert user.is_staff, "staff_login is for staff users; log other people in with client.force_login"
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is None:
        secret = secret or pyotp.random_base32()
        existing = TOTP.activate(user, secret).instance
    else:
        secret = decrypt(existing.data["secret"])
    client.force_login(user)
    code = pyotp.TOTP(secret).now()
    # allauth refuses a code used before (replay); a second login of the same person in the same 30
    # seconds (two browsers in one test) would be refused for that reason alone.
    cache.delete(TOTP(existing)._get_used_cache_key(code))
    response = client.post(reverse("mfa_reauthenticate"), {"code": code})
    assert response.status_code == 302, f"second-factor confirmation failed: {response.status_code}"
    return secret


@pytest.fixture
def staff_user(user_factory):
    """A member of the chamber's staff with every permission (superuser), no second factor yet."""
    return user_factory(
        email="sachbearbeitung@hwk.example",
        first_name="Sabine",
        last_name="Sachbearbeiter",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def staff_client(client, staff_user):
    """`client`, logged in as `staff_user` with a second factor: ready for /admin/ (see staff_login)."""
    staff_login(client, staff_user)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's `admin_client`, logged in the way the staff policy accepts (see staff_login)."""
    staff_login(client, admin_user)
    return client
