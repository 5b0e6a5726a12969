"""The audit writer every app uses for security-relevant events (PINs, links, roles, business functions).

    from businesses.audit import audit_record

    audit_record(action="contracts.contract.submitted", actor=user, business=contract.business,
                 payload={"contract": contract.pk})

Actions are dotted codes `<app>.<object>.<event>`. The payload is small JSON for staff; it never holds a PIN,
a password, a token or a file's content.
"""

from .models import AuditEvent, Business


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
