"""The audit writer every app uses for security-relevant events (PINs, links, roles, business functions).

    from businesses.audit import audit_record

    audit_record(action="contracts.contract.submitted", actor=user, business=contract.business,
                 payload={"contract": contract.pk})

Actions are dotted codes `<app>.<object>.<event>`. The payload is small JSON for staff; it never holds a PIN,
a password, a token or a file's content.
"""

from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Business

# What staff read in the admin's audit trail and its export instead of the dotted code. A code missing here
# is shown as it is (test_audit_labels checks that every code written by the apps has a label).
ACTION_LABELS = {
    "accounts.account.deleted": _("Account deleted"),
    "accounts.export.downloaded": _("Data export downloaded"),
    "accounts.export.failed": _("Data export failed"),
    "accounts.export.ready": _("Data export ready"),
    "accounts.export.requested": _("Data export requested"),
    "accounts.inactivity.kept": _("Inactive account kept"),
    "accounts.inactivity.warned": _("Inactivity warning sent"),
    "accounts.mfa.added": _("Second factor added"),
    "accounts.mfa.failed": _("Second factor code wrong"),
    "accounts.mfa.recovery_codes_generated": _("Recovery codes generated"),
    "accounts.mfa.removed": _("Second factor removed"),
    "accounts.mfa.reset_by_staff": _("Second factor reset by staff"),
    "accounts.retention.changed": _("Retention period changed"),
    "accounts.session.ended": _("Session ended"),
    "accounts.session.ended_others": _("Other sessions ended"),
    "businesses.invitation.accepted": _("Invitation accepted"),
    "businesses.invitation.created": _("Invitation sent"),
    "businesses.invitation.revoked": _("Invitation withdrawn"),
    "businesses.membership.account_deleted": _("Link ended: account deleted"),
    "businesses.membership.activated": _("Link activated"),
    "businesses.membership.ended_by_staff": _("Link ended by staff"),
    "businesses.membership.left": _("Business left"),
    "businesses.membership.refused": _("Link refused"),
    "businesses.membership.removed": _("Member removed"),
    "businesses.membership.role_changed": _("Role changed"),
    "businesses.pin.account_locked": _("PIN entry locked for an account"),
    "businesses.pin.guessing_alarm": _("Alarm: PIN guessing"),
    "businesses.pin.issued": _("PIN issued"),
    "businesses.pin.locked": _("PIN locked"),
    "businesses.pin.redeem_failed": _("PIN entry failed"),
    "businesses.pin.redeemed": _("PIN redeemed"),
    "businesses.pin.request_alarm": _("Alarm: many PIN requests"),
    "businesses.pin.requested": _("PIN requested"),
    "businesses.second_factor.required": _("Second factor required by the business"),
    "contracts.contract.confirmation_requested": _("Contract: confirmation requested"),
    "contracts.contract.confirmed": _("Contract confirmed"),
    "contracts.contract.created": _("Contract created"),
    "contracts.contract.deleted": _("Contract deleted"),
    "contracts.contract.duplicated": _("Contract copied"),
    "contracts.contract.submitted": _("Contract submitted"),
    "contracts.contract.trainer_changed": _("Contract: trainer changed"),
    "contracts.contract.updated": _("Contract changed"),
    "contracts.contract.submit": _("Contract submitted to the chamber"),
    "contracts.contract.resubmit": _("Contract submitted again"),
    "contracts.contract.start_review": _("Contract: review started"),
    "contracts.contract.return": _("Contract returned for changes"),
    "contracts.contract.accept": _("Contract accepted"),
    "contracts.contract.reject": _("Contract rejected"),
    "contracts.contract.conclude_digital": _("Contract concluded digitally"),
    "contracts.contract.conclude_paper": _("Contract concluded on paper"),
    "contracts.contract.register": _("Contract registered in the Lehrlingsrolle"),
    "contracts.contract.terminate": _("Contract ended early"),
    "documents.document.deleted": _("Document deleted"),
    "documents.document.done": _("Document done"),
    "documents.document.reopened": _("Document reopened"),
    "documents.document.sent": _("Document sent"),
    "documents.file.downloaded": _("File downloaded"),
    "documents.retention.changed": _("Retention period changed"),
}


def action_label(code: str) -> str:
    """The readable German name of an audit action code; the code itself when it has none."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def audit_record(
    *,
    action: str,
    actor=None,
    business: Business | None = None,
    target_user=None,
    outcome: str = AuditEvent.Outcome.OK,
    payload: dict | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Write one audit event in the current transaction."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        business=business,
        target_user=target_user,
        outcome=outcome,
        payload=payload or {},
        ip=ip or None,
    )
