"""Who has a second factor, and whether this session was opened (or confirmed) with one.

The rules that build on these live in one place each: chamber staff and the admin in
accounts.middleware.StaffSecondFactorMiddleware, businesses that require it of their members in
businesses.mfa_policy.
"""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

# Recovery codes alone are no second factor: they exist only next to one of these (allauth deletes
# them with the last one) and serve to get back in when it is lost.
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user) -> bool:
    """An authenticator app or a passkey / security key is set up for the account."""
    if user is None or not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTOR_TYPES).exists()


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def has_passkey(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.WEBAUTHN).exists()


def users_with_second_factor(user_ids) -> set[int]:
    """Of `user_ids`, those with a second factor (one query, for lists of members)."""
    return set(
        Authenticator.objects.filter(user_id__in=list(user_ids), type__in=SECOND_FACTOR_TYPES)
        .values_list("user_id", flat=True)
        .distinct()
    )


def session_used_second_factor(request: HttpRequest) -> bool:
    """This session's login, or a confirmation since, passed a second factor: a code from the app, a
    recovery code, a security key or a passkey (which proves possession and PIN or fingerprint).

    allauth records each authentication step in the session, for the user it was made for; a fresh
    login starts a fresh record, so a step of an earlier login never counts.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def second_factor_confirmed_recently(request: HttpRequest, *, seconds: int = 300) -> bool:
    """The person confirmed a second factor in this session within `seconds` ("confirm it is you")."""
    user = request.user
    since = time.time() - seconds
    return any(
        record.get("method") == "mfa" and record.get("reauthenticated") and record.get("at", 0) > since
        for record in get_authentication_records(request, user)
    )


def staff_may_use_admin(request: HttpRequest) -> bool:
    """Chamber staff reach the admin only with a second factor set up and used in this session."""
    return session_used_second_factor(request) and has_second_factor(request.user)
