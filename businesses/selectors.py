"""Reads of the businesses app. Access to business data follows the one rule in businesses.access."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from .access import get_for_user
from .models import AuditEvent, Business, Invitation, Membership


def memberships_pending_for(user) -> QuerySet[Membership]:
    """The user's links still being set up (shown while the task finalises them)."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, status=Membership.Status.PENDING).select_related("business")


def membership_get_own(*, user, pk: int) -> Membership:
    """One of the user's own memberships, in any state (the status page after a PIN link); 404 otherwise."""
    return get_for_user(Membership.objects.select_related("business"), user=user, scope=Q(user=user), pk=pk)


def membership_get_for_admin(*, user, pk: int) -> Membership:
    """A not yet ended membership of a business the user administers; 404 for any other."""
    return get_for_user(
        Membership.objects.exclude(status=Membership.Status.ENDED).select_related("user", "business"),
        user=user,
        admin=True,
        pk=pk,
    )


def memberships_of_business(*, business: Business) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(business=business)
        .exclude(status=Membership.Status.ENDED)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__email")
    )


def invitations_open_for(*, business: Business) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        business=business, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def invitation_get_for_admin(*, user, pk: int) -> Invitation:
    """An invitation of a business the user administers; 404 for any other."""
    return get_for_user(Invitation.objects.select_related("business"), user=user, admin=True, pk=pk)


def memberships_history_for(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("business", "ended_by")


def audit_events_for_user(*, user) -> QuerySet[AuditEvent]:
    """The history of the user's own links: what happened to their memberships, by whom."""
    return (
        AuditEvent.objects.filter(target_user=user, action__startswith="businesses.")
        .exclude(action="businesses.pin.redeem_failed")
        .select_related("business", "actor")
    )
