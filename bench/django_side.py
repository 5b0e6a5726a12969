"""The benchmark's steps that need Django: seeding, sessions, query counts, HTTP workflows.

Called by bench/run.py as `python -m bench.django_side <command> [args]`; prints one JSON line last.
"""

import json
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402

BENCH_PASSWORD = "Bench-Passwort-2026"
LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def out(data) -> None:
    print(json.dumps(data, default=str))


# --- database ------------------------------------------------------------------------------------


def recreate_db() -> dict:
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
    return {"database": db["NAME"]}


# --- seeding -------------------------------------------------------------------------------------


def _seed_users(target: int) -> None:
    from allauth.account.models import EmailAddress

    have = User.objects.filter(email__startswith="bench-user-").count()
    if have >= target:
        return
    password = make_password(BENCH_PASSWORD)  # hashed once: Argon2 per row would take hours
    now = timezone.now()
    batch = [
        User(
            email=f"bench-user-{n}@example.de",
            first_name="Bench",
            last_name=f"Nutzer {n}",
            password=password,
            salutation=User.Salutation.NONE,
            privacy_accepted_at=now,
        )
        for n in range(have, target)
    ]
    users = User.objects.bulk_create(batch, batch_size=2000)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=2000
    )


def _seed_businesses(target: int) -> None:
    from businesses.models import Business, Membership

    have = Business.objects.filter(name__startswith="Bench-Betrieb").count()
    if have >= target:
        return
    batch = [
        Business(
            betriebsnummer=f"{9000000 + n:07d}",
            filialnummer="",
            name=f"Bench-Betrieb {n}",
            legal_form="GmbH",
            trade="Tischler",
            street="Werkstattweg 1",
            postal_code="12345",
            city="Musterstadt",
            email=f"betrieb-{n}@example.de",
        )
        for n in range(have, target)
    ]
    businesses = Business.objects.bulk_create(batch, batch_size=2000)
    users = list(User.objects.filter(email__startswith="bench-user-").order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    memberships = [
        Membership(
            user_id=users[(index * 5) % len(users)],
            business=business,
            role=Membership.Role.ADMIN,
            status=Membership.Status.ACTIVE,
            activated_at=now,
        )
        for index, business in enumerate(businesses)
    ]
    Membership.objects.bulk_create(memberships, batch_size=2000, ignore_conflicts=True)


SEEDERS = [("users", _seed_users), ("businesses", _seed_businesses)]


def seed(spec: str) -> dict:
    volume = json.loads(spec)
    timings = {}
    for key, seeder in SEEDERS:
        started = time.monotonic()
        seeder(volume[key])
        timings[key] = round(time.monotonic() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"seeded": volume, "seconds": timings}


# --- pages, sessions, query counts ---------------------------------------------------------------


def _session_cookie(user: User) -> str:
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = LOGIN_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _bench_users() -> dict[str, User]:
    """A customer without business link and a business admin, both from the seeded volume."""
    from businesses.models import Membership

    admin = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, role=Membership.Role.ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    customer = (
        User.objects.filter(email__startswith="bench-user-", business_memberships__isnull=True).order_by("pk").first()
    )
    return {"customer": customer, "business": admin}


def _pages() -> dict[str, dict]:
    """Each measured page: URL and which user requests it."""
    from django.urls import reverse

    pages = {
        "floor (bare 'ok' view)": {"url": reverse("bench_floor"), "user": None},
        "start page": {"url": reverse("portal:home"), "user": None},
        "Mein Portal": {"url": reverse("portal:my_portal"), "user": "customer"},
        "Mein Betrieb": {"url": reverse("businesses:mine"), "user": "business"},
    }
    return pages


def fixtures() -> dict:
    users = _bench_users()
    cookies = {role: _session_cookie(user) for role, user in users.items()}
    return {
        "pages": {
            name: {"url": page["url"], "cookie": cookies[page["user"]] if page["user"] else ""}
            for name, page in _pages().items()
        }
    }


def queries() -> dict:
    users = _bench_users()
    counts = {}
    for name, page in _pages().items():
        client = Client(HTTP_HOST="127.0.0.1")
        if page["user"]:
            client.force_login(users[page["user"]], backend=LOGIN_BACKEND)
        client.get(page["url"])  # warm caches that are filled once per process
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["url"])
        if response.status_code != 200:
            raise SystemExit(f"{name} answered {response.status_code}")
        counts[name] = len(captured)
    return counts


# --- HTTP workflows against the running stack ---------------------------------------------------

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Just enough of a browser for form posts: cookies and the CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode()

    def post_form(self, path: str, data: dict, *, form_page: str | None = None) -> tuple[int, float]:
        _status, html = self.get(form_page or path)
        token = _CSRF.search(html).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        started = time.monotonic()
        with self.opener.open(request, timeout=60) as response:
            response.read()
            return response.status, time.monotonic() - started


def signup_timing(base: str, count: str) -> dict:
    durations = []
    stamp = int(time.time() * 1000)
    for n in range(int(count)):
        browser = Browser(base)
        _status, seconds = browser.post_form(
            "/accounts/signup/",
            {
                "salutation": "frau",
                "first_name": "Lasttest",
                "last_name": f"Nr {n}",
                "email": f"signup-{stamp}-{n}@example.de",
                "privacy_consent": "on",
            },
        )
        durations.append(seconds)
    return {"count": len(durations), "median": statistics.median(durations), "max": max(durations)}


COMMANDS = {
    "recreate_db": recreate_db,
    "seed": seed,
    "fixtures": fixtures,
    "queries": queries,
    "signup_timing": signup_timing,
}

if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    out(COMMANDS[command](*arguments))
