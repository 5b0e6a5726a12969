"""Memberships: finalising a PIN link, roles, leaving and removing."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import absolute_url, email_send_template

from ..access import require_admin
from ..audit import audit_record
from ..errors import BusinessError
from ..models import AuditEvent, Business, Membership
from .common import mail_business

# A pending membership is left to its task this long before the sweep finalises it.
FINALISE_SWEEP_GRACE = timedelta(seconds=30)


@transaction.atomic
def membership_finalise(*, membership_id: int) -> Membership | None:
    """Turn a pending membership active (or end it if the business is no longer active), mail the user, and
    tell the business (its address of record and its other admins) that someone linked.

    Safe to run twice and from the sweep at the same time: a row another worker holds is skipped.
    """
    membership = (
        Membership.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("business", "user")
        .filter(pk=membership_id, status=Membership.Status.PENDING)
        .first()
    )
    if membership is None:
        return None
    now = timezone.now()
    business = Business.objects.get(pk=membership.business_id)
    if not business.is_active:
        membership.status = Membership.Status.ENDED
        membership.ended_at = now
        membership.end_reason = "Betrieb nicht aktiv"
        membership.save(update_fields=["status", "ended_at", "end_reason"])
        audit_record(
            action="businesses.membership.refused",
            business=business,
            target_user=membership.user,
            outcome=AuditEvent.Outcome.REFUSED,
            payload={"membership": membership.pk, "reason": "business_inactive"},
        )
        return membership
    membership.status = Membership.Status.ACTIVE
    membership.activated_at = now
    membership.save(update_fields=["status", "activated_at"])
    audit_record(
        action="businesses.membership.activated",
        business=business,
        target_user=membership.user,
        payload={"membership": membership.pk, "role": membership.role, "source": membership.source},
    )
    email_send_template(
        template_prefix="businesses/mail/membership_active",
        to=[membership.user.email],
        context={
            "user": membership.user,
            "business": business,
            "membership": membership,
            "mine_url": absolute_url(reverse("businesses:mine")),
        },
    )
    if membership.source == Membership.Source.PIN:
        # A new link is never silent: if it was not intended, the business hears of it at once.
        mail_business(
            business,
            template_prefix="businesses/mail/link_notice",
            context={
                "business": business,
                "person": membership.user,
                "linked_at": now,
                "mine_url": absolute_url(reverse("businesses:mine")),
            },
            exclude_user=membership.user,
        )
    return membership


def memberships_finalise_pending(*, grace: timedelta = FINALISE_SWEEP_GRACE) -> int:
    """The periodic sweep: finalise pending memberships whose task was lost (broker down, worker died)."""
    ids = list(
        Membership.objects.filter(status=Membership.Status.PENDING, created_at__lte=timezone.now() - grace)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    return sum(1 for membership_id in ids if membership_finalise(membership_id=membership_id) is not None)


def _lock_open_memberships(business_id: int) -> list[Membership]:
    return list(
        Membership.objects.select_for_update()
        .filter(business_id=business_id)
        .exclude(status=Membership.Status.ENDED)
        .order_by("pk")
    )


def _check_not_last_admin(*, membership: Membership, open_memberships: list[Membership]) -> None:
    """The last admin may not go (or be demoted) while colleagues remain: someone must manage them."""
    if membership.role != Membership.Role.ADMIN:
        return
    others = [m for m in open_memberships if m.pk != membership.pk]
    other_admins = [m for m in others if m.role == Membership.Role.ADMIN]
    if others and not other_admins:
        raise BusinessError(
            _(
                "You are the last administrator of this business while colleagues are still linked. "
                "Please make another member administrator first."
            ),
            code="last_admin",
        )


@transaction.atomic
def membership_end(
    *,
    membership: Membership,
    ended_by,
    reason: str,
    action: str,
    enforce_last_admin: bool = True,
    ip: str | None = None,
) -> Membership:
    open_memberships = _lock_open_memberships(membership.business_id)
    current = next((m for m in open_memberships if m.pk == membership.pk), None)
    if current is None:
        raise BusinessError(_("This membership has already ended."), code="ended")
    if enforce_last_admin:
        _check_not_last_admin(membership=current, open_memberships=open_memberships)
    current.status = Membership.Status.ENDED
    current.ended_at = timezone.now()
    current.ended_by = ended_by
    current.end_reason = reason[:300]
    current.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
    audit_record(
        action=action,
        actor=ended_by,
        business=current.business,
        target_user=current.user,
        payload={"membership": current.pk, "reason": reason[:300], "role": current.role},
        ip=ip,
    )
    if ended_by is None or ended_by.pk != current.user_id:
        email_send_template(
            template_prefix="businesses/mail/membership_ended",
            to=[current.user.email],
            context={"user": current.user, "business": current.business, "reason": reason},
        )
    return current


def membership_leave(*, user, membership: Membership, ip: str | None = None) -> Membership:
    if membership.user_id != user.pk:
        raise BusinessError(_("You can only end your own membership this way."), code="forbidden")
    return membership_end(
        membership=membership,
        ended_by=user,
        reason="Selbst verlassen",
        action="businesses.membership.left",
        ip=ip,
    )


def membership_remove(*, actor, membership: Membership, reason: str, ip: str | None = None) -> Membership:
    """An administrator of the business removes a colleague."""
    require_admin(user=actor, business_id=membership.business_id)
    if not reason.strip():
        raise BusinessError(_("Please give a reason."), code="reason_missing")
    return membership_end(
        membership=membership,
        ended_by=actor,
        reason=reason.strip(),
        action="businesses.membership.removed",
        ip=ip,
    )


def membership_end_by_staff(*, membership: Membership, staff_user, reason: str) -> Membership:
    """Staff unlink anyone; the last-admin rule does not bind them (the next PIN link makes a new admin)."""
    if not reason.strip():
        raise BusinessError(_("Please give a reason."), code="reason_missing")
    return membership_end(
        membership=membership,
        ended_by=staff_user,
        reason=reason.strip(),
        action="businesses.membership.ended_by_staff",
        enforce_last_admin=False,
    )


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str, ip: str | None = None) -> Membership:
    """An administrator of the business makes a colleague administrator or member."""
    require_admin(user=actor, business_id=membership.business_id)
    if role not in Membership.Role.values:
        raise BusinessError(_("Unknown role."), code="unknown_role")
    open_memberships = _lock_open_memberships(membership.business_id)
    current = next((m for m in open_memberships if m.pk == membership.pk), None)
    if current is None or current.status != Membership.Status.ACTIVE:
        raise BusinessError(_("Only active members can be given a role."), code="not_active")
    if current.role == role:
        return current
    if role == Membership.Role.MEMBER:
        _check_not_last_admin(membership=current, open_memberships=open_memberships)
    previous = current.role
    current.role = role
    current.save(update_fields=["role"])
    audit_record(
        action="businesses.membership.role_changed",
        actor=actor,
        business=current.business,
        target_user=current.user,
        payload={"membership": current.pk, "from": previous, "to": role},
        ip=ip,
    )
    return current
