"""The browsers a user is logged in with ("Angemeldete Geräte"): recorded at login, listed, ended.

The login itself lives in the session store (settings.SESSION_ENGINE, portal.sessions); a UserSession
row only describes it. Ending one deletes the session from the store — the browser is logged out on
its next request — and then the row.
"""

import ipaddress
import re
import time
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import account_audit
from .models import User, UserSession

# In the session: which key the row was written for, and when (epoch seconds).
SESSION_MARK = "accounts_session"


def _session_store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def _client_network(request: HttpRequest) -> str | None:
    from allauth.account.adapter import get_adapter

    try:
        address = ipaddress.ip_address(get_adapter(request).get_client_ip(request))
    except (PermissionDenied, ValueError, TypeError):
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def user_session_record(*, request: HttpRequest, user: User, previous_key: str | None = None) -> UserSession:
    """Note the browser of this request as logged in (at login, or when its session key was renewed)."""
    if request.session.session_key is None:
        request.session.save()
    key = request.session.session_key
    now = timezone.now()
    details = {
        "user": user,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        "ip_prefix": _client_network(request),
        "last_seen_at": now,
    }
    if previous_key and previous_key != key:
        # Same browser, new key (password changed): keep its row and when it logged in.
        UserSession.objects.filter(session_key=previous_key, user=user).update(session_key=key, **details)
    row, _created = UserSession.objects.update_or_create(
        session_key=key, defaults=details, create_defaults={**details, "created_at": now}
    )
    request.session[SESSION_MARK] = {"key": key, "seen": time.time()}
    return row


def user_session_seen(*, session_key: str, user_id: int) -> bool:
    """Mark the browser as seen now; False when its row is gone (the session was ended elsewhere)."""
    return bool(
        UserSession.objects.filter(session_key=session_key, user_id=user_id).update(last_seen_at=timezone.now())
    )


def user_session_forget(*, session_key: str | None) -> None:
    """After a logout: the row goes with the session."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def user_sessions_active(*, user: User) -> QuerySet[UserSession]:
    """The user's logged-in browsers whose session still exists and has not expired, latest first."""
    alive = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=timezone.now())
    return UserSession.objects.filter(Exists(alive), user=user)


def user_session_get_for_user(*, user: User, pk: int) -> UserSession:
    """One of the user's own sessions; 404 for a missing and another person's alike."""
    row = UserSession.objects.filter(user=user, pk=pk).first()
    if row is None:
        raise Http404
    return row


def _end(row: UserSession) -> None:
    _session_store(row.session_key).delete()
    row.delete()


def user_session_end(*, user: User, session: UserSession, current_key: str | None, ip: str | None = None) -> None:
    """End one of the user's other browser sessions: that browser is logged out on its next request."""
    if session.user_id != user.pk:
        raise Http404
    if session.session_key == current_key:
        raise ValueError("The current session is ended by logging out.")
    _end(session)
    account_audit(
        action="accounts.session.ended",
        actor=user,
        target_user=user,
        payload={"session": session.pk, "browser": describe_user_agent(session.user_agent)},
        ip=ip,
    )


def user_sessions_end_others(*, user: User, current_key: str | None, ip: str | None = None) -> int:
    """ "Überall sonst abmelden": every session of the user except this one; returns how many."""
    others = list(UserSession.objects.filter(user=user).exclude(session_key=current_key or ""))
    for row in others:
        _end(row)
    if others:
        account_audit(
            action="accounts.session.ended_others",
            actor=user,
            target_user=user,
            payload={"count": len(others)},
            ip=ip,
        )
    return len(others)


def user_sessions_end_all(*, user: User) -> int:
    """Every session of the user, the current one included (account deleted, second factor reset)."""
    rows = list(UserSession.objects.filter(user=user))
    for row in rows:
        _end(row)
    return len(rows)


# --- describing a browser ------------------------------------------------------------------------

_BROWSERS = [
    (r"Edg(?:e|A|iOS)?/", "Microsoft Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
]
_SYSTEMS = [
    (r"iPhone|iPad|iPod", "iOS"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"CrOS", "ChromeOS"),
    (r"Linux", "Linux"),
]


def describe_user_agent(user_agent: str) -> str:
    """ "Firefox unter Windows" — what a person recognises their own browser by."""
    browser = next((name for pattern, name in _BROWSERS if re.search(pattern, user_agent or "")), "")
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, user_agent or "")), "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Unknown browser")
