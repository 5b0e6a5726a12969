"""Account events in the portal's one audit log (businesses.AuditEvent), which staff read in the admin.

Action codes start with "accounts."; the payload never holds a password, code, token or secret.
"""

from businesses.models import AuditEvent


def account_audit(
    *,
    action: str,
    actor=None,
    target_user=None,
    payload: dict | None = None,
    ip: str | None = None,
    outcome: str = AuditEvent.Outcome.OK,
) -> AuditEvent:
    from businesses.audit import audit_record

    return audit_record(action=action, actor=actor, target_user=target_user, payload=payload, ip=ip, outcome=outcome)


def client_ip(request) -> str | None:
    """The client's address (portal.request_meta), or None outside a request."""
    from portal.request_meta import client_ip as request_client_ip

    return request_client_ip(request) if request is not None else None
