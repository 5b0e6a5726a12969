"""Every URL of the business features, tried by a member of another business and by a visitor.

The table below names, for each URL pattern, the objects of business B that fill its path parameters
(and, for state-changing endpoints, what is posted). An active administrator of business A must get
404 for every object of B — never B's data, never a change in the database — and an anonymous visitor
must be sent to the login page. The same 404s hold for someone removed from B and for someone whose
PIN link to B is still being set up. A URL pattern added to one of the business namespaces (or any pattern
that takes an id of business data) without a row here, or an entry in the commented list of public
URLs, fails `test_every_business_url_is_in_the_table`.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from businesses.models import Invitation, Membership
from businesses.services.invitations import token_hash as _token_hash
from businesses.tests.factories import BusinessFactory, MembershipFactory
from contracts.models import ApprenticeshipContract, Confirmation, ContractFile
from contracts.tests.factories import ContractFactory, TrainerFactory
from courses.models import Booking
from courses.tests.factories import BookingFactory, CourseFactory
from documents.models import Document
from documents.tests.factories import DepartmentFactory, DocumentFactory, DocumentFileFactory
from forms_catalog.models import FormDefinition, Submission, SubmissionFile
from forms_catalog.tests.factories import FormDefinitionFactory, FormFieldFactory, SubmissionFactory
from forms_catalog.tests.samples import pdf_bytes
from jobboard.models import SavedSearch, Vacancy
from jobboard.tests.factories import VacancyFactory
from portal.tests.security.helpers import database_state

pytestmark = pytest.mark.django_db

BUSINESS_NAMESPACES = ("businesses", "courses", "forms_catalog", "contracts", "documents", "jobboard")
INVITATION_TOKEN_OF_B = "einladung-von-betrieb-b-an-jemand-anderen"

# Patterns of the business namespaces anyone may open without an account; they show no business data.
PUBLIC = {
    "businesses:offers",  # "Onlineangebote ohne Anmeldung": a static explanation
    "businesses:pin_request",  # PIN-Anforderung: anonymous by design, answers never reveal a business
    "businesses:pin_request_done",  # the same confirmation for every request
    "courses:catalog",  # the chamber's published course programme
    "courses:detail",  # one published course: public information, no booking data
    # Lehrstellenbörse: published postings only (a draft, one in review, a closed one: 404 for everyone,
    # test_a_posting_of_b_that_is_not_published_is_not_public below), the feed and sitemap of them.
    "jobboard:search",
    "jobboard:detail",
    "jobboard:print",
    "jobboard:feed",
    "jobboard:sitemap",
}

# Capability URLs of the business namespaces: the token in the path is the authorisation (the apprentice and
# the guardians confirm a contract without an account). Wrong, used and expired tokens are checked by
# test_a_wrong_token_opens_nothing below and in contracts/tests/test_confirmation.py.
CAPABILITY = {
    "contracts:confirm",
    "contracts:confirm_document",
    # The one-click link of a saved search's alert mail (jobboard/tests/test_alerts.py): it stops that mail.
    "jobboard:unsubscribe",
}

# Patterns outside the business namespaces that take path parameters, and why they hold no business data.
NOT_BUSINESS_DATA = {
    "accounts:activate",  # signed, expiring account-activation token of one user
    "accounts:activation_renew",  # the same token, asking for a fresh mail
    "account_confirm_email",  # allauth e-mail confirmation key (HMAC)
    "account_reset_password_from_key",  # allauth password-reset key of one user
    "accounts:data_export_download",  # the user's own data export; another's gives 404 (accounts tests)
    "accounts:session_end",  # one of the user's own login sessions; another's gives 404 (accounts tests)
    "accounts:keep",  # signed "Konto behalten" token of one account from the inactivity warning
    "mfa_edit_webauthn",  # one of the user's own passkeys (allauth); another's gives 404 (accounts tests)
    "mfa_remove_webauthn",  # the same, to remove it
    "None",  # ^media/ — only served with DEBUG, for public media (form uploads live outside MEDIA_ROOT)
    # A published help answer by its stable short name: the chamber's public help text, the same for everyone.
    # Contact requests to the service desk have no URL with an id at all: only staff read them, in the admin
    # (help/tests/test_contact.py checks that the confirmation shows only the reference just received).
    "help:answer",
    # "Registrieren" on an invitation (POST, logged out): the token from the invitation mail; it only notes that
    # registration began and prefills the invited address. A logged-in user is sent back to the invitation;
    # expired and wrong tokens get 404 (businesses/tests/test_invitations.py).
    "businesses:invitation_register",
    # One of the user's own saved searches of the job board (not business data); another's gives 404
    # (jobboard/tests/test_alerts.py).
    "jobboard:saved_search_delete",
}


@dataclass
class Row:
    """How one URL pattern is checked.

    kwargs(data) -> path parameters (objects of business B).
    get/post: expected answer for A's administrator — 404, or ("redirect", url name) where the URL
    touches no object and redirects the same for any parameter, or None: not checked with this method
    (read-only views answer POST like GET; POST-only views answer GET with 405 for everyone).
    post_data(data) -> the posted body. For URLs without an object, `leaks` lists what of B must not
    appear in A's page, and posting B's id in the body must not create anything for B.
    """

    kwargs: callable = lambda d: {}
    get: object = 404
    post: object = 404
    post_data: callable = lambda d: {}
    no_object: bool = False
    leaks: callable = lambda d: []
    without_business: object = None  # expected answer for a logged-in user without business link
    notes: str = ""


def _b_names(d):
    return [d.business_b.name, d.business_b.betriebsnummer]


def _document_post(d):
    return {
        "department": d.department.pk,
        "subject": "Versuch",
        "files": [SimpleUploadedFile("Versuch.pdf", pdf_bytes())],
    }


def _vacancy_post(d):
    return {
        "kind": "apprenticeship",
        "occupation": d.vacancy_b.occupation_id,
        "title": "Untergeschoben",
        "description": "x",
        "site_postal_code": "34117",
        "site_city": "Kassel",
        "start_year": "2027",
        "places": "1",
        "qualification": "none",
        "contact_name": "x",
        "how_to_apply": "x",
        "published_until": "2099-12-31",
    }


TABLE: dict[str, Row] = {
    # --- businesses ---------------------------------------------------------------------------
    "businesses:mine": Row(no_object=True, get=200, post=None, leaks=lambda d: [*_b_names(d), d.admin_b.email]),
    "businesses:link": Row(
        no_object=True, get=200, post=None, leaks=_b_names, notes="POST needs a PIN: test_pin_redeem"
    ),
    "businesses:link_status": Row(kwargs=lambda d: {"pk": d.member_b.pk}, post=None),
    "businesses:link_status_json": Row(kwargs=lambda d: {"pk": d.member_b.pk}, post=None),
    # POST-only; switching to B (its id in the body) must be refused.
    "businesses:switch": Row(get=None, post=404, post_data=lambda d: {"business": d.business_b.pk}),
    "businesses:invite": Row(
        no_object=True, get=200, post=None, leaks=_b_names, without_business=("redirect", "businesses:link")
    ),
    "businesses:invitation_revoke": Row(kwargs=lambda d: {"pk": d.invitation_b.pk}, get=None),
    # A capability URL: the token from the invitation mail. Whoever holds it sees the invitation; only
    # the invited address may accept it — for A's administrator the POST is refused (400), nothing joins.
    "businesses:invitation_accept": Row(kwargs=lambda d: {"token": INVITATION_TOKEN_OF_B}, get=200, post=400),
    # GET of the role form does nothing and redirects to "Mein Betrieb" whatever the id; POST changes a role.
    "businesses:member_role": Row(
        kwargs=lambda d: {"pk": d.member_b.pk},
        get=("redirect", "businesses:mine"),
        post_data=lambda d: {"role": "admin"},
    ),
    "businesses:member_remove": Row(kwargs=lambda d: {"pk": d.member_b.pk}, post_data=lambda d: {"reason": "Test"}),
    "businesses:leave": Row(
        no_object=True, get=200, post=None, leaks=_b_names, without_business=("redirect", "businesses:link")
    ),
    "businesses:history": Row(no_object=True, get=200, post=None, leaks=_b_names),
    # POST-only, for the selected business; B's id in the body changes nothing of B.
    "businesses:second_factor_policy": Row(
        no_object=True, get=None, post=302, post_data=lambda d: {"required": "on", "business": d.business_b.pk}
    ),
    # --- courses ------------------------------------------------------------------------------
    # The course is public; booking it "for an employee of B" (B's id in the body) must be refused.
    "courses:book": Row(
        kwargs=lambda d: {"pk": d.course.pk},
        no_object=True,
        get=200,
        post=200,
        post_data=lambda d: {
            "booking_for": str(d.business_b.pk),
            "participant_name": "Fremde Person",
            "participant_email": "fremd@example.de",
            "step": "confirm",
        },
    ),
    "courses:my_bookings": Row(no_object=True, get=200, post=None, leaks=lambda d: [d.booking_b.participant_name]),
    "courses:cancel": Row(kwargs=lambda d: {"pk": d.booking_b.pk}),
    # The calendar file of a booking: read-only, answers POST like GET.
    "courses:booking_ics": Row(kwargs=lambda d: {"pk": d.booking_b.pk}, post=None),
    # --- forms_catalog ------------------------------------------------------------------------
    "forms_catalog:catalog": Row(no_object=True, get=200, post=None, leaks=_b_names),
    "forms_catalog:my_submissions": Row(
        no_object=True, get=200, post=None, leaks=lambda d: [d.submission_b.reference, *_b_names(d)]
    ),
    "forms_catalog:submission_detail": Row(kwargs=lambda d: {"reference": d.submission_b.reference}, post=None),
    "forms_catalog:file_download": Row(
        kwargs=lambda d: {"reference": d.submission_b.reference, "file_id": d.file_b.pk}, post=None
    ),
    "forms_catalog:submitted": Row(kwargs=lambda d: {"reference": d.submission_b.reference}, post=None),
    # A business-only form, submitted "for B" (B's id in the body): never a submission of B.
    # --- contracts ------------------------------------------------------------------------------
    "contracts:list": Row(
        no_object=True, get=200, post=None, leaks=lambda d: [d.contract_b.apprentice_last_name, *_b_names(d)]
    ),
    # A new contract "for B" (B's site and trainer in the body) is refused by the form; nothing is created.
    "contracts:create": Row(
        no_object=True,
        get=200,
        post=200,
        post_data=lambda d: {
            "training_site": d.business_b.pk,
            "trainer": d.trainer_b.pk,
            "apprentice_last_name": "Untergeschoben",
            "training_form": "full_time",
        },
        leaks=lambda d: [d.trainer_b.last_name, *_b_names(d)],
        without_business=("redirect", "businesses:link"),
    ),
    "contracts:calculation": Row(no_object=True, get=200, post=None, leaks=_b_names),
    "contracts:detail": Row(kwargs=lambda d: {"pk": d.contract_b.pk}, post=None),
    "contracts:edit": Row(
        kwargs=lambda d: {"pk": d.contract_b.pk},
        post_data=lambda d: {"apprentice_last_name": "Geändert", "training_form": "full_time"},
    ),
    "contracts:submit": Row(kwargs=lambda d: {"pk": d.contract_b.pk}, get=None),
    "contracts:duplicate": Row(kwargs=lambda d: {"pk": d.contract_b.pk}, get=None),
    "contracts:delete": Row(kwargs=lambda d: {"pk": d.contract_b.pk}),
    "contracts:document": Row(kwargs=lambda d: {"pk": d.contract_b.pk, "document_name": "vertrag"}, post=None),
    "contracts:conclude_digital": Row(kwargs=lambda d: {"pk": d.accepted_b.pk}, get=None),
    "contracts:conclude_paper": Row(kwargs=lambda d: {"pk": d.accepted_b.pk}),
    "contracts:file_download": Row(
        kwargs=lambda d: {"pk": d.accepted_b.pk, "file_id": d.contract_file_b.pk}, post=None
    ),
    "contracts:report_change": Row(
        kwargs=lambda d: {"pk": d.accepted_b.pk},
        post_data=lambda d: {"kind": "agreement", "effective_date": "2027-01-31"},
    ),
    "forms_catalog:fill": Row(
        kwargs=lambda d: {"slug": d.business_form.slug},
        no_object=True,
        get=200,
        post=302,
        post_data=lambda d: {"name": "Versuch", "_business": d.business_b.pk},
        leaks=_b_names,
        without_business=("redirect", "businesses:link"),
    ),
    # --- documents (Postfach) -------------------------------------------------------------------
    "documents:list": Row(
        no_object=True,
        get=200,
        post=None,
        leaks=lambda d: [d.document_b.subject, *_b_names(d)],
        without_business=("redirect", "businesses:link"),
    ),
    # Sending "for B" (B's id in the body): the document goes to A's own Postfach, never to B's.
    "documents:create": Row(
        no_object=True,
        get=200,
        post=302,
        post_data=lambda d: {**_document_post(d), "business": d.business_b.pk},
        leaks=_b_names,
        without_business=("redirect", "businesses:link"),
    ),
    "documents:detail": Row(kwargs=lambda d: {"pk": d.document_b.pk}, post=None),
    "documents:reply": Row(kwargs=lambda d: {"pk": d.document_b.pk}, post_data=_document_post),
    "documents:file_download": Row(
        kwargs=lambda d: {"pk": d.document_b.pk, "file_id": d.document_file_b.pk}, post=None
    ),
    # --- jobboard (Lehrstellenbörse) ------------------------------------------------------------------
    "jobboard:mine": Row(
        no_object=True,
        get=200,
        post=None,
        leaks=lambda d: [d.vacancy_b.title, d.draft_b.title, *_b_names(d)],
        without_business=("redirect", "businesses:link"),
    ),
    # A new posting "for B" (B's branch as training site in the body) is refused; nothing is created for B.
    "jobboard:create": Row(
        no_object=True,
        get=200,
        post=200,
        post_data=lambda d: {**_vacancy_post(d), "site_business": d.business_b.pk},
        leaks=_b_names,
        without_business=("redirect", "businesses:link"),
    ),
    "jobboard:own_detail": Row(kwargs=lambda d: {"pk": d.draft_b.pk}, post=None),
    "jobboard:edit": Row(kwargs=lambda d: {"pk": d.vacancy_b.pk}, post_data=_vacancy_post),
    "jobboard:submit": Row(kwargs=lambda d: {"pk": d.draft_b.pk}, get=None),
    "jobboard:duplicate": Row(kwargs=lambda d: {"pk": d.vacancy_b.pk}, get=None),
    "jobboard:close": Row(kwargs=lambda d: {"pk": d.vacancy_b.pk}, get=None),
    "jobboard:republish": Row(
        kwargs=lambda d: {"pk": d.closed_b.pk}, get=None, post_data=lambda d: {"published_until": "2099-12-31"}
    ),
    # A person's own saved searches: nothing of B's people, and saving one creates nothing for B.
    "jobboard:saved_searches": Row(no_object=True, get=200, post=None, leaks=lambda d: [d.saved_search_b.name]),
    "jobboard:saved_search_save": Row(no_object=True, get=None, post=302, post_data=lambda d: {"q": "Versuch"}),
}


def _patterns(resolver=None, namespace="", inherited=False):
    """(qualified name, pattern, takes parameters) of every URL pattern, the admin site left out (staff
    only, own permissions). A pattern inside an include with parameters (`keys/<pk>/`) takes them too."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner, inherited or bool(entry.pattern.regex.groups))
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry, inherited or bool(entry.pattern.regex.groups)


def test_every_business_url_is_in_the_table():
    covered = set(TABLE) | PUBLIC | NOT_BUSINESS_DATA | CAPABILITY
    must_be_covered = set()
    for name, _pattern, takes_parameters in _patterns():
        in_business_namespace = name.split(":")[0] in BUSINESS_NAMESPACES and ":" in name
        if in_business_namespace or takes_parameters:
            must_be_covered.add(name)
    missing = must_be_covered - covered
    assert not missing, f"URL patterns neither checked for business isolation nor listed as public: {sorted(missing)}"
    # And the table has no stale rows.
    assert set(TABLE) | PUBLIC | CAPABILITY <= must_be_covered


@dataclass
class World:
    business_a: object
    admin_a: object
    business_b: object
    admin_b: object
    member_b: object
    invitation_b: object
    course: object
    booking_b: object
    business_form: object
    submission_b: object
    file_b: object
    loner: object
    former_admin_b: object
    pending_b: object
    contract_b: object
    accepted_b: object
    trainer_b: object
    contract_file_b: object
    department: object
    document_b: object
    document_file_b: object
    vacancy_b: object
    draft_b: object
    closed_b: object
    published_a: object
    saved_search_b: object


@pytest.fixture
def world(settings, tmp_path, user_factory):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    business_a = BusinessFactory(name="Bäckerei Anfang GmbH")
    admin_a = MembershipFactory(business=business_a, role=Membership.Role.ADMIN).user
    business_b = BusinessFactory(name="Zimmerei Bernhardt KG", betriebsnummer="7654321")
    admin_b = MembershipFactory(business=business_b, role=Membership.Role.ADMIN, user__email="chefin@zimmerei-b.de")
    member_b = MembershipFactory(business=business_b, role=Membership.Role.MEMBER)
    invitation_b = Invitation.objects.create(
        business=business_b,
        email="geselle@zimmerei-b.de",
        token_hash=_token_hash(INVITATION_TOKEN_OF_B),
        invited_by=admin_b.user,
        expires_at=timezone.now() + timedelta(days=7),
    )
    course = CourseFactory()
    booking_b = BookingFactory(
        course=course,
        booked_by=admin_b.user,
        business=business_b,
        participant_name="Bernd Bernhardt",
        participant_email="bernd@zimmerei-b.de",
    )
    business_form = FormDefinitionFactory(audience=FormDefinition.Audience.BUSINESS)
    FormFieldFactory(form=business_form, key="name", label="Name")
    submission_b = SubmissionFactory(form=business_form, user=member_b.user, business=business_b, values={"name": "B"})
    file_b = SubmissionFile(submission=submission_b, field_key="name", original_name="b.pdf", kind="pdf", size=8)
    file_b.file.save("b.pdf", ContentFile(b"%PDF-1.4"), save=True)
    # Two more people who work for a third business (C, as administrators) and have been — or are
    # about to be — linked to B: one removed from B, one whose PIN link to B is still being set up.
    business_c = BusinessFactory(name="Malerei Carstens OHG")
    former_admin_b = MembershipFactory(business=business_c, role=Membership.Role.ADMIN).user
    MembershipFactory(
        user=former_admin_b,
        business=business_b,
        role=Membership.Role.ADMIN,
        status=Membership.Status.ENDED,
        ended_at=timezone.now(),
    )
    pending_b = MembershipFactory(business=business_c, role=Membership.Role.ADMIN).user
    MembershipFactory(user=pending_b, business=business_b, status=Membership.Status.PENDING, activated_at=None)
    trainer_b = TrainerFactory(business=business_b, last_name="Bernhardt-Ausbilder")
    contract_b = ContractFactory(business=business_b, trainer=trainer_b, apprentice_last_name="Lehrling-von-B")
    accepted_b = ContractFactory(
        business=business_b, trainer=trainer_b, apprentice_last_name="Angenommen-von-B", status="accepted"
    )
    contract_file_b = ContractFile(
        contract=accepted_b, purpose="record", kind="pdf", original_name="v.pdf", size=8, sha256="0" * 64
    )
    contract_file_b.file.save("v.pdf", ContentFile(b"%PDF-1.4"), save=True)
    department = DepartmentFactory(name="Prüfungswesen")
    document_b = DocumentFactory(business=business_b, department=department, subject="Prüfungsbescheid Bernhardt")
    document_file_b = DocumentFileFactory(document=document_b)
    return World(
        business_a=business_a,
        admin_a=admin_a,
        business_b=business_b,
        admin_b=admin_b.user,
        member_b=member_b,
        invitation_b=invitation_b,
        course=course,
        booking_b=booking_b,
        business_form=business_form,
        submission_b=submission_b,
        file_b=file_b,
        loner=user_factory(),
        former_admin_b=former_admin_b,
        pending_b=pending_b,
        contract_b=contract_b,
        accepted_b=accepted_b,
        trainer_b=trainer_b,
        contract_file_b=contract_file_b,
        department=department,
        document_b=document_b,
        document_file_b=document_file_b,
        vacancy_b=VacancyFactory(business=business_b, title="Lehrstelle bei Bernhardt"),
        draft_b=VacancyFactory(
            business=business_b, title="Entwurf bei Bernhardt", status=Vacancy.Status.DRAFT, live_since=None
        ),
        closed_b=VacancyFactory(business=business_b, title="Beendet bei Bernhardt", status=Vacancy.Status.CLOSED),
        published_a=VacancyFactory(business=business_a, title="Lehrstelle bei Anfang"),
        saved_search_b=SavedSearch.objects.create(user=admin_b.user, name="Suche von Bernhardt", params={}),
    )


def _b_rows():
    """Rows created "for" business B (new bookings, submissions, memberships)."""
    return (
        Booking.objects.filter(business__betriebsnummer="7654321").count(),
        Submission.objects.filter(business__betriebsnummer="7654321").count(),
        Membership.objects.filter(business__betriebsnummer="7654321").exclude(status="ended").count(),
        ApprenticeshipContract.objects.filter(business__betriebsnummer="7654321").count(),
        Document.objects.filter(business__betriebsnummer="7654321").count(),
        Vacancy.objects.filter(business__betriebsnummer="7654321").count(),
    )


def _check(response, expected, label):
    if isinstance(expected, tuple):
        assert response.status_code == 302, f"{label}: {response.status_code}"
        assert response["Location"] == reverse(expected[1]), f"{label}: {response['Location']}"
    else:
        assert response.status_code == expected, f"{label}: {response.status_code}"


def _url(name, row, world):
    return reverse(name, kwargs=row.kwargs(world))


OBJECT_ROWS = sorted(name for name, row in TABLE.items() if not row.no_object)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_a_member_of_business_a_gets_nothing_of_business_b(client, world, name):
    check_as(client, world.admin_a, world, name)


@pytest.mark.parametrize("name", OBJECT_ROWS)
def test_a_former_administrator_of_business_b_gets_nothing_of_it(client, world, name):
    # Removed from B (and administrator of business C): access ends with the membership.
    check_as(client, world.former_admin_b, world, name)


@pytest.mark.parametrize("name", OBJECT_ROWS)
def test_a_user_whose_link_to_business_b_is_still_being_set_up_gets_nothing_of_it(client, world, name):
    # PIN for B redeemed, the membership not yet activated by the worker (administrator of business C).
    check_as(client, world.pending_b, world, name)


def check_as(client, user, world, name):
    row = TABLE[name]
    url = _url(name, row, world)
    client.force_login(user)

    if row.get is not None:
        before = database_state()
        response = client.get(url)
        _check(response, row.get, f"GET {url}")
        assert database_state() == before, f"GET {url} changed the database"
        if response.status_code == 200:
            html = response.content.decode()
            for secret in row.leaks(world):
                assert secret not in html, f"GET {url} shows {secret!r} of business B"

    if row.post is not None:
        before, b_rows = database_state(), _b_rows()
        response = client.post(url, row.post_data(world))
        _check(response, row.post, f"POST {url}")
        if row.no_object:
            assert _b_rows() == b_rows, f"POST {url} created something for business B"
        else:
            assert database_state() == before, f"POST {url} changed the database"


@pytest.mark.parametrize("name", sorted(name for name, row in TABLE.items() if row.without_business))
def test_a_user_without_business_is_sent_to_link_one(client, world, name):
    row = TABLE[name]
    client.force_login(world.loner)
    _check(client.get(_url(name, row, world)), row.without_business, name)


# Opened while logged out, the invitation explains itself (business, who invited) and offers registration: the
# token from the mail is the authorisation to read it. Joining still needs the login.
READABLE_LOGGED_OUT = {"businesses:invitation_accept"}


@pytest.mark.parametrize("name", sorted(TABLE))
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world, name):
    row = TABLE[name]
    url = _url(name, row, world)
    before = database_state()
    methods = [m for m, expected in (("get", row.get), ("post", row.post)) if expected is not None]
    if name in READABLE_LOGGED_OUT:
        assert client.get(url).status_code == 200
        methods = ["post"]
    for method in methods:
        response = getattr(client, method)(url, row.post_data(world) if method == "post" else None)
        assert response.status_code == 302, f"{method.upper()} {url}: {response.status_code}"
        assert response["Location"] == f"{reverse('account_login')}?next={url}", response["Location"]
    assert database_state() == before


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_business_urls_show_no_business_data(client, world, name):
    # Business B has no published posting in this world: the board shows A's only.
    world.vacancy_b.status = Vacancy.Status.CLOSED
    world.vacancy_b.save(update_fields=["status"])
    kwargs = {
        "courses:detail": {"pk": world.course.pk},
        "jobboard:detail": {"pk": world.published_a.pk},
        "jobboard:print": {"pk": world.published_a.pk},
    }.get(name, {})
    html = client.get(reverse(name, kwargs=kwargs)).content.decode()
    assert world.business_b.name not in html and world.booking_b.participant_name not in html


@pytest.mark.parametrize("name", ["jobboard:detail", "jobboard:print"])
def test_a_posting_of_b_that_is_not_published_is_not_public(client, world, name):
    """Drafts, postings in review and closed ones are B's own: 404 for visitors and for A alike."""
    client.force_login(world.admin_a)
    for vacancy in (world.draft_b, world.closed_b):
        assert client.get(reverse(name, args=[vacancy.pk])).status_code == 404
    client.logout()
    assert client.get(reverse(name, args=[world.draft_b.pk])).status_code == 404


@pytest.mark.parametrize("name", sorted(CAPABILITY))
def test_a_wrong_token_opens_nothing(world, name):
    """Without the token from the mail, a capability URL shows nothing — to a member of another business, a
    member of the contract's business and a visitor alike — and changes nothing."""
    url = reverse(name, kwargs={"token": "geraten-" + "x" * 40})
    clients = [Client(), Client(), Client()]
    clients[0].force_login(world.admin_a)
    clients[1].force_login(world.admin_b)
    before = database_state()
    for visitor in clients:
        for response in (visitor.get(url), visitor.post(url, {"agree": "on"})):
            assert response.status_code == 404, f"{url}: {response.status_code}"
            assert world.contract_b.apprentice_last_name not in response.content.decode()
    assert Confirmation.objects.count() == 0
    assert database_state() == before


def test_a_removed_member_loses_the_bookings_made_for_the_business(client, world):
    """Who booked an employee of B (invoice to B) controls that booking only while a member of B:
    after the removal, cancelling it (a fee for B after the free period) is refused like any foreign id."""
    booker = MembershipFactory(business=world.business_b, role=Membership.Role.MEMBER)
    booking = BookingFactory(
        course=world.course,
        booked_by=booker.user,
        business=world.business_b,
        participant_name="Paula Plank",
        participant_email="paula@zimmerei-b.de",
    )
    own = BookingFactory(course=world.course, booked_by=booker.user)  # for herself, invoice to her
    client.force_login(booker.user)
    assert client.get(reverse("courses:cancel", args=[booking.pk])).status_code == 200
    booker.status, booker.ended_at = Membership.Status.ENDED, timezone.now()
    booker.save()

    assert client.get(reverse("courses:cancel", args=[booking.pk])).status_code == 404
    assert client.post(reverse("courses:cancel", args=[booking.pk])).status_code == 404
    page = client.get(reverse("courses:my_bookings")).content.decode()
    assert "Paula Plank" not in page
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    # Her own booking stays hers.
    assert client.get(reverse("courses:cancel", args=[own.pk])).status_code == 200
