"""Content-Security-Policy on every page, and nothing on any page that the policy would block.

Crawls every URL pattern that takes no arguments, plus the detail pages of each app, as an anonymous
visitor, a customer without business and a business administrator with bookings, submissions and
invitations, plus the German error pages. Every HTML answer must carry a policy without 'unsafe-inline'
(or 'unsafe-eval'), and contain no inline <script>, no <style> element, no style= attribute, no on*=
event handler and no javascript: URL — the browser would refuse them (the journeys in e2e/ fail on
such a refusal as well).

pytest-django runs the suite with DEBUG off, as production does; django-csp leaves out 404/500 pages
only under DEBUG, so the error pages are checked here too.
"""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from businesses.models import Invitation, Membership
from businesses.services.invitations import token_hash as _token_hash
from businesses.tests.factories import BusinessFactory, MembershipFactory
from contracts.models import Confirmation, ContractFile
from contracts.services import token_hash as _contract_token_hash
from contracts.tests.factories import ContractFactory, TrainerFactory
from courses.tests.factories import BookingFactory, CourseFactory
from documents.models import Document
from documents.tests.factories import DepartmentFactory, DocumentFactory, DocumentFileFactory
from forms_catalog.models import FormDefinition, SubmissionFile
from forms_catalog.tests.factories import FormDefinitionFactory, FormFieldFactory, SubmissionFactory
from jobboard.models import SavedSearch, Vacancy
from jobboard.tests.factories import VacancyFactory
from portal.tests.security.helpers import database_state

pytestmark = pytest.mark.django_db

# Patterns without arguments that are no HTML page.
NOT_PAGES = {
    "healthz",  # JSON for the load balancer
    "set_language",  # the language links: a redirect
}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}  # data blocks, never executed


class InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.problems.append("<style> element")
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and not attributes.get("src") and script_type not in DATA_SCRIPT_TYPES:
            self._in_inline_script = True

    def handle_endtag(self, tag):
        if tag == "script" and self._in_inline_script:
            self._in_inline_script = False
            self.problems.append("inline <script> without src")


def inline_code_in(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def policy_problems(response) -> list[str]:
    policy = response.headers.get("Content-Security-Policy")
    if not policy:
        return ["no Content-Security-Policy header"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    problems = [
        f"{name} allows {value}"
        for name, values in directives.items()
        for value in values
        if value in ("'unsafe-inline'", "'unsafe-eval'", "*")
    ]
    for required in ("default-src", "script-src", "style-src", "object-src", "frame-ancestors"):
        if required not in directives:
            problems.append(f"no {required}")
    return problems


def argumentless_pages():
    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue  # Django's admin keeps its inline bits; excluded from the policy, staff only
                if entry.pattern.regex.groups:
                    continue  # its patterns take the arguments of the include (allauth's keys/<pk>/…)
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, inner)
            elif isinstance(entry, URLPattern) and not entry.pattern.regex.groups and entry.name:
                yield f"{namespace}{entry.name}"

    return sorted({name for name in walk(get_resolver()) if name not in NOT_PAGES})


@pytest.fixture
def site(settings, tmp_path, user_factory):
    """A portal with some of everything, and three people to look at it."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    business = BusinessFactory(name="Elektro Muster GmbH")
    admin = MembershipFactory(business=business, role=Membership.Role.ADMIN).user
    colleague = MembershipFactory(business=business, role=Membership.Role.MEMBER)
    pending = MembershipFactory(user=admin, business=BusinessFactory(), status=Membership.Status.PENDING)
    Invitation.objects.create(
        business=business,
        email=admin.email,
        token_hash=_token_hash("einladung-fuer-die-csp-pruefung"),
        invited_by=colleague.user,
        expires_at=timezone.now() + timedelta(days=7),
    )
    course = CourseFactory()
    booking = BookingFactory(course=course, booked_by=admin, business=business)
    general_form = FormDefinitionFactory()
    FormFieldFactory(form=general_form, key="anliegen", label="Anliegen", required=True)
    business_form = FormDefinitionFactory(audience=FormDefinition.Audience.BUSINESS)
    FormFieldFactory(form=business_form, key="name", label="Name")
    submission = SubmissionFactory(form=business_form, user=admin, business=business, values={"name": "Muster"})
    upload = SubmissionFile(submission=submission, field_key="name", original_name="a.pdf", kind="pdf", size=8)
    upload.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
    department = DepartmentFactory(name="Lehrlingsrolle")
    # Opening a document from the chamber marks it read; the crawl opens the business's own one (no change).
    sent = DocumentFactory(business=business, department=department, direction=Document.Direction.TO_CHAMBER)
    DocumentFileFactory(document=sent)
    received = DocumentFactory(business=business, department=department, note="Bitte\nbeachten")
    trainer = TrainerFactory(business=business)
    draft = ContractFactory(business=business, trainer=trainer, status="returned", staff_remarks="Bitte prüfen.")
    accepted = ContractFactory(business=business, trainer=trainer, status="accepted")
    concluded = ContractFactory(business=business, trainer=trainer, status="concluded", conclusion="paper")
    record = ContractFile(
        contract=accepted, purpose="record", kind="pdf", original_name="v.pdf", size=8, sha256="0" * 64
    )
    record.file.save("v.pdf", ContentFile(b"%PDF-1.4"), save=True)
    Confirmation.objects.create(
        contract=accepted,
        role="apprentice",
        name="Lena Lehrling",
        email="lena@example.de",
        token_hash=_contract_token_hash("bestaetigung-fuer-die-csp-pruefung"),
        document=record,
        expires_at=timezone.now() + timedelta(days=7),
    )
    posting = VacancyFactory(business=business, title="Ausbildung Elektroniker/in")
    posting_draft = VacancyFactory(business=business, status=Vacancy.Status.DRAFT, live_since=None)
    alert = SavedSearch.objects.create(user=admin, name="Elektro", params={"q": "Elektro"})
    detail_pages = [
        reverse("jobboard:detail", args=[posting.pk]),
        reverse("jobboard:print", args=[posting.pk]),
        reverse("jobboard:own_detail", args=[posting_draft.pk]),
        reverse("jobboard:edit", args=[posting.pk]),
        reverse("jobboard:unsubscribe", args=[alert.unsubscribe_token]),
        reverse("jobboard:search") + "?where=34117&radius=25&q=Elektro",
        reverse("jobboard:search") + "?where=99999",
        reverse("jobboard:saved_searches") + "?where=34117&q=Elektro",
        reverse("contracts:detail", args=[draft.pk]),
        reverse("contracts:edit", args=[draft.pk]),
        reverse("contracts:detail", args=[accepted.pk]),
        reverse("contracts:conclude_paper", args=[accepted.pk]),
        reverse("contracts:detail", args=[concluded.pk]),
        reverse("contracts:report_change", args=[concluded.pk]),
        reverse("contracts:confirm", args=["bestaetigung-fuer-die-csp-pruefung"]),
        reverse("contracts:confirm", args=["falsches-token"]),
        reverse("documents:detail", args=[sent.pk]),
        reverse("documents:reply", args=[received.pk]),
        reverse("courses:detail", args=[course.pk]),
        reverse("courses:book", args=[course.pk]),
        reverse("courses:cancel", args=[booking.pk]),
        reverse("forms_catalog:fill", args=[general_form.slug]),
        reverse("forms_catalog:fill", args=[business_form.slug]),
        reverse("forms_catalog:submission_detail", args=[submission.reference]),
        reverse("forms_catalog:submitted", args=[submission.reference]),
        reverse("businesses:link_status", args=[pending.pk]),
        reverse("businesses:invitation_accept", args=["einladung-fuer-die-csp-pruefung"]),
        reverse("businesses:member_remove", args=[colleague.pk]),
        reverse("accounts:activate", args=["MQ", "falsches-token"]),
        "/accounts/password/reset/key/1-falscher-schluessel/",
        "/accounts/confirm-email/falscher-schluessel/",
        "/gibt-es-nicht/",  # the German 404 page
    ]
    return {"anonymous": None, "customer": user_factory(), "business admin": admin}, detail_pages


def crawl(client: Client, urls: list[str]) -> tuple[dict[str, list[str]], int]:
    problems, html_pages = {}, 0
    for url in urls:
        response = client.get(url, follow=True)
        final = response.request["PATH_INFO"]
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            continue
        html_pages += 1
        found = policy_problems(response) + inline_code_in(response.content.decode())
        if found:
            problems[f"{url} → {final} ({response.status_code})"] = found
    return problems, html_pages


@pytest.mark.parametrize("who", ["anonymous", "customer", "business admin"])
def test_every_page_has_a_strict_policy_and_no_inline_code(site, who):
    people, detail_pages = site
    client = Client()
    if people[who] is not None:
        client.force_login(people[who])
    urls = [reverse(name) for name in argumentless_pages()] + detail_pages
    before = database_state()

    problems, html_pages = crawl(client, urls)

    assert not problems, problems
    assert html_pages >= 30, f"only {html_pages} HTML pages answered"
    assert database_state() == before, "opening pages (GET) changed data"


def test_the_csrf_failure_page_has_the_policy_too(site):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "x@example.de", "password": "x"})

    assert response.status_code == 403
    assert policy_problems(response) == []
    assert inline_code_in(response.content.decode()) == []


def test_the_finder_sees_what_the_browser_would_refuse():
    page = (
        '<script>alert(1)</script><script type="application/json">{}</script><script src="/s.js"></script>'
        '<p style="color:red" onclick="x()"><a href="javascript:x()">x</a></p><style>p{}</style>'
    )
    assert sorted(inline_code_in(page)) == sorted(
        [
            "inline <script> without src",
            "<p style='color:red'>",
            "<p onclick=…> event handler",
            "<a href='javascript:x()'>",
            "<style> element",
        ]
    )


def test_the_too_many_requests_page_has_the_policy_too(user):
    client = Client()
    for _attempt in range(6):
        response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 429
    assert '<html lang="de">' in response.content.decode()
    assert policy_problems(response) == []
    assert inline_code_in(response.content.decode()) == []


def test_the_server_error_page_has_the_policy_too(monkeypatch):
    import portal.views

    def broken(*args, **kwargs):
        raise RuntimeError("a defect in the start page")

    monkeypatch.setattr(portal.views, "services_general", broken)
    client = Client(raise_request_exception=False)

    response = client.get(reverse("portal:home"))

    assert response.status_code == 500
    assert '<html lang="de">' in response.content.decode()
    assert policy_problems(response) == []
    assert inline_code_in(response.content.decode()) == []


def test_pages_answering_a_form_have_the_policy_and_no_inline_code(site):
    """What a POST renders: validation errors, the booking confirmation step, a refused login."""
    people, _detail_pages = site
    admin = people["business admin"]
    course_url = next(url for url in _detail_pages if url.endswith("/buchen/"))
    fill_url = next(url for url in _detail_pages if "/formulare/antrag-" in url)
    answers = []
    visitor = Client()
    answers.append(visitor.post(reverse("account_login"), {"login": "x@example.de", "password": "falsch"}))
    answers.append(visitor.post(reverse("account_signup"), {"email": "kaputt"}))
    answers.append(visitor.post(reverse("businesses:pin_request"), {"betriebsnummer": "abc"}))
    member = Client()
    member.force_login(admin)
    answers.append(
        member.post(course_url, {"booking_for": "self", "billing_address": "Hauptstraße 1, 12345 Musterstadt"})
    )  # the binding confirmation step
    answers.append(member.post(course_url, {"booking_for": "niemand"}))
    answers.append(member.post(fill_url, {}))
    answers.append(member.post(reverse("businesses:link"), {"betriebsnummer": "1", "pin": "x"}))
    answers.append(member.post(reverse("businesses:invite"), {"email": "kein-mail"}))
    answers.append(member.post(reverse("contracts:create"), {"daily_hours": "acht", "training_form": "full_time"}))
    answers.append(Client().post(reverse("contracts:confirm", args=["bestaetigung-fuer-die-csp-pruefung"]), {}))
    answers.append(member.post(reverse("documents:create"), {"subject": "Ohne Datei"}))

    assert "Buchung prüfen und bestätigen" in answers[3].content.decode()
    for response in answers:
        assert response.status_code in (200, 400), response.status_code
        assert policy_problems(response) == []
        assert inline_code_in(response.content.decode()) == []
