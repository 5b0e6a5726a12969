"""Writes of the contracts app: drafts, the workflow steps, both ways of concluding, registration, later
changes. Every status change goes through `workflow.transition` (one table)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from businesses.access import AccessDenied, membership_for
from businesses.audit import audit_record
from businesses.models import Business
from notifications.services import absolute_url, email_send_template
from portal.files import check_upload, safe_name

from . import pdf, rules, workflow
from .models import ApprenticeshipContract, Confirmation, ContractFile, MinimumRemuneration, Occupation, Trainer
from .workflow import ContractError

Status = ApprenticeshipContract.Status

CONFIRMATION_VALID_DAYS = 14

# The fields a business edits (the contract form); everything else is set by the workflow.
EDITABLE_FIELDS = [
    "training_site",
    "ba_betriebsnummer",
    "apprentice_first_name",
    "apprentice_last_name",
    "apprentice_birth_date",
    "apprentice_street",
    "apprentice_postal_code",
    "apprentice_city",
    "apprentice_email",
    "apprentice_school_qualification",
    "guardian1_name",
    "guardian1_address",
    "guardian1_email",
    "guardian2_name",
    "guardian2_address",
    "guardian2_email",
    "medical_certificate_confirmed",
    "medical_exam_date",
    "occupation",
    "training_form",
    "part_time_reduction_percent",
    "start_date",
    "shortening_months",
    "shortening_reason",
    "shortening_note",
    "probation_months",
    "daily_hours",
    "weekly_hours",
    "days_per_week",
    "collective_agreement_binding",
    "collective_agreements",
    "trainer",
    "record_form",
    "measures_outside",
    "other_agreements",
]
# What a duplicate ("same occupation, next apprentice") takes over.
DUPLICATED_FIELDS = [
    "training_site",
    "ba_betriebsnummer",
    "occupation",
    "training_form",
    "part_time_reduction_percent",
    "start_date",
    "probation_months",
    "daily_hours",
    "weekly_hours",
    "days_per_week",
    "remuneration",
    "collective_agreement_binding",
    "collective_agreements",
    "trainer",
    "record_form",
    "measures_outside",
    "other_agreements",
]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_member(*, actor, business_id: int) -> None:
    if membership_for(user=actor, business_id=business_id) is None:
        raise AccessDenied(_("Only members of the training business may do this."))


def contract_check(*, contract: ApprenticeshipContract) -> list[rules.CheckResult]:
    """Every check's result for this contract (the form, the submit service and the review page use it)."""
    return rules.run_checks(contract, remuneration_table=MinimumRemuneration.table())


def _apply(contract: ApprenticeshipContract, data: dict) -> list[str]:
    """Copy the form's values onto the contract and compute duration and end; returns the changed fields."""
    changed = []
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        if getattr(contract, name) != value:
            setattr(contract, name, value)
            changed.append(name)
    if "remuneration" in data:
        before = list(contract.remuneration or [])
        contract.set_remuneration(list(data["remuneration"]))
        if contract.remuneration != before:
            changed.append("remuneration")
    if "holiday" in data:
        before = list(contract.holiday or [])
        contract.set_holiday(list(data["holiday"]))
        if contract.holiday != before:
            changed.append("holiday")
    if contract.training_form != ApprenticeshipContract.TrainingForm.PART_TIME and "training_form" in changed:
        contract.part_time_reduction_percent = None
    contract.duration_months = rules.computed_duration(contract)
    contract.end_date = rules.computed_end(contract)
    return changed


def _check_choices(*, contract: ApprenticeshipContract) -> None:
    """The form offers only the business's own sites and trainers; a hand-made request gets the same answer."""
    if contract.training_site_id is not None:
        site = contract.training_site
        if site.pk != contract.business_id and site.main_business_id != contract.business_id:
            raise ContractError(_("The training site must be your business or one of its branches."), "foreign_site")
    if contract.trainer_id is not None and contract.trainer.business_id not in {
        contract.business_id,
        contract.training_site_id,
    }:
        raise ContractError(_("Please choose one of your business's trainers."), "foreign_trainer")


@transaction.atomic
def contract_create(*, actor, business: Business, data: dict, ip: str | None = None) -> ApprenticeshipContract:
    """A new draft for `business`, as complete as the person got (a draft may be incomplete)."""
    _require_member(actor=actor, business_id=business.pk)
    contract = ApprenticeshipContract(business=business, created_by=actor)
    _apply(contract, data)
    _check_choices(contract=contract)
    contract.save()
    contract.reference = f"LV-{contract.created_at.year}-{contract.pk:06d}"
    contract.save(update_fields=["reference"])
    workflow.history_add(contract=contract, event="created", actor=actor, label=workflow.actor_label(actor))
    audit_record(
        action="contracts.contract.created",
        actor=actor,
        business=business,
        payload={"contract": contract.pk, "reference": contract.reference},
        ip=ip,
    )
    return contract


@transaction.atomic
def contract_update(*, actor, contract_id: int, data: dict, ip: str | None = None) -> ApprenticeshipContract:
    """Save the business's changes to a draft or a returned contract."""
    contract = workflow.lock(contract_id)
    _require_member(actor=actor, business_id=contract.business_id)
    if not contract.is_editable:
        raise ContractError(
            _("A contract with the status “%(status)s” can no longer be changed.")
            % {"status": contract.get_status_display()},
            code="not_editable",
        )
    changed = _apply(contract, data)
    _check_choices(contract=contract)
    if changed:
        contract.save()
        audit_record(
            action="contracts.contract.updated",
            actor=actor,
            business=contract.business,
            payload={"contract": contract.pk, "fields": sorted(changed)},
            ip=ip,
        )
    return contract


@transaction.atomic
def contract_submit(*, actor, contract_id: int, ip: str | None = None, request=None) -> ApprenticeshipContract:
    """Send a complete, valid contract to the chamber (again, after it was returned)."""
    contract = ApprenticeshipContract.objects.get(pk=contract_id)
    event = "resubmit" if contract.status == Status.RETURNED else "submit"

    def valid(locked: ApprenticeshipContract) -> None:
        errors = [finding for finding in rules.findings_of(contract_check(contract=locked)) if finding.is_error]
        if errors:
            raise ContractError(
                _("The contract cannot be submitted yet: %(count)s entries are missing or not allowed.")
                % {"count": len(errors)}
                if len(errors) > 1
                else _("The contract cannot be submitted yet: one entry is missing or not allowed."),
                code="invalid",
                findings=errors,
            )

    return workflow.transition(contract_id=contract_id, event=event, actor=actor, ip=ip, request=request, before=valid)


def contract_start_review(*, actor, contract_id: int, ip: str | None = None) -> ApprenticeshipContract:
    return workflow.transition(contract_id=contract_id, event="start_review", actor=actor, ip=ip)


def contract_return(*, actor, contract_id: int, remarks: str, ip: str | None = None) -> ApprenticeshipContract:
    return workflow.transition(contract_id=contract_id, event="return", actor=actor, remarks=remarks, ip=ip)


def contract_accept(*, actor, contract_id: int, ip: str | None = None) -> ApprenticeshipContract:
    """The chamber accepts the contract as checked; the business concludes it next (digitally or on paper)."""

    def still_valid(contract: ApprenticeshipContract) -> None:
        errors = [finding for finding in rules.findings_of(contract_check(contract=contract)) if finding.is_error]
        if errors:
            raise ContractError(
                _("The contract has errors (see the checks) and cannot be accepted; return it with remarks instead."),
                code="invalid",
                findings=errors,
            )

    return workflow.transition(contract_id=contract_id, event="accept", actor=actor, ip=ip, before=still_valid)


def contract_reject(*, actor, contract_id: int, reason: str, ip: str | None = None) -> ApprenticeshipContract:
    return workflow.transition(contract_id=contract_id, event="reject", actor=actor, remarks=reason, ip=ip)


# --- digital conclusion ------------------------------------------------------------------------------


def _parties(contract: ApprenticeshipContract) -> list[tuple[str, str, str]]:
    """(role, name, e-mail) of everyone who must confirm: the apprentice, and for a minor the guardians."""
    parties = [(Confirmation.Role.APPRENTICE, contract.apprentice_name, contract.apprentice_email)]
    if rules.is_minor_at_start(contract):
        for guardian in contract.guardians():
            parties.append((f"guardian{guardian['number']}", guardian["name"], guardian["email"]))
    return parties


def _store_file(
    *, contract: ApprenticeshipContract, purpose: str, content: bytes, name: str, kind: str = "pdf", actor=None
) -> ContractFile:
    stored = ContractFile(
        contract=contract,
        purpose=purpose,
        kind=kind,
        original_name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    stored.file.save(name, ContentFile(content), save=False)
    try:
        stored.save()
    except Exception:
        stored.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def contract_confirmation_request(
    *, actor, contract_id: int, request=None, base_url: str = "", ip: str | None = None
) -> list[Confirmation]:
    """Send the accepted contract to the apprentice (and the guardians of a minor) for confirmation: each gets
    the contract record (PDF attached) and a personal link, single use, valid CONFIRMATION_VALID_DAYS days.
    Sending again withdraws the links sent before (confirmations already given stay)."""
    contract = workflow.lock(contract_id)
    _require_member(actor=actor, business_id=contract.business_id)
    if contract.status != Status.ACCEPTED:
        raise ContractError(
            _("Only a contract the chamber has accepted can be concluded."), code="transition_not_allowed"
        )
    parties = _parties(contract)
    missing = [name or _("the apprentice") for _role, name, email in parties if not email]
    if rules.is_minor_at_start(contract) and not contract.guardians():
        missing.append(_("the legal guardians"))
    if missing:
        raise ContractError(
            _("For a digital conclusion, every party needs an e-mail address. Missing for: %(names)s.")
            % {"names": ", ".join(missing)},
            code="email_missing",
        )
    now = timezone.now()
    open_ones = contract.confirmations.filter(confirmed_at__isnull=True, revoked_at__isnull=True)
    open_ones.update(revoked_at=now)
    confirmed_roles = set(
        contract.confirmations.filter(confirmed_at__isnull=False, document__in=_current_record(contract)).values_list(
            "role", flat=True
        )
    )
    record = _current_record(contract).first()
    if record is None:
        record = _store_file(
            contract=contract,
            purpose=ContractFile.Purpose.RECORD,
            content=pdf.contract_pdf(contract, for_confirmation=True),
            name=f"Berufsausbildungsvertrag-{contract.reference}.pdf",
            actor=actor,
        )
    with record.file.open("rb") as handle:
        attachment = handle.read()
    created = []
    for role, name, email in parties:
        if role in confirmed_roles:
            continue
        token = secrets.token_urlsafe(32)
        confirmation = Confirmation.objects.create(
            contract=contract,
            role=role,
            name=name,
            email=email,
            token_hash=token_hash(token),
            document=record,
            created_at=now,
            expires_at=now + timedelta(days=CONFIRMATION_VALID_DAYS),
        )
        created.append(confirmation)
        email_send_template(
            template_prefix="contracts/mail/confirmation_request",
            to=[email],
            context={
                "contract": contract,
                "confirmation": confirmation,
                "minor": role != Confirmation.Role.APPRENTICE,
                "confirm_url": absolute_url(
                    reverse("contracts:confirm", args=[token]), request=request, base_url=base_url
                ),
                "valid_days": CONFIRMATION_VALID_DAYS,
                "expires_at": confirmation.expires_at,
            },
            attachments=[(record.original_name, attachment, "application/pdf")],
            contains_secret=True,
        )
    workflow.history_add(
        contract=contract,
        event="confirmation_requested",
        actor=actor,
        label=workflow.actor_label(actor),
        payload={"to": [c.name for c in created], "document_sha256": record.sha256},
    )
    audit_record(
        action="contracts.contract.confirmation_requested",
        actor=actor,
        business=contract.business,
        payload={"contract": contract.pk, "confirmations": [c.pk for c in created], "document": record.sha256},
        ip=ip,
    )
    return created


def _current_record(contract: ApprenticeshipContract):
    """The record the parties confirm. Written once, when the contract is first sent for confirmation: an
    accepted contract cannot be changed any more, so every party confirms the same document."""
    return contract.files.filter(purpose=ContractFile.Purpose.RECORD).order_by("-created_at", "-pk")


def confirmation_get_by_token(*, token: str) -> Confirmation | None:
    return (
        Confirmation.objects.select_related(
            "contract", "contract__business", "contract__occupation", "contract__trainer", "contract__training_site"
        )
        .select_related("document")
        .filter(token_hash=token_hash(token))
        .first()
    )


REFUSALS = {
    "used": lambda c: (
        _("You confirmed this contract on %(date)s. The link cannot be used again.")
        % {"date": timezone.localtime(c.confirmed_at).strftime("%d.%m.%Y %H:%M")}
    ),
    "revoked": lambda c: _(
        "This link is no longer valid: the training business has sent a new one. Please use the link in the newest "
        "e-mail."
    ),
    "expired": lambda c: _(
        "This link has expired. Please ask the training business to send the contract to you again; you will get "
        "a new link."
    ),
    "closed": lambda c: _("This contract can no longer be confirmed here (its status has changed)."),
}


def confirmation_refusal(confirmation: Confirmation) -> str | None:
    reason = confirmation.refusal()
    if reason is None and confirmation.contract.status != Status.ACCEPTED:
        reason = "closed"
    return str(REFUSALS[reason](confirmation)) if reason else None


@transaction.atomic
def contract_confirm(*, token: str, ip: str | None = None, user_agent: str = "", request=None) -> Confirmation:
    """A party confirms receipt and agreement through the link. Records who, when, from where and the document's
    SHA-256; once every party has confirmed, the contract is concluded."""
    found = Confirmation.objects.filter(token_hash=token_hash(token)).values_list("contract_id", flat=True).first()
    if found is None:
        raise ContractError(_("This link is not valid."), code="invalid_token")
    contract = workflow.lock(found)  # contract first, then the confirmation: the same order as every transition
    confirmation = Confirmation.objects.select_for_update().select_related("document").get(token_hash=token_hash(token))
    confirmation.contract = contract
    refusal = confirmation_refusal(confirmation)
    if refusal:
        raise ContractError(refusal, code=confirmation.refusal() or "closed")
    now = timezone.now()
    confirmation.confirmed_at = now
    confirmation.document_sha256 = confirmation.document.sha256
    confirmation.ip = ip
    confirmation.user_agent = user_agent[:300]
    confirmation.save(update_fields=["confirmed_at", "document_sha256", "ip", "user_agent"])
    workflow.history_add(
        contract=contract,
        event="confirmed",
        label=f"{confirmation.name} ({confirmation.get_role_display()})",
        payload={"confirmation": confirmation.pk, "document_sha256": confirmation.document_sha256},
    )
    audit_record(
        action="contracts.contract.confirmed",
        business=contract.business,
        payload={
            "contract": contract.pk,
            "confirmation": confirmation.pk,
            "role": confirmation.role,
            "document": confirmation.document_sha256,
        },
        ip=ip,
    )
    email_send_template(
        template_prefix="contracts/mail/confirmation_receipt",
        to=[confirmation.email],
        context={"contract": contract, "confirmation": confirmation},
    )
    roles = {role for role, _name, _email in _parties(contract)}
    confirmed = set(
        contract.confirmations.filter(confirmed_at__isnull=False, document=confirmation.document).values_list(
            "role", flat=True
        )
    )
    if roles <= confirmed:

        def concluded(locked: ApprenticeshipContract) -> list[str]:
            locked.conclusion = ApprenticeshipContract.Conclusion.DIGITAL
            locked.concluded_at = now
            return ["conclusion", "concluded_at"]

        workflow.transition(
            contract_id=contract.pk,
            event="conclude_digital",
            ip=ip,
            request=request,
            update=concluded,
            payload={"document_sha256": confirmation.document_sha256},
        )
    return confirmation


# --- paper conclusion ---------------------------------------------------------------------------------


@transaction.atomic
def contract_conclude_paper(*, actor, contract_id: int, upload, ip: str | None = None, request=None) -> ContractFile:
    """The business uploads the contract signed on paper (PDF, JPEG or PNG, checked by content)."""
    try:
        kind = check_upload(upload, max_bytes=settings.FORMS_MAX_UPLOAD_BYTES)
    except ValidationError as error:
        raise ContractError(error.messages[0], code="file_refused") from error
    stored: list[ContractFile] = []

    def attach(contract: ApprenticeshipContract) -> list[str]:
        upload.seek(0)
        content = upload.read()
        stored.append(
            _store_file(
                contract=contract,
                purpose=ContractFile.Purpose.SIGNED_SCAN,
                content=content,
                name=safe_name(upload.name),
                kind=kind,
                actor=actor,
            )
        )
        contract.conclusion = ApprenticeshipContract.Conclusion.PAPER
        contract.concluded_at = timezone.now()
        contract.confirmations.filter(confirmed_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=contract.concluded_at
        )
        return ["conclusion", "concluded_at"]

    try:
        workflow.transition(
            contract_id=contract_id, event="conclude_paper", actor=actor, ip=ip, request=request, update=attach
        )
    except Exception:
        for item in stored:
            item.file.delete(save=False)
        raise
    return stored[0]


# --- registration --------------------------------------------------------------------------------------


@transaction.atomic
def contract_register(
    *, actor, contract_id: int, register_number: str = "", ip: str | None = None
) -> ApprenticeshipContract:
    """Staff register the concluded contract in the Lehrlingsrolle: register number (the given one, or
    LR-<year>-<id>), and the registration certificate the business downloads."""
    register_number = register_number.strip()
    stored: list[ContractFile] = []

    def register(contract: ApprenticeshipContract) -> list[str]:
        number = register_number or f"LR-{timezone.localdate().year}-{contract.pk:06d}"
        if ApprenticeshipContract.objects.filter(register_number=number).exclude(pk=contract.pk).exists():
            raise ContractError(
                _("The register number %(number)s is already taken.") % {"number": number}, code="number_taken"
            )
        contract.register_number = number
        contract.registered_at = timezone.now()
        stored.append(
            _store_file(
                contract=contract,
                purpose=ContractFile.Purpose.CERTIFICATE,
                content=pdf.certificate_pdf(contract),
                name=f"Eintragungsbestaetigung-{number}.pdf",
                actor=actor,
            )
        )
        return ["register_number", "registered_at"]

    try:
        return workflow.transition(
            contract_id=contract_id,
            event="register",
            actor=actor,
            ip=ip,
            update=register,
            payload={"register_number": register_number or "auto"},
        )
    except Exception:
        for item in stored:
            item.file.delete(save=False)
        raise


# --- later changes ------------------------------------------------------------------------------------


@transaction.atomic
def contract_change_trainer(
    *, actor, contract_id: int, trainer: Trainer, effective_date: date, ip: str | None = None, request=None
) -> ApprenticeshipContract:
    """Report a new trainer for a concluded or registered contract."""
    contract = workflow.lock(contract_id)
    _require_member(actor=actor, business_id=contract.business_id)
    if contract.status not in (Status.CONCLUDED, Status.REGISTERED):
        raise ContractError(
            _("A change of trainer can be reported for concluded contracts only."), code="transition_not_allowed"
        )
    if trainer.business_id not in {contract.business_id, contract.training_site_id} or not trainer.is_active:
        raise ContractError(_("Please choose one of your business's trainers."), code="foreign_trainer")
    if trainer.pk == contract.trainer_id:
        raise ContractError(_("%(name)s is already the trainer.") % {"name": trainer.full_name}, code="unchanged")
    previous = contract.trainer
    contract.trainer = trainer
    contract.save(update_fields=["trainer", "updated_at"])
    workflow.history_add(
        contract=contract,
        event="trainer_changed",
        actor=actor,
        label=workflow.actor_label(actor),
        effective_date=effective_date,
        remarks=f"{previous.full_name if previous else '–'} → {trainer.full_name}",
        payload={"from": previous.pk if previous else None, "to": trainer.pk},
    )
    audit_record(
        action="contracts.contract.trainer_changed",
        actor=actor,
        business=contract.business,
        payload={"contract": contract.pk, "from": previous.pk if previous else None, "to": trainer.pk},
        ip=ip,
    )
    workflow.notify_members(contract=contract, event="trainer_changed", request=request)
    return contract


def contract_terminate(
    *, actor, contract_id: int, kind: str, ended_on: date, note: str = "", ip: str | None = None, request=None
) -> ApprenticeshipContract:
    """Report that the training ended early: termination (in or after the probation period) or a cancellation
    agreement, with the date."""
    if kind not in ApprenticeshipContract.EndKind.values:
        raise ContractError(_("Please choose how the training ended."), code="end_kind")

    def check(contract: ApprenticeshipContract) -> None:
        if contract.start_date and ended_on < contract.start_date - timedelta(days=366):
            raise ContractError(_("Please check the date: it lies long before the start."), code="end_date")
        if contract.end_date and ended_on > contract.end_date:
            raise ContractError(
                _("The date lies after the regular end of the training (%(end)s).")
                % {"end": contract.end_date.strftime("%d.%m.%Y")},
                code="end_date",
            )

    def ended(contract: ApprenticeshipContract) -> list[str]:
        contract.ended_on = ended_on
        contract.end_kind = kind
        return ["ended_on", "end_kind"]

    return workflow.transition(
        contract_id=contract_id,
        event="terminate",
        actor=actor,
        remarks=note,
        ip=ip,
        request=request,
        before=check,
        update=ended,
        effective_date=ended_on,
        payload={"kind": kind, "ended_on": ended_on.isoformat()},
    )


# --- duplicates and deletion ---------------------------------------------------------------------------


@transaction.atomic
def contract_duplicate(*, actor, contract: ApprenticeshipContract, ip: str | None = None) -> ApprenticeshipContract:
    """A new draft with the same occupation, times, remuneration and trainer — for the next apprentice."""
    _require_member(actor=actor, business_id=contract.business_id)
    data = {name: getattr(contract, name) for name in DUPLICATED_FIELDS if name not in ("remuneration",)}
    data["remuneration"] = contract.remuneration_amounts()
    if data["occupation"] is not None and not data["occupation"].is_active:
        data["occupation"] = None
    if data["trainer"] is not None and not data["trainer"].is_active:
        data["trainer"] = None
    copy = contract_create(actor=actor, business=contract.business, data=data, ip=ip)
    audit_record(
        action="contracts.contract.duplicated",
        actor=actor,
        business=contract.business,
        payload={"contract": copy.pk, "from": contract.pk},
        ip=ip,
    )
    return copy


@transaction.atomic
def contract_delete_draft(*, actor, contract_id: int, ip: str | None = None) -> None:
    contract = workflow.lock(contract_id)
    _require_member(actor=actor, business_id=contract.business_id)
    if contract.status != Status.DRAFT:
        raise ContractError(_("Only a draft can be deleted."), code="not_draft")
    audit_record(
        action="contracts.contract.deleted",
        actor=actor,
        business=contract.business,
        payload={"contract": contract.pk, "reference": contract.reference},
        ip=ip,
    )
    contract.delete()


def last_ba_betriebsnummer(*, business: Business) -> str:
    """The BA-Betriebsnummer of the business's latest contract, to prefill a new one."""
    return (
        ApprenticeshipContract.objects.filter(business=business)
        .exclude(ba_betriebsnummer="")
        .order_by("-created_at", "-pk")
        .values_list("ba_betriebsnummer", flat=True)
        .first()
        or ""
    )


def occupations_for_form():
    return Occupation.objects.active()
