"""Invitations: an administrator invites a colleague by e-mail; the colleague joins as member without a PIN."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import absolute_url, email_send_template

from ..access import require_admin
from ..audit import audit_record
from ..errors import BusinessError
from ..models import Business, Invitation, Membership
from .pins import MSG_ALREADY

INVITATION_VALID_DAYS = 14
# Invitations per hour, per administrator and per business: enough for onboarding a whole workshop, a brake
# on an account that is misused to send mail in the chamber's name.
INVITATIONS_PER_ADMIN = (20, 3600)
INVITATIONS_PER_BUSINESS = (20, 3600)

MSG_INVALID = gettext_lazy(
    "This invitation is no longer valid: it was withdrawn or replaced by a newer one. Please ask the colleague "
    "who invited you to send a new invitation from “My business”."
)
REFUSAL_MESSAGES = {
    "revoked": MSG_INVALID,
    "accepted": gettext_lazy(
        "This invitation has already been used. If that was you, log in: you find the business under "
        "“My business”. Otherwise ask the colleague who invited you for a new invitation."
    ),
    "expired": gettext_lazy(
        "This invitation has expired. Please ask the colleague who invited you to send a new one from “My business”."
    ),
}


def invitation_refusal(invitation: Invitation | None) -> str | None:
    """What to tell a person who opens this invitation when it can no longer be accepted; None while it can."""
    if invitation is None:
        return str(MSG_INVALID)
    reason = invitation.refusal()
    return str(REFUSAL_MESSAGES[reason]) if reason else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _rate_limit(*, actor, business: Business, now) -> None:
    recent = Invitation.objects.filter(created_at__gt=now - timedelta(seconds=INVITATIONS_PER_ADMIN[1]))
    if recent.filter(invited_by=actor).count() >= INVITATIONS_PER_ADMIN[0]:
        raise BusinessError(
            _(
                "You have sent %(count)s invitations within the last hour. Please wait a little before sending "
                "more, or ask the chamber if you need to invite many colleagues at once."
            )
            % {"count": INVITATIONS_PER_ADMIN[0]},
            code="rate_limited",
        )
    if recent.filter(business=business).count() >= INVITATIONS_PER_BUSINESS[0]:
        raise BusinessError(
            _(
                "The administrators of your business have sent %(count)s invitations within the last hour. Please "
                "wait a little before sending more, or ask the chamber if you need to invite many colleagues at once."
            )
            % {"count": INVITATIONS_PER_BUSINESS[0]},
            code="rate_limited",
        )


@transaction.atomic
def invitation_create(
    *, actor, business: Business, email: str, base_url: str = "", ip: str | None = None
) -> Invitation:
    require_admin(user=actor, business_id=business.pk)
    Business.objects.select_for_update(no_key=True).filter(pk=business.pk).first()  # the limit holds in parallel
    email = email.strip().lower()
    if (
        Membership.objects.filter(business=business, user__email__iexact=email)
        .exclude(status=Membership.Status.ENDED)
        .exists()
    ):
        raise BusinessError(
            _("A person with this e-mail address is already linked to the business."), code="already_member"
        )
    now = timezone.now()
    _rate_limit(actor=actor, business=business, now=now)
    # A new invitation replaces an open one to the same address.
    Invitation.objects.filter(
        business=business, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        business=business,
        email=email,
        token_hash=token_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
    )
    audit_record(
        action="businesses.invitation.created",
        actor=actor,
        business=business,
        payload={"invitation": invitation.pk, "email": email},
        ip=ip,
    )
    email_send_template(
        template_prefix="businesses/mail/invitation",
        to=[email],
        context={
            "business": business,
            "inviter": actor,
            "accept_url": absolute_url(reverse("businesses:invitation_accept", args=[token]), base_url=base_url),
            "signup_url": absolute_url(reverse("account_signup"), base_url=base_url),
            "valid_days": INVITATION_VALID_DAYS,
            "email": email,
        },
        contains_secret=True,
    )
    return invitation


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return Invitation.objects.select_related("business", "invited_by").filter(token_hash=token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, user, token: str, ip: str | None = None) -> Membership:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("business")
        .filter(token_hash=token_hash(token))
        .first()
    )
    refusal = invitation_refusal(invitation)
    if refusal:
        raise BusinessError(refusal, code=invitation.refusal() if invitation else "invalid")
    return _invitation_join(invitation=invitation, user=user, ip=ip)


def _invitation_join(*, invitation: Invitation, user, ip: str | None) -> Membership:
    if invitation.email.lower() != user.email.lower():
        raise BusinessError(
            _("This invitation was sent to another e-mail address. Please log in with the address it was sent to."),
            code="other_address",
        )
    if not invitation.business.is_active:
        raise BusinessError(_("This business can no longer be linked in the portal."), code="business_inactive")
    if (
        Membership.objects.filter(user=user, business=invitation.business)
        .exclude(status=Membership.Status.ENDED)
        .exists()
    ):
        raise BusinessError(MSG_ALREADY, code="already_linked")
    now = timezone.now()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = Membership.objects.create(
        user=user,
        business=invitation.business,
        role=Membership.Role.MEMBER,
        status=Membership.Status.ACTIVE,
        source=Membership.Source.INVITATION,
        created_at=now,
        activated_at=now,
    )
    audit_record(
        action="businesses.invitation.accepted",
        actor=user,
        business=invitation.business,
        target_user=user,
        payload={"invitation": invitation.pk, "membership": membership.pk},
        ip=ip,
    )
    return membership


@transaction.atomic
def invitation_registration_start(*, token: str) -> Invitation:
    """'Registrieren' on the invitation page: remembered on the invitation, so that activating the account with
    the invited address joins the business — in whatever browser the activation link is opened."""
    invitation = Invitation.objects.select_for_update(of=("self",)).filter(token_hash=token_hash(token)).first()
    refusal = invitation_refusal(invitation)
    if refusal:
        raise BusinessError(refusal, code=invitation.refusal() if invitation else "invalid")
    if invitation.registration_started_at is None:
        invitation.registration_started_at = timezone.now()
        invitation.save(update_fields=["registration_started_at"])
    return invitation


@transaction.atomic
def invitations_accept_after_activation(*, user, ip: str | None = None) -> list[Membership]:
    """The account was just activated — which proves the address — and registration began on an invitation to
    that address: join its business now. Invitations that can no longer be accepted are left alone."""
    invitations = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("business")
        .filter(
            email__iexact=user.email,
            registration_started_at__isnull=False,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("created_at")
    )
    joined = []
    for invitation in invitations:
        try:
            with transaction.atomic():
                joined.append(_invitation_join(invitation=invitation, user=user, ip=ip))
        except BusinessError:
            continue
    return joined


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation, ip: str | None = None) -> None:
    require_admin(user=actor, business_id=invitation.business_id)
    if not invitation.is_open:
        raise BusinessError(_("This invitation is no longer open."), code="not_open")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        action="businesses.invitation.revoked",
        actor=actor,
        business=invitation.business,
        payload={"invitation": invitation.pk, "email": invitation.email},
        ip=ip,
    )
