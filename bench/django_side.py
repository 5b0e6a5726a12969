"""The benchmark's steps that need Django: seeding, sessions, query counts, HTTP workflows.

Called by bench/run.py as `python -m bench.django_side <command> [args]`; prints one JSON line last.
"""

import json
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from decimal import Decimal
from http.cookiejar import Cookie, CookieJar

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
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


PLACES = ["Musterstadt", "Nordstadt", "Südhausen", "Westerfeld"]
TOPICS = [
    "Elektrotechnik",
    "Tischler",
    "Kfz-Technik",
    "Sanitär",
    "Betriebswirtschaft",
    "Ausbildereignung",
    "Dachdecker",
]


def _seed_courses(target: int, bookings_per_course: int) -> None:
    from courses.models import Booking, Course, CourseDate

    have = Course.objects.filter(number__startswith="BENCH-").count()
    if have >= target:
        return
    now = timezone.now()
    categories = [choice for choice, _label in Course.Category.choices]
    courses = Course.objects.bulk_create(
        [
            Course(
                title=f"{TOPICS[n % len(TOPICS)]} – Lehrgang {n}",
                number=f"BENCH-{n:05d}",
                category=categories[n % len(categories)],
                description=f"Praxisnaher Lehrgang zu {TOPICS[n % len(TOPICS)]} mit Prüfungsvorbereitung.",
                teaching_hours=40,
                price=Decimal("490.00") + n % 50,
                place=PLACES[n % len(PLACES)],
                capacity=20,
                booking_deadline=now + timedelta(days=10 + n % 200),
                is_published=True,
            )
            for n in range(have, target)
        ],
        batch_size=1000,
    )
    CourseDate.objects.bulk_create(
        [
            CourseDate(
                course=course,
                start=course.booking_deadline + timedelta(days=3 + day),
                end=course.booking_deadline + timedelta(days=3 + day, hours=8),
                room="Raum 1",
            )
            for course in courses
            for day in range(2)
        ],
        batch_size=2000,
    )
    from courses.services import course_dates_summary_refresh

    course_dates_summary_refresh(course_ids=[course.pk for course in courses])  # bulk_create sends no signals
    users = list(User.objects.filter(email__startswith="bench-user-").order_by("pk")[:5000])
    Booking.objects.bulk_create(
        [
            Booking(
                course=course,
                booked_by=users[(index * 7 + k) % len(users)],
                participant_name=users[(index * 7 + k) % len(users)].last_name,
                participant_email=users[(index * 7 + k) % len(users)].email,
                status=Booking.Status.CONFIRMED,
                confirmed_at=now,
            )
            for index, course in enumerate(courses)
            for k in range(bookings_per_course)
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def _seed_forms(target_forms: int, target_submissions: int) -> None:
    from forms_catalog.models import FormDefinition, FormField, Submission

    have = FormDefinition.objects.filter(slug__startswith="bench-").count()
    if have < target_forms:
        forms = FormDefinition.objects.bulk_create(
            [
                FormDefinition(
                    title=f"Antrag {n}: Bescheinigung",
                    slug=f"bench-{n}",
                    description="Antrag auf Ausstellung einer Bescheinigung.",
                    audience=FormDefinition.Audience.ANY_USER if n % 4 else FormDefinition.Audience.BUSINESS,
                    is_active=True,
                )
                for n in range(have, target_forms)
            ]
        )
        FormField.objects.bulk_create(
            [
                FormField(form=form, position=position, key=key, label=label, field_type=kind, required=True)
                for form in forms
                for position, (key, label, kind) in enumerate(
                    [("name", "Name", FormField.Type.SHORT_TEXT), ("anliegen", "Anliegen", FormField.Type.LONG_TEXT)]
                )
            ]
        )
    have_submissions = Submission.objects.filter(reference__startswith="B-").count()
    if have_submissions >= target_submissions:
        return
    forms = list(FormDefinition.objects.filter(slug__startswith="bench-").order_by("pk"))
    users = list(User.objects.filter(email__startswith="bench-user-").order_by("pk").values_list("pk", flat=True))
    snapshot = [
        {"key": "name", "label": "Name", "type": "text"},
        {"key": "anliegen", "label": "Anliegen", "type": "textarea"},
    ]
    Submission.objects.bulk_create(
        [
            Submission(
                reference=f"B-{n:08d}",
                form=forms[n % len(forms)],
                form_version=1,
                form_title=forms[n % len(forms)].title,
                fields_snapshot=snapshot,
                values={"name": f"Nutzer {n}", "anliegen": "Bitte um Bescheinigung."},
                user_id=users[n % len(users)],
            )
            for n in range(have_submissions, target_submissions)
        ],
        batch_size=2000,
    )


def _seed_contracts(target: int) -> None:
    """Apprenticeship contracts: every tenth for the business whose administrator requests "Meine Lehrverträge"
    (a large training business: 2 000 at large volume), the rest spread over all businesses; one in review
    for the admin's review page."""
    from businesses.models import Business
    from contracts import rules
    from contracts.models import ApprenticeshipContract, Occupation, Trainer

    have = ApprenticeshipContract.objects.filter(reference__startswith="LV-BENCH-").count()
    if have >= target:
        return
    businesses = list(
        Business.objects.filter(name__startswith="Bench-Betrieb").order_by("pk").values_list("pk", flat=True)
    )
    first = businesses[0]
    trainer, _created = Trainer.objects.get_or_create(
        business_id=first, first_name="Bench", last_name="Ausbilder", defaults={"qualification": "Meisterprüfung"}
    )
    occupations = list(Occupation.objects.order_by("pk"))
    statuses = [status for status, _label in ApprenticeshipContract.Status.choices]
    now = timezone.now()
    contracts = []
    for n in range(have, target):
        occupation = occupations[n % len(occupations)]
        start = date(2026, 8, 1)
        end = rules.training_end(start, occupation.duration_months)
        contract = ApprenticeshipContract(
            business_id=first if n % 10 == 0 else businesses[n % len(businesses)],
            training_site_id=first if n % 10 == 0 else None,
            reference=f"LV-BENCH-{n:07d}",
            status=statuses[n % len(statuses)] if n else ApprenticeshipContract.Status.IN_REVIEW,
            status_changed_at=now - timedelta(days=n % 40),
            submitted_at=now - timedelta(days=n % 40),
            ba_betriebsnummer="12345678",
            apprentice_first_name=["Lena", "Tim", "Mia", "Paul", "Emma"][n % 5],
            apprentice_last_name=f"Azubi {n}",
            apprentice_birth_date=date(2006, 1 + n % 12, 1 + n % 28),
            apprentice_street="Lehrweg 1",
            apprentice_postal_code="12345",
            apprentice_city="Musterstadt",
            apprentice_school_qualification="mittlerer",
            occupation=occupation,
            start_date=start,
            probation_months=4,
            daily_hours=Decimal("8"),
            weekly_hours=Decimal("40"),
            days_per_week=5,
            remuneration=["724.00", "854.00", "977.00", "1014.00"][: -(-occupation.duration_months // 12)],
            holiday=[9, 20, 20, 20, 20][: len(rules.calendar_years(start, end))],
            trainer_id=trainer.pk if n % 10 == 0 else None,
            record_form="electronic",
            duration_months=occupation.duration_months,
            end_date=end,
        )
        contracts.append(contract)
    ApprenticeshipContract.objects.bulk_create(contracts, batch_size=2000)


def _seed_documents(target: int) -> None:
    """The Postfach of the bench business (the one `_bench_users` logs in for): `target` documents in both
    directions, half of those from the chamber unread. Rows only: the page lists no file contents."""
    from businesses.models import Membership
    from documents.models import Department, Document

    membership = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, role=Membership.Role.ADMIN).order_by("pk").first()
    )
    have = Document.objects.filter(business_id=membership.business_id).count()
    if have >= target:
        return
    departments = list(Department.objects.order_by("pk"))
    now = timezone.now()
    Document.objects.bulk_create(
        [
            Document(
                business_id=membership.business_id,
                direction=Document.Direction.FROM_CHAMBER if n % 2 else Document.Direction.TO_CHAMBER,
                department=departments[n % len(departments)],
                subject=f"Bescheinigung {n}",
                created_at=now - timedelta(minutes=n),
                read_at=None if n % 4 == 1 else now,
                file_count=1,
                total_bytes=250_000,
            )
            for n in range(have, target)
        ],
        batch_size=2000,
    )


SEEDERS = [
    ("users", lambda volume: _seed_users(volume["users"])),
    ("businesses", lambda volume: _seed_businesses(volume["businesses"])),
    ("courses", lambda volume: _seed_courses(volume["courses"], volume["bookings_per_course"])),
    ("forms", lambda volume: _seed_forms(volume["forms"], volume["submissions"])),
    ("contracts", lambda volume: _seed_contracts(volume["contracts"])),
    ("documents", lambda volume: _seed_documents(volume.get("documents", 0))),
]


def seed(spec: str) -> dict:
    volume = json.loads(spec)
    timings = {}
    for key, seeder in SEEDERS:
        started = time.monotonic()
        seeder(volume)
        timings[key] = round(time.monotonic() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"seeded": volume, "seconds": timings}


# --- pages, sessions, query counts ---------------------------------------------------------------


def _session_cookie(user: User) -> str:
    if user.is_staff:  # the admin wants a session that used the second factor: log in like a clerk
        cookie = _staff_client(user).cookies[settings.SESSION_COOKIE_NAME]
        return f"{settings.SESSION_COOKIE_NAME}={cookie.value}"
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = LOGIN_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _staff_client(user: User) -> Client:
    """A client logged in as chamber staff the way the admin accepts it: with the second factor used in the
    session (accounts.middleware.StaffSecondFactorMiddleware) — the authenticator app's code, as a clerk
    would type it (pyotp, from the test requirements)."""
    import pyotp
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from allauth.mfa.utils import decrypt
    from django.core.cache import cache
    from django.urls import reverse

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    secret = decrypt(existing.data["secret"]) if existing else pyotp.random_base32()
    if existing is None:
        existing = TOTP.activate(user, secret).instance
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend=LOGIN_BACKEND)
    code = pyotp.TOTP(secret).now()
    cache.delete(TOTP(existing)._get_used_cache_key(code))  # a code works once; the bench logs in twice
    response = client.post(reverse("mfa_reauthenticate"), {"code": code})
    if response.status_code != 302:
        raise SystemExit(f"second factor for {user.email} refused ({response.status_code})")
    return client


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
    staff, _created = User.objects.get_or_create(
        email="bench-staff@example.de", defaults={"is_staff": True, "is_superuser": True, "first_name": "Bench"}
    )
    return {"customer": customer, "business": admin, "staff": staff}


def _pages() -> dict[str, dict]:
    """Each measured page: URL and which user requests it."""
    from django.urls import reverse

    from courses.models import Course

    course = Course.objects.filter(number__startswith="BENCH-").order_by("pk").first()
    # Search term, category and place of one seeded course, so the page shows results at every volume.
    term = course.title.split(" – ")[0]
    search = (
        reverse("courses:catalog")
        + "?"
        + urllib.parse.urlencode({"q": term, "category": course.category, "place": course.place})
    )
    floor, logged_in_floor = "floor (bare 'ok' view)", "logged-in floor (base layout only)"
    anonymous = {"user": None, "reference": floor, "target": 0.8}
    logged_in = {"reference": logged_in_floor, "target": 0.6}
    return {
        floor: {"url": reverse("bench_floor"), "user": None, "reference": None},
        "start page": {"url": reverse("portal:home"), **anonymous},
        "course catalog (search + filter)": {"url": search, **anonymous, "target_rendered": 0.25},
        "course detail": {"url": reverse("courses:detail", args=[course.pk]), **anonymous},
        # bench/urls.py: behind login, the base layout and nothing else — what every logged-in page pays.
        logged_in_floor: {"url": reverse("bench_layout"), "user": "customer", "reference": floor, "target": 0.4},
        "Mein Portal": {"url": reverse("portal:my_portal"), "user": "customer", **logged_in},
        "Mein Betrieb": {"url": reverse("businesses:mine"), "user": "business", **logged_in},
        "forms catalog": {"url": reverse("forms_catalog:catalog"), "user": "business", **logged_in},
        "Meine Buchungen": {"url": reverse("courses:my_bookings"), "user": "business", **logged_in},
        "Meine Lehrverträge": {"url": reverse("contracts:list"), "user": "business", **logged_in},
        "contract review (admin)": {"url": _contract_review_url(), "user": "staff", **logged_in},
        "Postfach": {"url": reverse("documents:list"), "user": "business", **logged_in},
    }


def _contract_review_url() -> str:
    from django.urls import reverse

    from contracts.models import ApprenticeshipContract

    contract = ApprenticeshipContract.objects.get(reference="LV-BENCH-0000000")
    return reverse("admin:contracts_apprenticeshipcontract_change", args=[contract.pk])


def fixtures() -> dict:
    users = _bench_users()
    cookies = {role: _session_cookie(user) for role, user in users.items()}
    return {
        "pages": {
            name: {**page, "cookie": cookies[page["user"]] if page["user"] else ""} for name, page in _pages().items()
        }
    }


def queries() -> dict:
    users = _bench_users()
    counts = {}
    for name, page in _pages().items():
        # With the page cache on, an anonymous page's second request makes no query at all: count what
        # rendering the page costs.
        client = Client(HTTP_HOST="127.0.0.1")
        if page["user"] == "staff":
            client = _staff_client(users["staff"])
        elif page["user"]:
            client.force_login(users[page["user"]], backend=LOGIN_BACKEND)
        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
            client.get(page["url"])  # warm caches that are filled once per process
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page["url"])
        if response.status_code != 200:
            raise SystemExit(f"{name} answered {response.status_code}")
        counts[name] = len(captured)
    return counts


def jobboard_search(where: str, radius: str, text: str) -> dict:
    """The board's search URL for an occupation that has postings near `where`, and the SQL queries one
    rendering of it makes (bench/jobboard.py)."""
    from django.db.models import Count
    from django.urls import reverse

    from jobboard.models import Vacancy
    from jobboard.selectors import SearchCriteria, vacancy_search

    near = vacancy_search(SearchCriteria.from_params({"where": where, "radius": radius}))
    top = near.values("occupation").annotate(n=Count("pk")).order_by("-n", "occupation").first()
    params = {"where": where, "radius": radius, "occupation": top["occupation"] if top else "", "q": text}
    url = reverse("jobboard:search") + "?" + urllib.parse.urlencode(params)
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"search answered {response.status_code}")
    found = vacancy_search(SearchCriteria.from_params(params)).count()
    return {"url": url, "queries": len(captured), "found": found, "postings": Vacancy.objects.count()}


# --- HTTP workflows against the running stack ---------------------------------------------------

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Just enough of a browser for form posts: cookies and the CSRF token."""

    def __init__(self, base: str, *, user: User | None = None) -> None:
        self.base = base
        jar = CookieJar()
        if user is not None:
            name, value = _session_cookie(user).split("=", 1)
            host = urllib.parse.urlsplit(base).hostname
            jar.set_cookie(
                Cookie(0, name, value, None, False, host, False, False, "/", True, False, None, False, None, None, {})
            )
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        self.last_post_started = time.monotonic()
        with self.opener.open(request, timeout=60) as response:
            response.read()
            return response.status

    def post_form(self, path: str, data: dict, *, form_page: str | None = None) -> tuple[int, float]:
        """GET the form for its CSRF token, POST it; returns the status and the POST's duration."""
        _status, html = self.get(form_page or path)
        token = _CSRF.search(html).group(1)
        status = self.post(path, {"csrfmiddlewaretoken": token, **data})
        return status, time.monotonic() - self.last_post_started


def signup_timing(base: str, count: str) -> dict:
    from django.core.cache import cache

    cache.clear()  # the sign-up rate limit (per client address) would stop the second series
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


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]


def pin_latency(base: str, count: str) -> dict:
    """PIN entered in the browser → membership active (the real worker finalises it), per link."""
    from businesses.models import Business, Membership, Pin
    from businesses.pins import pin_display, pin_generate, pin_hash

    stamp = str(int(time.time()))[-5:]
    latencies = []
    for n in range(int(count)):
        business = Business.objects.create(
            betriebsnummer=f"8{n:06d}", name=f"PIN-Bench {n}", email=f"pin-{stamp}-{n}@example.de"
        )
        clear = pin_generate()
        Pin.objects.create(
            business=business,
            pin_hash=pin_hash(clear),
            channel=Pin.Channel.LETTER,
            expires_at=timezone.now() + timedelta(days=30),
        )
        user = User.objects.create_user(email=f"pin-{stamp}-{n}@example.de", password=BENCH_PASSWORD)
        browser = Browser(base, user=user)
        browser.post_form(
            "/betrieb/verknuepfen/", {"betriebsnummer": business.betriebsnummer, "pin": pin_display(clear)}
        )
        started = browser.last_post_started
        while not Membership.objects.filter(user=user, business=business, status=Membership.Status.ACTIVE).exists():
            if time.monotonic() - started > 30:
                raise SystemExit(f"link {n} not active after 30 s")
            time.sleep(0.01)
        latencies.append(time.monotonic() - started)
    return {
        "count": len(latencies),
        "median": statistics.median(latencies),
        "p95": _p95(latencies),
        "max": max(latencies),
    }


def booking_race(base: str, requests: str, capacity: str) -> dict:
    """N users press "Kostenpflichtig buchen" for the same course with `capacity` places at the same moment."""
    from courses.models import Booking, Course, CourseDate

    now = timezone.now()
    course = Course.objects.create(
        title="Wettlauf um zehn Plätze",
        number=f"RACE-{int(time.time())}",
        category=Course.Category.TECHNIK,
        description="Benchmark",
        price=Decimal("100.00"),
        place="Musterstadt",
        capacity=int(capacity),
        booking_deadline=now + timedelta(days=5),
        is_published=True,
    )
    CourseDate.objects.create(course=course, start=now + timedelta(days=7), end=now + timedelta(days=7, hours=8))
    users = list(
        User.objects.filter(email__startswith="bench-user-", business_memberships__isnull=True)[: int(requests)]
    )
    browsers = []
    for user in users:
        browser = Browser(base, user=user)
        _status, html = browser.get(f"/kurse/{course.pk}/buchen/")
        browsers.append((browser, _CSRF.search(html).group(1)))
    gate = threading.Barrier(len(browsers))
    errors = []

    def press(browser: Browser, token: str) -> None:
        gate.wait()
        try:
            browser.post(
                f"/kurse/{course.pk}/buchen/",
                {
                    "csrfmiddlewaretoken": token,
                    "booking_for": "self",
                    "step": "confirm",
                    "billing_address": "Hauptstraße 1, 12345 Musterstadt",
                },
            )
        except OSError as error:
            errors.append(str(error))

    threads = [threading.Thread(target=press, args=pair) for pair in browsers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    bookings = Booking.objects.filter(course=course)
    return {
        "requests": len(threads),
        "capacity": int(capacity),
        "confirmed": bookings.filter(status=Booking.Status.CONFIRMED).count(),
        "waitlisted": bookings.filter(status=Booking.Status.WAITLISTED).count(),
        "errors": len(errors),
        "seconds": seconds,
    }


COMMANDS = {
    "pin_latency": pin_latency,
    "booking_race": booking_race,
    "recreate_db": recreate_db,
    "seed": seed,
    "fixtures": fixtures,
    "queries": queries,
    "signup_timing": signup_timing,
    "jobboard_search": jobboard_search,
}

if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    out(COMMANDS[command](*arguments))
