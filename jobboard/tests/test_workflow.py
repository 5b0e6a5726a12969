"""The posting's review workflow, expiry and the warning mail (jobboard.services)."""

import datetime as dt

import pytest
from django.utils import timezone

from businesses.access import AccessDenied
from businesses.models import AuditEvent
from businesses.tests.factories import BranchFactory, BusinessFactory, MembershipFactory
from jobboard import services
from jobboard.errors import VacancyError
from jobboard.models import Vacancy
from notifications.models import OutboundEmail

from .factories import VacancyFactory, occupation

pytestmark = pytest.mark.django_db
Status = Vacancy.Status


def _data(**overrides):
    data = {
        "kind": Vacancy.Kind.APPRENTICESHIP,
        "occupation": occupation(),
        "title": "Ausbildung Friseur/in",
        "description": "Schneiden, Färben, Beraten.",
        "site_street": "Königsstraße 1",
        "site_postal_code": "34117",
        "site_city": "Kassel",
        "start_year": timezone.localdate().year + 1,
        "places": 2,
        "qualification": Vacancy.Qualification.MITTLERER,
        "contact_name": "Frau Schere",
        "contact_phone": "0561 1234",
        "contact_email": "ausbildung@salon.example.de",
        "how_to_apply": "Per E-Mail.",
        "published_until": timezone.localdate() + dt.timedelta(days=30),
    }
    return data | overrides


def test_a_new_posting_is_a_draft_with_the_coordinates_of_its_postcode(business, member):
    vacancy = services.vacancy_create(actor=member, business=business, data=_data())
    assert vacancy.status == Status.DRAFT
    assert vacancy.lat == pytest.approx(51.31, abs=0.05) and vacancy.lon == pytest.approx(9.49, abs=0.05)
    assert vacancy.created_by == member
    assert AuditEvent.objects.filter(action="jobboard.vacancy.created", business=business).exists()


def test_a_postcode_without_coordinates_falls_back_to_the_place(business, member):
    vacancy = services.vacancy_create(
        actor=member, business=business, data=_data(site_postal_code="00000", site_city="Kassel")
    )
    assert vacancy.lat == pytest.approx(51.3, abs=0.2)


def test_someone_outside_the_business_cannot_create_a_posting_for_it(business, user_factory):
    with pytest.raises(AccessDenied):
        services.vacancy_create(actor=user_factory(), business=business, data=_data())


def test_a_branch_of_another_business_cannot_be_the_training_site(business, member):
    foreign_branch = BranchFactory(main_business=BusinessFactory())
    with pytest.raises(VacancyError) as error:
        services.vacancy_create(actor=member, business=business, data=_data(site_business=foreign_branch))
    assert error.value.code == "foreign_site"
    own_branch = BranchFactory(main_business=business)
    vacancy = services.vacancy_create(actor=member, business=business, data=_data(site_business=own_branch))
    assert vacancy.site_business == own_branch


def test_review_approve_publishes_and_mails_the_business(
    business, member, reviewer, django_capture_on_commit_callbacks
):
    vacancy = services.vacancy_create(actor=member, business=business, data=_data())
    services.vacancy_submit(actor=member, vacancy_id=vacancy.pk)
    vacancy.refresh_from_db()
    assert vacancy.status == Status.REVIEW and vacancy.submitted_at is not None
    assert not Vacancy.objects.visible().exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_approve(actor=reviewer, vacancy_id=vacancy.pk)
    vacancy.refresh_from_db()
    assert vacancy.status == Status.PUBLISHED and vacancy.reviewed
    assert list(Vacancy.objects.visible()) == [vacancy]
    mail = OutboundEmail.objects.get(template="jobboard/mail/status_changed")
    assert mail.to == member.email and "veröffentlicht" in mail.subject


def test_only_reviewers_approve(business, member, user_factory):
    vacancy = VacancyFactory(business=business, status=Status.REVIEW, live_since=None, reviewed=False)
    for actor in (member, user_factory(is_staff=True)):
        with pytest.raises(AccessDenied):
            services.vacancy_approve(actor=actor, vacancy_id=vacancy.pk)


def test_return_needs_remarks_and_the_business_reads_them(business, member, reviewer):
    vacancy = VacancyFactory(business=business, status=Status.REVIEW, live_since=None, reviewed=False)
    with pytest.raises(VacancyError) as error:
        services.vacancy_return(actor=reviewer, vacancy_id=vacancy.pk, remarks="  ")
    assert error.value.code == "remarks_required"
    services.vacancy_return(actor=reviewer, vacancy_id=vacancy.pk, remarks="Bitte Ausbildungsbeginn angeben.")
    vacancy.refresh_from_db()
    assert vacancy.status == Status.DRAFT and vacancy.staff_remarks == "Bitte Ausbildungsbeginn angeben."
    mail = OutboundEmail.objects.get(template="jobboard/mail/status_changed")
    assert "Bitte Ausbildungsbeginn angeben." in mail.body_text


def test_a_step_the_table_does_not_allow_is_refused(business, member, reviewer):
    vacancy = VacancyFactory(business=business, status=Status.DRAFT, live_since=None)
    with pytest.raises(VacancyError) as error:
        services.vacancy_approve(actor=reviewer, vacancy_id=vacancy.pk)
    assert error.value.code == "transition_not_allowed"
    with pytest.raises(VacancyError) as error:
        services.vacancy_republish(actor=member, vacancy_id=vacancy.pk)
    assert error.value.code == "transition_not_allowed"


def test_a_posting_whose_end_lies_in_the_past_cannot_be_submitted(business, member):
    vacancy = services.vacancy_create(actor=member, business=business, data=_data(published_until=None))
    with pytest.raises(VacancyError) as error:
        services.vacancy_submit(actor=member, vacancy_id=vacancy.pk)
    assert error.value.code == "no_end_date"


def test_a_material_change_takes_a_published_posting_offline_until_reviewed(business, member):
    vacancy = VacancyFactory(business=business)
    services.vacancy_update(actor=member, vacancy_id=vacancy.pk, data={"contact_phone": "0561 9999", "places": 3})
    vacancy.refresh_from_db()
    assert vacancy.status == Status.PUBLISHED and vacancy.places == 3
    services.vacancy_update(actor=member, vacancy_id=vacancy.pk, data={"title": "Ganz anderer Titel"})
    vacancy.refresh_from_db()
    assert vacancy.status == Status.REVIEW and not vacancy.reviewed
    assert not Vacancy.objects.visible().exists()


def test_close_and_republish(business, member):
    vacancy = VacancyFactory(business=business)
    services.vacancy_close(actor=member, vacancy_id=vacancy.pk)
    vacancy.refresh_from_db()
    assert vacancy.status == Status.CLOSED and not Vacancy.objects.visible().exists()
    # Unchanged since the approval: online again at once, with the new end.
    until = timezone.localdate() + dt.timedelta(days=90)
    services.vacancy_republish(actor=member, vacancy_id=vacancy.pk, published_until=until)
    vacancy.refresh_from_db()
    assert vacancy.status == Status.PUBLISHED and vacancy.published_until == until
    # Changed while closed: back to the chamber.
    services.vacancy_close(actor=member, vacancy_id=vacancy.pk)
    services.vacancy_update(actor=member, vacancy_id=vacancy.pk, data={"description": "Neu."})
    services.vacancy_republish(actor=member, vacancy_id=vacancy.pk, published_until=until)
    vacancy.refresh_from_db()
    assert vacancy.status == Status.REVIEW


def test_duplicate_makes_a_draft_without_dates(business, member):
    vacancy = VacancyFactory(business=business)
    copy = services.vacancy_duplicate(actor=member, vacancy_id=vacancy.pk)
    assert copy.pk != vacancy.pk and copy.status == Status.DRAFT and copy.title == vacancy.title
    assert copy.published_until is None and copy.lat is not None


def test_a_member_of_another_business_cannot_touch_the_posting(business, user_factory):
    other = MembershipFactory(business=BusinessFactory()).user
    vacancy = VacancyFactory(business=business)
    for call in (
        lambda: services.vacancy_update(actor=other, vacancy_id=vacancy.pk, data={"title": "x"}),
        lambda: services.vacancy_close(actor=other, vacancy_id=vacancy.pk),
        lambda: services.vacancy_duplicate(actor=other, vacancy_id=vacancy.pk),
    ):
        with pytest.raises(AccessDenied):
            call()
    vacancy.refresh_from_db()
    assert vacancy.status == Status.PUBLISHED and vacancy.title != "x"


def test_expiry_with_a_warning_a_week_before(business, member, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    ending_soon = VacancyFactory(business=business, published_until=today + dt.timedelta(days=7))
    later = VacancyFactory(business=business, published_until=today + dt.timedelta(days=8))
    assert services.vacancies_warn_expiry(today=today) == 1
    assert services.vacancies_warn_expiry(today=today) == 0  # once per end date
    mails = OutboundEmail.objects.filter(template="jobboard/mail/expiry_warning")
    assert [m.to for m in mails] == [member.email]
    assert ending_soon.title in mails[0].body_text
    # On the day after its end, the posting expires (and only it); a second run changes nothing.
    assert services.vacancies_expire(today=today + dt.timedelta(days=8)) == 1
    assert services.vacancies_expire(today=today + dt.timedelta(days=8)) == 0
    ending_soon.refresh_from_db()
    later.refresh_from_db()
    assert ending_soon.status == Status.EXPIRED and later.status == Status.PUBLISHED


def test_the_expiry_task_runs_both_steps(business, member):
    from jobboard.tasks import vacancies_expire_task

    VacancyFactory(business=business, published_until=timezone.localdate() - dt.timedelta(days=1))
    VacancyFactory(business=business, published_until=timezone.localdate() + dt.timedelta(days=3))
    assert vacancies_expire_task.delay().get() == {"expired": 1, "warned": 1}


def test_a_published_posting_needs_an_end_and_a_start_of_visibility():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyFactory(live_since=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyFactory(places=0)
