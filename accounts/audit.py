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
    from businesses.services import audit_record

    return audit_record(action=action, actor=actor, target_user=target_user, payload=payload, ip=ip, outcome=outcome)


def client_ip(request) -> str | None:
    """The client's address as allauth sees it (behind ALLAUTH_TRUSTED_PROXY_COUNT proxies)."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    if request is None:
        return None
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None
