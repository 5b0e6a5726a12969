"""The workflow from draft to the Lehrlingsrolle: one transition table, audited, mailed, never skipped."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone

from businesses.access import AccessDenied
from businesses.models import AuditEvent
from businesses.tests.factories import BusinessFactory, MembershipFactory
from contracts import services, workflow
from contracts.models import ApprenticeshipContract, Confirmation, ContractEvent, ContractFile
from contracts.tests.factories import ContractFactory, TrainerFactory, ensure_shipped_catalogues
from forms_catalog.tests.samples import exe_bytes, pdf_bytes
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db
Status = ApprenticeshipContract.Status


def mails(to: str, template: str = "") -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=to, template__contains=template).order_by("pk"))


def token_from(mail: OutboundEmail) -> str:
    return mail.body_text.split("/lehrvertraege/bestaetigen/")[1].split("/")[0]


def review_until_accepted(contract, member, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    return services.contract_accept(actor=reviewer, contract_id=contract.pk)


def test_the_whole_way_with_return_resubmit_and_digital_conclusion(contract, member, colleague, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    returned = services.contract_return(
        actor=reviewer, contract_id=contract.pk, remarks="Bitte die Probezeit auf 3 Monate ändern."
    )
    assert returned.status == Status.RETURNED

    services.contract_update(actor=colleague, contract_id=contract.pk, data={"probation_months": 3})
    resubmitted = services.contract_submit(actor=colleague, contract_id=contract.pk)
    assert resubmitted.status == Status.SUBMITTED
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    services.contract_accept(actor=reviewer, contract_id=contract.pk)

    [confirmation] = services.contract_confirmation_request(actor=member, contract_id=contract.pk)
    [request_mail] = mails("lena@example.de", "confirmation_request")
    assert request_mail.contains_secret
    assert request_mail.attachments[0]["filename"] == f"Berufsausbildungsvertrag-{contract.reference}.pdf"
    services.contract_confirm(token=token_from(request_mail), ip="203.0.113.7", user_agent="Firefox")
    contract.refresh_from_db()
    assert contract.status == Status.CONCLUDED and contract.conclusion == "digital"
    confirmation.refresh_from_db()
    record = ContractFile.objects.get(contract=contract, purpose="record")
    assert confirmation.document_sha256 == record.sha256 and len(record.sha256) == 64
    assert (confirmation.ip, confirmation.user_agent) == ("203.0.113.7", "Firefox")

    registered = services.contract_register(actor=reviewer, contract_id=contract.pk, register_number="2026-0815")
    assert registered.status == Status.REGISTERED and registered.register_number == "2026-0815"
    assert ContractFile.objects.filter(contract=contract, purpose="certificate").exists()

    # The history keeps every step, the remarks among them.
    events = list(ContractEvent.objects.filter(contract=contract).values_list("event", flat=True))
    assert events == [
        "submit",
        "start_review",
        "return",
        "resubmit",
        "start_review",
        "accept",
        "confirmation_requested",
        "confirmed",
        "conclude_digital",
        "register",
    ]
    assert ContractEvent.objects.get(contract=contract, event="return").remarks.startswith("Bitte die Probezeit")
    # Every transition is audited, and mailed to each active member of the business.
    audited = set(AuditEvent.objects.filter(action__startswith="contracts.contract.").values_list("action", flat=True))
    assert {f"contracts.contract.{e}" for e in ("submit", "return", "resubmit", "accept", "register")} <= audited
    for person in (member, colleague):
        subjects = [m.subject for m in mails(person.email, "status_changed")]
        assert len(subjects) == 8  # every transition
        assert any("An die Kammer übermittelt" in s or "an die Kammer übermittelt" in s for s in subjects)
    returned_mail = mails(member.email, "status_changed")[2]
    assert "Bitte die Probezeit auf 3 Monate ändern." in returned_mail.body_text


def test_the_paper_way(contract, member, reviewer):
    review_until_accepted(contract, member, reviewer)
    scan = SimpleUploadedFile("unterschrieben.pdf", pdf_bytes(), content_type="application/pdf")
    stored = services.contract_conclude_paper(actor=member, contract_id=contract.pk, upload=scan)
    contract.refresh_from_db()
    assert contract.status == Status.CONCLUDED and contract.conclusion == "paper"
    assert (stored.purpose, stored.kind, stored.original_name) == ("signed_scan", "pdf", "unterschrieben.pdf")
    services.contract_register(actor=reviewer, contract_id=contract.pk)
    contract.refresh_from_db()
    assert contract.register_number == f"LR-{timezone.localdate().year}-{contract.pk:06d}"


def test_a_scan_that_is_no_pdf_or_image_is_refused_and_nothing_changes(contract, member, reviewer):
    review_until_accepted(contract, member, reviewer)
    program = SimpleUploadedFile("vertrag.pdf", exe_bytes(), content_type="application/pdf")
    with pytest.raises(workflow.ContractError) as refused:
        services.contract_conclude_paper(actor=member, contract_id=contract.pk, upload=program)
    assert refused.value.code == "file_refused"
    contract.refresh_from_db()
    assert contract.status == Status.ACCEPTED and not contract.files.exists()


@pytest.mark.parametrize(
    "steps, event",
    [
        ([], "accept"),  # a draft cannot be accepted
        (["submit"], "accept"),  # nor a submitted one before the review started
        (["submit", "start_review"], "register"),  # nor registered before it is concluded
        (["submit"], "submit"),  # nor submitted twice
        (["submit", "start_review", "accept"], "accept"),  # nor accepted twice
    ],
)
def test_no_step_can_be_skipped_or_repeated(contract, member, reviewer, steps, event):
    run = {
        "submit": lambda: services.contract_submit(actor=member, contract_id=contract.pk),
        "start_review": lambda: services.contract_start_review(actor=reviewer, contract_id=contract.pk),
        "accept": lambda: services.contract_accept(actor=reviewer, contract_id=contract.pk),
        "register": lambda: services.contract_register(actor=reviewer, contract_id=contract.pk),
    }
    for step in steps:
        run[step]()
    before = ApprenticeshipContract.objects.get(pk=contract.pk).status
    with pytest.raises(workflow.ContractError) as refused:
        run[event]()
    assert refused.value.code == "transition_not_allowed"
    assert ApprenticeshipContract.objects.get(pk=contract.pk).status == before


def test_only_a_complete_valid_contract_can_be_submitted(business, member, trainer):
    draft = services.contract_create(actor=member, business=business, data={"apprentice_last_name": "Knapp"})
    with pytest.raises(workflow.ContractError) as refused:
        services.contract_submit(actor=member, contract_id=draft.pk)
    assert refused.value.code == "invalid"
    assert "apprentice_first_name" in {finding.field for finding in refused.value.findings}
    assert ApprenticeshipContract.objects.get(pk=draft.pk).status == Status.DRAFT

    too_little = ContractFactory(business=business, trainer=trainer, remuneration=["723.99", "854.00", "977.00"])
    with pytest.raises(workflow.ContractError) as refused:
        services.contract_submit(actor=member, contract_id=too_little.pk)
    assert [f.code for f in refused.value.findings] == ["remuneration_below_minimum"]


def test_a_returned_contract_keeps_the_remarks_and_can_be_edited_but_a_submitted_one_cannot(contract, member, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    with pytest.raises(workflow.ContractError) as refused:
        services.contract_update(actor=member, contract_id=contract.pk, data={"probation_months": 2})
    assert refused.value.code == "not_editable"
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    services.contract_return(actor=reviewer, contract_id=contract.pk, remarks="Ausbilder fehlt im Register.")
    updated = services.contract_update(actor=member, contract_id=contract.pk, data={"probation_months": 2})
    assert updated.probation_months == 2 and updated.staff_remarks == "Ausbilder fehlt im Register."


def test_returning_and_rejecting_need_a_reason(contract, member, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    for step in (services.contract_return, services.contract_reject):
        with pytest.raises(workflow.ContractError) as refused:
            step(
                actor=reviewer,
                contract_id=contract.pk,
                **({"remarks": " "} if step is services.contract_return else {"reason": ""}),
            )
        assert refused.value.code == "remarks_required"
    rejected = services.contract_reject(actor=reviewer, contract_id=contract.pk, reason="Keine Ausbildungseignung.")
    assert rejected.status == Status.REJECTED


def test_who_may_take_which_step(contract, member, reviewer, user_factory):
    stranger = MembershipFactory(business=BusinessFactory()).user
    with pytest.raises(AccessDenied):
        services.contract_submit(actor=stranger, contract_id=contract.pk)
    services.contract_submit(actor=member, contract_id=contract.pk)
    # A member of the business cannot review its own contract, nor can staff without the permission.
    staff_without_permission = user_factory(is_staff=True)
    for actor in (member, staff_without_permission):
        with pytest.raises(AccessDenied):
            services.contract_start_review(actor=actor, contract_id=contract.pk)
    assert ApprenticeshipContract.objects.get(pk=contract.pk).status == Status.SUBMITTED


def test_of_two_simultaneous_decisions_exactly_one_wins(transactional_db, django_db_blocker):
    assert connection.vendor == "postgresql", "this test needs the real PostgreSQL (DATABASE_URL)"
    from django.contrib.auth.models import Permission

    ensure_shipped_catalogues()
    from accounts.tests.factories import UserFactory

    business = BusinessFactory()
    member = MembershipFactory(business=business).user
    reviewers = []
    for n in range(2):
        user = UserFactory(email=f"pruefer{n}@hwk.example.de", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="review_apprenticeshipcontract"))
        reviewers.append(user)
    contract = ContractFactory(business=business, trainer=TrainerFactory(business=business))
    services.contract_submit(actor=member, contract_id=contract.pk)
    services.contract_start_review(actor=reviewers[0], contract_id=contract.pk)

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(step, actor, **kwargs):
        try:
            barrier.wait(timeout=30)
            step(actor=actor, contract_id=contract.pk, **kwargs)
            outcomes.append("ok")
        except workflow.ContractError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(services.contract_accept, reviewers[0])),
        threading.Thread(target=decide, args=(services.contract_reject, reviewers[1]), kwargs={"reason": "Nein."}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["ok", "transition_not_allowed"]
    contract.refresh_from_db()
    assert contract.status in (Status.ACCEPTED, Status.REJECTED)
    decisions = ContractEvent.objects.filter(contract=contract, event__in=["accept", "reject"])
    assert decisions.count() == 1 and decisions.get().to_status == contract.status


# --- digital conclusion --------------------------------------------------------------------------------


@pytest.fixture
def minor_contract(business, trainer):
    return ContractFactory(
        business=business,
        trainer=trainer,
        apprentice_first_name="Tim",
        apprentice_last_name="Jung",
        apprentice_birth_date=date(2010, 2, 1),  # 16 at the start
        apprentice_email="tim@example.de",
        guardian1_name="Anna Jung",
        guardian1_email="anna.jung@example.de",
        guardian2_name="Bernd Jung",
        guardian2_email="bernd.jung@example.de",
        medical_certificate_confirmed=True,
        medical_exam_date=date(2026, 4, 20),
        holiday=[13, 23, 21, 20],
    )


def test_a_minor_s_contract_is_concluded_when_the_apprentice_and_both_guardians_confirmed(
    minor_contract, member, reviewer
):
    review_until_accepted(minor_contract, member, reviewer)
    sent = services.contract_confirmation_request(actor=member, contract_id=minor_contract.pk)
    assert sorted(c.role for c in sent) == ["apprentice", "guardian1", "guardian2"]
    tokens = {c.email: token_from(mails(c.email, "confirmation_request")[0]) for c in sent}
    services.contract_confirm(token=tokens["tim@example.de"])
    services.contract_confirm(token=tokens["anna.jung@example.de"])
    assert ApprenticeshipContract.objects.get(pk=minor_contract.pk).status == Status.ACCEPTED
    services.contract_confirm(token=tokens["bernd.jung@example.de"])
    assert ApprenticeshipContract.objects.get(pk=minor_contract.pk).status == Status.CONCLUDED
    # Each gets a receipt with the checksum of the document.
    sha = ContractFile.objects.get(contract=minor_contract, purpose="record").sha256
    assert sha in mails("anna.jung@example.de", "confirmation_receipt")[0].body_text


def test_a_digital_conclusion_needs_every_e_mail_address(minor_contract, member, reviewer):
    review_until_accepted(minor_contract, member, reviewer)
    ApprenticeshipContract.objects.filter(pk=minor_contract.pk).update(guardian2_email="")
    with pytest.raises(workflow.ContractError) as refused:
        services.contract_confirmation_request(actor=member, contract_id=minor_contract.pk)
    assert refused.value.code == "email_missing" and "Bernd Jung" in refused.value.message
    assert not Confirmation.objects.exists()


def test_a_used_an_expired_and_a_replaced_link(contract, member, reviewer, minor_contract):
    review_until_accepted(minor_contract, member, reviewer)
    services.contract_confirmation_request(actor=member, contract_id=minor_contract.pk)
    first = token_from(mails("tim@example.de", "confirmation_request")[0])
    services.contract_confirm(token=first)
    with pytest.raises(workflow.ContractError) as used:
        services.contract_confirm(token=first)
    assert used.value.code == "used"
    assert "bestätigt" in used.value.message and "nicht noch einmal" in used.value.message

    # Sending again replaces the open links; the confirmation already given stays.
    old_guardian = token_from(mails("anna.jung@example.de", "confirmation_request")[0])
    resent = services.contract_confirmation_request(actor=member, contract_id=minor_contract.pk)
    assert sorted(c.role for c in resent) == ["guardian1", "guardian2"]
    with pytest.raises(workflow.ContractError) as replaced:
        services.contract_confirm(token=old_guardian)
    assert replaced.value.code == "revoked"

    new_guardian = token_from(mails("anna.jung@example.de", "confirmation_request")[1])
    Confirmation.objects.filter(email="anna.jung@example.de", revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(workflow.ContractError) as expired:
        services.contract_confirm(token=new_guardian)
    assert expired.value.code == "expired"
    assert ApprenticeshipContract.objects.get(pk=minor_contract.pk).status == Status.ACCEPTED


def test_tokens_are_stored_only_as_hashes_and_never_audited(contract, member, reviewer):
    review_until_accepted(contract, member, reviewer)
    services.contract_confirmation_request(actor=member, contract_id=contract.pk)
    token = token_from(mails("lena@example.de", "confirmation_request")[0])
    confirmation = Confirmation.objects.get()
    assert confirmation.token_hash == services.token_hash(token) and token not in confirmation.token_hash
    for event in AuditEvent.objects.all():
        assert token not in str(event.payload)


# --- later changes, duplicates ------------------------------------------------------------------------


def test_a_change_of_trainer_and_an_early_end_are_reported(contract, member, reviewer, business):
    review_until_accepted(contract, member, reviewer)
    services.contract_conclude_paper(
        actor=member, contract_id=contract.pk, upload=SimpleUploadedFile("v.pdf", pdf_bytes())
    )
    new_trainer = TrainerFactory(business=business, first_name="Nils", last_name="Neu")
    services.contract_change_trainer(
        actor=member, contract_id=contract.pk, trainer=new_trainer, effective_date=date(2026, 10, 1)
    )
    contract.refresh_from_db()
    assert contract.trainer == new_trainer
    foreign = TrainerFactory(business=BusinessFactory())
    with pytest.raises(workflow.ContractError) as refused:
        services.contract_change_trainer(
            actor=member, contract_id=contract.pk, trainer=foreign, effective_date=date(2026, 10, 1)
        )
    assert refused.value.code == "foreign_trainer"

    ended = services.contract_terminate(
        actor=member, contract_id=contract.pk, kind="agreement", ended_on=date(2027, 1, 31), note="Umzug"
    )
    assert (ended.status, ended.ended_on, ended.end_kind) == (Status.TERMINATED, date(2027, 1, 31), "agreement")
    event = ContractEvent.objects.get(contract=contract, event="terminate")
    assert event.effective_date == date(2027, 1, 31) and event.remarks == "Umzug"
    with pytest.raises(workflow.ContractError):
        services.contract_terminate(
            actor=member, contract_id=contract.pk, kind="termination", ended_on=date(2027, 2, 1)
        )


def test_a_duplicate_keeps_occupation_and_terms_for_the_next_apprentice(contract, member):
    copy = services.contract_duplicate(actor=member, contract=contract)
    assert copy.status == Status.DRAFT and copy.pk != contract.pk
    assert (copy.occupation, copy.trainer, copy.start_date) == (
        contract.occupation,
        contract.trainer,
        contract.start_date,
    )
    assert copy.remuneration_amounts() == [Decimal("724.00"), Decimal("854.00"), Decimal("977.00")]
    assert (copy.apprentice_last_name, copy.apprentice_birth_date, copy.holiday) == ("", None, [])
    assert copy.reference.startswith("LV-") and copy.reference != contract.reference


def test_only_drafts_can_be_deleted(contract, member, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    with pytest.raises(workflow.ContractError):
        services.contract_delete_draft(actor=member, contract_id=contract.pk)
    draft = services.contract_create(actor=member, business=contract.business, data={})
    services.contract_delete_draft(actor=member, contract_id=draft.pk)
    assert not ApprenticeshipContract.objects.filter(pk=draft.pk).exists()
