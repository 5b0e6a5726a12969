"""Account workflows: activation, initial password, correcting a mistyped sign-up, staff actions."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifications.services import email_send_template

from .models import User
from .tokens import activation_token_generator


class AccountError(Exception):
    """An account rule refused the action; `message` is German text for the user."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def activation_url(*, request: HttpRequest, user: User) -> str:
    path = reverse(
        "accounts:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def activation_send(*, request: HttpRequest, user: User) -> None:
    """Mail the activation link to a user who has not set a password yet."""
    email_send_template(
        template_prefix="accounts/mail/activation",
        to=[user.email],
        context={
            "user": user,
            "activation_url": activation_url(request=request, user=user),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
            "login_url": request.build_absolute_uri(reverse("account_login")),
        },
        contains_secret=True,
    )


def activation_resend(*, request: HttpRequest, email: str) -> None:
    """Send a new activation mail if `email` belongs to an account still waiting for activation.

    Says nothing about whether it did: the caller answers the same in every case.
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is not None and not user.is_activated:
        activation_send(request=request, user=user)


def email_mark_verified(*, user: User) -> None:
    """The owner proved access to the address (activation or password reset link)."""
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email}
    )
    if not (address.verified and address.primary):
        address.verified = True
        address.primary = True
        address.save(update_fields=["verified", "primary"])


@transaction.atomic
def account_activate(*, user: User, password: str) -> None:
    """Set the first password from the activation link: this spends the link and verifies the address."""
    user.set_password(password)
    user.save(update_fields=["password"])
    email_mark_verified(user=user)


SIGNUP_DISCARD_WINDOW = timedelta(days=1)


def signup_discard(*, user_id: int) -> bool:
    """Remove a fresh, never activated account whose address was mistyped, so that it can be entered again.

    Only accounts created within the last day and never activated qualify; anything else is left alone.
    """
    user = User.objects.filter(
        pk=user_id, last_login__isnull=True, date_joined__gte=timezone.now() - SIGNUP_DISCARD_WINDOW
    ).first()
    if user is None or user.is_activated:
        return False
    user.delete()
    return True


def user_deactivate(*, user: User) -> None:
    """Staff: lock an account. The person can no longer log in; nothing else is deleted."""
    user.is_active = False
    user.save(update_fields=["is_active"])


@transaction.atomic
def profile_update(*, user: User, salutation: str, first_name: str, last_name: str) -> None:
    user.salutation = salutation
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["salutation", "first_name", "last_name"])


@transaction.atomic
def second_factor_reset(*, user: User, staff_user, request: HttpRequest | None = None) -> int:
    """Staff: remove every second factor of a person who lost phone and recovery codes (after checking
    who they are). Their sessions end; they log in with the password again and set up a new one."""
    from allauth.mfa.models import Authenticator
    from django.utils.translation import gettext as _

    from notifications.services import absolute_url

    from .audit import account_audit
    from .sessions import user_sessions_end_all

    removed, _details = Authenticator.objects.filter(user=user).delete()
    if not removed:
        return 0
    user_sessions_end_all(user=user)
    account_audit(
        action="accounts.mfa.reset_by_staff", actor=staff_user, target_user=user, payload={"removed": removed}
    )
    email_send_template(
        template_prefix="accounts/mail/security_notice",
        to=[user.email],
        context={
            "user": user,
            "when": timezone.now(),
            "subject_line": _("Second factor reset by the chamber"),
            "what_happened": _(
                "At your request, the chamber has removed the second factors (authenticator app, passkeys, "
                "recovery codes) from your account. Please log in with your password and set up a new one "
                "under “My account → Security”."
            ),
            "security_url": absolute_url(reverse("mfa_index"), request=request),
            "reset_url": absolute_url(reverse("account_reset_password"), request=request),
            "imprint_url": absolute_url(reverse("portal:imprint"), request=request),
        },
    )
    return removed
