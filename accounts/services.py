"""Account workflows: sign-up (processed off the request path), activation, initial password, correcting a
mistyped sign-up, staff actions."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifications.models import OutboundEmail
from notifications.services import absolute_url, email_send_template

from .models import SignupRequest, User
from .tokens import activation_token_generator

ACTIVATION_TEMPLATE = "accounts/mail/activation"
ACCOUNT_EXISTS_TEMPLATE = "accounts/mail/account_exists"
# One mail per address in this time, whatever sign-ups keep arriving for it: a brake on mail bombing.
SIGNUP_MAIL_INTERVAL = timedelta(minutes=3)
# A sign-up is left to its task this long before the sweep processes it; processed ones are kept a day (for
# "Adresse korrigieren"), then deleted.
SIGNUP_SWEEP_GRACE = timedelta(seconds=30)
SIGNUP_DISCARD_WINDOW = timedelta(days=1)


def activation_url(*, user: User, base_url: str = "") -> str:
    path = reverse(
        "accounts:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_token_generator.make_token(user),
        },
    )
    return absolute_url(path, base_url=base_url)


def activation_send(*, user: User, base_url: str = "") -> None:
    """Mail the activation link to a user who has not set a password yet."""
    email_send_template(
        template_prefix=ACTIVATION_TEMPLATE,
        to=[user.email],
        context={
            "user": user,
            "activation_url": activation_url(user=user, base_url=base_url),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
            "login_url": absolute_url(reverse("account_login"), base_url=base_url),
        },
        contains_secret=True,
    )


def activation_resend(*, email: str, base_url: str = "") -> None:
    """Send a new activation mail if `email` belongs to an account still waiting for activation.

    Says nothing about whether it did: the caller answers the same in every case.
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is not None and not user.is_activated:
        activation_send(user=user, base_url=base_url)


# --- sign-up ------------------------------------------------------------------------------------------------


def signup_request(
    *, email: str, salutation: str, first_name: str, last_name: str, base_url: str = ""
) -> SignupRequest:
    """Someone signs up. Stores the sign-up for a task: the same work, answer and time whether or not the
    address already has an account."""
    pending = SignupRequest.objects.create(
        email=User.objects.normalize_email(email),
        salutation=salutation,
        first_name=first_name,
        last_name=last_name,
        privacy_accepted_at=timezone.now(),
        base_url=base_url[:200],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: _enqueue_signup(pending.pk), robust=True)
    return pending


def _enqueue_signup(request_id: int) -> None:
    from .tasks import process_signup_task

    process_signup_task.delay(request_id)


@transaction.atomic
def signup_process(*, request_id: int) -> str | None:
    """Create the account and mail its activation link — or, if the address has an account already, tell its
    owner (or resend the activation link of an account never activated). Safe to run twice and next to the
    sweep: a processed row, or one another worker holds, is skipped."""
    pending = (
        SignupRequest.objects.select_for_update(skip_locked=True)
        .filter(pk=request_id, processed_at__isnull=True)
        .first()
    )
    if pending is None:
        return None
    outcome = "existing_quiet"
    with translation.override(pending.language or settings.LANGUAGE_CODE):
        existing = User.objects.filter(email__iexact=pending.email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    user = User.objects.create_user(
                        email=pending.email,
                        salutation=pending.salutation,
                        first_name=pending.first_name,
                        last_name=pending.last_name,
                        privacy_accepted_at=pending.privacy_accepted_at,
                    )
                    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
            except IntegrityError:  # the same address signed up twice at the same moment
                existing = User.objects.filter(email__iexact=pending.email).first()
            else:
                activation_send(user=user, base_url=pending.base_url)
                pending.created_user = user
                outcome = "created"
        if existing is not None:
            outcome = _signup_for_existing(user=existing, base_url=pending.base_url)
    pending.processed_at = timezone.now()
    pending.save(update_fields=["processed_at", "created_user"])
    return outcome


def _signup_for_existing(*, user: User, base_url: str) -> str:
    recent = OutboundEmail.objects.filter(
        to=user.email,
        template__in=[ACTIVATION_TEMPLATE, ACCOUNT_EXISTS_TEMPLATE],
        created_at__gt=timezone.now() - SIGNUP_MAIL_INTERVAL,
    )
    if not user.is_active or recent.exists():
        return "existing_quiet"
    if not user.is_activated:
        # Signed up before and never activated: the person most likely lost the first mail.
        activation_send(user=user, base_url=base_url)
        return "activation_again"
    email_send_template(
        template_prefix=ACCOUNT_EXISTS_TEMPLATE,
        to=[user.email],
        context={
            "user": user,
            "login_url": absolute_url(reverse("account_login"), base_url=base_url),
            "password_reset_url": absolute_url(reverse("account_reset_password"), base_url=base_url),
        },
    )
    return "existing"


def signups_process_pending(*, grace: timedelta = SIGNUP_SWEEP_GRACE) -> int:
    """The periodic sweep: process sign-ups whose task was lost; forget processed ones after a day."""
    now = timezone.now()
    SignupRequest.objects.filter(processed_at__lt=now - SIGNUP_DISCARD_WINDOW).delete()
    ids = list(
        SignupRequest.objects.filter(processed_at__isnull=True, created_at__lte=now - grace)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    return sum(1 for request_id in ids if signup_process(request_id=request_id) is not None)


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


@transaction.atomic
def signup_discard(*, request_id: int) -> bool:
    """'Adresse korrigieren': forget a sign-up whose address was mistyped, so that it can be entered again —
    before it was processed, or by removing the fresh, never activated account it created. Anything else (an
    account that existed before, one that was activated) is left alone."""
    pending = SignupRequest.objects.select_for_update().filter(pk=request_id).first()  # waits for its task
    if pending is None:
        return False
    user_id = pending.created_user_id
    pending.delete()
    user = User.objects.filter(
        pk=user_id, last_login__isnull=True, date_joined__gte=timezone.now() - SIGNUP_DISCARD_WINDOW
    ).first()
    if user is None or user.is_activated:
        return user_id is None
    user.delete()
    return True


@transaction.atomic
def signup_correct(
    *, request_id: int, email: str, salutation: str, first_name: str, last_name: str, base_url: str = ""
) -> SignupRequest:
    """'Adresse korrigieren', then the sign-up sent again: either address ends with exactly one valid link.

    The same address again keeps the first sign-up — its mail and link stay the valid ones, and no second mail
    competes with it. A different address drops the mistyped sign-up (signup_discard) and starts a new one."""
    previous = SignupRequest.objects.select_for_update().filter(pk=request_id).first()
    if previous is not None and previous.email.lower() == User.objects.normalize_email(email).lower():
        previous.salutation, previous.first_name, previous.last_name = salutation, first_name, last_name
        previous.save(update_fields=["salutation", "first_name", "last_name"])
        return previous
    if previous is not None:
        signup_discard(request_id=previous.pk)
    return signup_request(
        email=email, salutation=salutation, first_name=first_name, last_name=last_name, base_url=base_url
    )


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
