"""What every app needs to know about the request it serves: who is asking from where, at which address."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as allauth sees it (honours ALLAUTH_TRUSTED_PROXY_COUNT), for rate limits and
    the audit log; None when the forwarding headers are inconsistent."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None


def base_url(request: HttpRequest) -> str:
    """`https://portal.example` — for links in mails written later, outside this request."""
    return request.build_absolute_uri("/").rstrip("/")
