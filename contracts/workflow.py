"""The contract's status: one transition table, and the one function that moves a contract along it.

    draft ─submit→ submitted ─start_review→ in_review ─accept→ accepted ─conclude_digital/conclude_paper→
    concluded ─register→ registered ─terminate→ terminated
                                   in_review ─return→ returned ─resubmit→ submitted
                                   in_review ─reject→ rejected

A transition locks the contract row (`select_for_update`), checks the table (so no step can be skipped or
repeated, and of two concurrent transitions only the first wins), writes the new status and a history entry,
audits (`contracts.contract.<event>`) and mails the business's active members through the outbox, which
delivers after commit. Whether the actor may act (member of the business, chamber staff) is checked here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from businesses.access import AccessDenied, members_of, membership_for
from businesses.audit import audit_record
from notifications.services import absolute_url, email_send_template
from portal.errors import PortalError

from .models import ApprenticeshipContract, ContractEvent

Status = ApprenticeshipContract.Status

BUSINESS = "business"  # an active member of the contract's business
STAFF = "staff"  # chamber staff with the review permission
SYSTEM = "system"  # the portal itself (all confirmations received)

REVIEW_PERMISSION = "contracts.review_apprenticeshipcontract"


class ContractError(PortalError):
    """A rule of the contract workflow refused the action. `findings` holds the checks' findings when a
    contract is not complete or not valid."""

    def __init__(self, message: str, code: str = "refused", findings: list | None = None) -> None:
        super().__init__(message, code)
        self.findings = findings or []


@dataclass(frozen=True)
class Transition:
    event: str
    sources: tuple[str, ...]
    target: str
    by: str
    label: Promise  # as the history and the mails say it: "submitted", "returned for changes"
    needs_remarks: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.event: t
    for t in [
        Transition("submit", (Status.DRAFT,), Status.SUBMITTED, BUSINESS, _("submitted to the chamber")),
        Transition("resubmit", (Status.RETURNED,), Status.SUBMITTED, BUSINESS, _("submitted again")),
        Transition("start_review", (Status.SUBMITTED,), Status.IN_REVIEW, STAFF, _("review started by the chamber")),
        Transition(
            "return", (Status.IN_REVIEW,), Status.RETURNED, STAFF, _("returned for changes"), needs_remarks=True
        ),
        Transition("accept", (Status.IN_REVIEW,), Status.ACCEPTED, STAFF, _("accepted by the chamber")),
        Transition("reject", (Status.IN_REVIEW,), Status.REJECTED, STAFF, _("rejected"), needs_remarks=True),
        Transition(
            "conclude_digital", (Status.ACCEPTED,), Status.CONCLUDED, SYSTEM, _("concluded digitally (confirmed)")
        ),
        Transition("conclude_paper", (Status.ACCEPTED,), Status.CONCLUDED, BUSINESS, _("concluded on paper")),
        Transition("register", (Status.CONCLUDED,), Status.REGISTERED, STAFF, _("registered in the Lehrlingsrolle")),
        Transition("terminate", (Status.CONCLUDED, Status.REGISTERED), Status.TERMINATED, BUSINESS, _("ended early")),
    ]
}

# Events of the history that do not change the status.
OTHER_EVENTS: dict[str, Promise] = {
    "created": _("draft created"),
    "confirmation_requested": _("contract sent for confirmation"),
    "confirmed": _("receipt and agreement confirmed"),
    "trainer_changed": _("change of trainer reported"),
}


def event_by(event: str) -> str:
    return TRANSITIONS[event].by if event in TRANSITIONS else ""


def event_label(event: str) -> str:
    if event in TRANSITIONS:
        return str(TRANSITIONS[event].label)
    return str(OTHER_EVENTS.get(event, event))


def events_from(status: str, *, by: str | None = None) -> list[Transition]:
    """The transitions the table allows from `status` (for one kind of actor)."""
    return [t for t in TRANSITIONS.values() if status in t.sources and (by is None or t.by == by)]


def is_reviewer(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff and user.has_perm(REVIEW_PERMISSION))


def require_actor(*, transition_by: str, actor, contract: ApprenticeshipContract) -> None:
    if transition_by == BUSINESS:
        if membership_for(user=actor, business_id=contract.business_id) is None:
            raise AccessDenied(str(_("Only members of the training business may do this.")))
    elif transition_by == STAFF and not is_reviewer(actor):
        raise AccessDenied(str(_("Only the chamber's staff may do this.")))


def lock(contract_id: int) -> ApprenticeshipContract:
    """The contract, locked until the surrounding transaction ends."""
    return (
        ApprenticeshipContract.objects.select_for_update(of=("self",))
        .select_related("business", "occupation", "trainer", "training_site")
        .get(pk=contract_id)
    )


def actor_label(actor) -> str:
    """The name the history keeps (the business's pages show the chamber's name for staff steps)."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.get_full_name() or actor.email
    return ""


def history_add(
    *,
    contract: ApprenticeshipContract,
    event: str,
    actor=None,
    label: str = "",
    remarks: str = "",
    from_status: str = "",
    to_status: str = "",
    effective_date=None,
    payload: dict | None = None,
) -> ContractEvent:
    return ContractEvent.objects.create(
        contract=contract,
        event=event,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        actor_label=label[:200],
        remarks=remarks,
        effective_date=effective_date,
        payload=payload or {},
    )


def members_to_notify(contract: ApprenticeshipContract) -> list:
    """Who is told about a contract: every active member of the training business — the same people who may
    see and change it (the note on "Meine Lehrverträge" says so)."""
    return [membership.user for membership in members_of(business_id=contract.business_id).order_by("user__email")]


def notify_members(
    *, contract: ApprenticeshipContract, event: str, remarks: str = "", request=None, base_url: str = ""
) -> None:
    """One mail per active member of the business, written to the outbox in this transaction."""
    detail_url = absolute_url(contract.get_absolute_url(), request=request, base_url=base_url)
    for user in members_to_notify(contract):
        email_send_template(
            template_prefix="contracts/mail/status_changed",
            to=[user.email],
            context={
                "user": user,
                "contract": contract,
                "event": event,
                "event_label": event_label(event),
                "remarks": remarks,
                "detail_url": detail_url,
            },
        )


@transaction.atomic
def transition(
    *,
    contract_id: int,
    event: str,
    actor=None,
    remarks: str = "",
    ip: str | None = None,
    request=None,
    base_url: str = "",
    before: Callable[[ApprenticeshipContract], None] | None = None,
    update: Callable[[ApprenticeshipContract], list[str]] | None = None,
    payload: dict | None = None,
    effective_date=None,
) -> ApprenticeshipContract:
    """Move the contract along the table: lock, check, write, record, audit, mail.

    `before(contract)` runs on the locked row after the table check and may refuse (raise ContractError);
    `update(contract)` sets further fields on it and returns their names."""
    step = TRANSITIONS[event]
    contract = lock(contract_id)
    require_actor(transition_by=step.by, actor=actor, contract=contract)
    if contract.status not in step.sources:
        raise ContractError(
            str(
                _("This step is not possible for a contract with the status “%(status)s” (any more).")
                % {"status": contract.get_status_display()}
            ),
            code="transition_not_allowed",
        )
    remarks = remarks.strip()
    if step.needs_remarks and not remarks:
        raise ContractError(str(_("Please give the reason (the business reads it).")), code="remarks_required")
    if before is not None:
        before(contract)
    from_status = contract.status
    now = timezone.now()
    contract.status = step.target
    contract.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if step.target == Status.SUBMITTED:
        contract.submitted_at = now
        fields.append("submitted_at")
    if step.needs_remarks:
        contract.staff_remarks = remarks
        fields.append("staff_remarks")
    if update is not None:
        fields += update(contract)
    contract.save(update_fields=sorted(set(fields)))
    history_add(
        contract=contract,
        event=event,
        actor=actor,
        label=actor_label(actor),
        remarks=remarks,
        from_status=from_status,
        to_status=step.target,
        effective_date=effective_date,
        payload=payload,
    )
    audit_record(
        action=f"contracts.contract.{event}",
        actor=actor,
        business=contract.business,
        payload={"contract": contract.pk, "reference": contract.reference, "from": from_status, "to": step.target}
        | (payload or {}),
        ip=ip,
    )
    notify_members(contract=contract, event=event, remarks=remarks, request=request, base_url=base_url)
    return contract
