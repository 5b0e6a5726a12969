"""Reads for business features. Every business object a user reaches goes through these helpers."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from .models import AuditEvent, Business, Invitation, Membership

SESSION_KEY = "businesses_current"


def memberships_active_for(user) -> QuerySet[Membership]:
    """The user's active memberships of active businesses, with their business."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE, business__is_active=True)
        .select_related("business")
        .order_by("business__betriebsnummer", "business__filialnummer", "pk")
    )


def memberships_pending_for(user) -> QuerySet[Membership]:
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, status=Membership.Status.PENDING).select_related("business")


def current_memberships(request: HttpRequest) -> list[Membership]:
    """memberships_active_for(request.user), loaded once per request (the page and the selected business share it)."""
    if not hasattr(request, "_businesses_memberships"):
        # Sorted here rather than by the database: ordering by columns of the joined business made up a
        # good part of this query's cost, which nearly every page of a logged-in user pays.
        request._businesses_memberships = sorted(
            memberships_active_for(request.user).order_by(),
            key=lambda m: (m.business.betriebsnummer, m.business.filialnummer, m.pk),
        )
    return request._businesses_memberships


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership of the business the user works for right now.

    The business is chosen in the session (switchable when the user belongs to several); it is checked
    against the database on every request, so an ended membership loses access at once. Cached on the
    request object for the rest of this request only.
    """
    if hasattr(request, "_businesses_current"):
        return request._businesses_current
    memberships = current_memberships(request)
    chosen = None
    if memberships:
        wanted = request.session.get(SESSION_KEY)
        chosen = next((m for m in memberships if m.business_id == wanted), memberships[0])
        if wanted != chosen.business_id:
            request.session[SESSION_KEY] = chosen.business_id
    request._businesses_current = chosen
    return chosen


def current_membership_set(request: HttpRequest, *, business_id: int) -> Membership:
    """Switch to another of the user's businesses; 404 when the user is no active member of it."""
    membership = memberships_active_for(request.user).filter(business_id=business_id).first()
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = business_id
    request._businesses_current = membership
    request.__dict__.pop("_businesses_memberships", None)  # a link made in this request: load them again
    return membership


def business_get_for_member(*, user, pk: int) -> Business:
    business = Business.objects.for_member(user).filter(pk=pk).first()
    if business is None:
        raise Http404
    return business


def membership_get_for_business(*, business: Business, pk: int) -> Membership:
    """A colleague's membership within the business the current user acts for; 404 for any other."""
    membership = (
        Membership.objects.filter(business=business, pk=pk)
        .exclude(status=Membership.Status.ENDED)
        .select_related("user", "business")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def membership_get_own(*, user, pk: int) -> Membership:
    membership = Membership.objects.filter(user=user, pk=pk).select_related("business").first()
    if membership is None:
        raise Http404
    return membership


def memberships_of_business(*, business: Business) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(business=business)
        .exclude(status=Membership.Status.ENDED)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__email")
    )


def invitations_open_for(*, business: Business) -> QuerySet[Invitation]:
    from django.utils import timezone

    return Invitation.objects.filter(
        business=business, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def invitation_get_for_business(*, business: Business, pk: int) -> Invitation:
    invitation = Invitation.objects.filter(business=business, pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def audit_events_for_user(*, user) -> QuerySet[AuditEvent]:
    """The history of the user's own links: what happened to their memberships, by whom."""
    return (
        AuditEvent.objects.filter(target_user=user, action__startswith="businesses.")
        .exclude(action="businesses.pin.redeem_failed")
        .select_related("business", "actor")
    )
