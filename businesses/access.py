"""The one access rule for business features, and every helper built on it.

Decision: one scoping model. A user may act for a business while they hold an ACTIVE membership of it, the
business is active and — if the business requires it of its members — the user has a second factor set up
(businesses.mfa_policy). Nothing else grants access: not the business selected in the session, not a link
still being set up, not staff status (staff work in the admin; a customer-facing selector lets staff in only
where its caller passes `allow_staff=True`, as Zulip's `allow_realm_admin`). An administrator is a member
with the admin role; the same rule with `admin=True`.

Why not "the business selected in the session"? Objects are reached by id from mails, bookmarks and lists:
a contract link mailed to a colleague who is looking at the branch right now must open. Scoping by the
selection would make "may X see Y" depend on invisible UI state and give two answers to one question. The
selection stays, as a default only: which business "Mein Betrieb" shows and for which business a new object
is created — always one the rule allows, checked again on every request.

The rule is read from the database on every request and kept no longer than the request, so a removed member
loses access on the very next request.

How to use it
- Views of business features: `@business_member_required` / `@business_admin_required` (class-based views:
  `BusinessMemberMixin`). They set `request.membership` and `request.business` (the selected business) or
  send a user without a link to the page for linking a business.
- An object by id — in the app's selectors, one function per model, 404 for missing and foreign alike:

      def contract_get_for_user(*, user, pk: int) -> Contract:
          return get_for_user(Contract.objects.select_related("business"), user=user, pk=pk)

  Objects a person may also own privately (a booking, a form submission) pass their own `scope`:
  `scope=Q(user=user) | business_scope(user)`.
- Lists across all of a user's businesses: `.filter(business_scope(user))`; a choice of business:
  `businesses_for(user)`.
- Services that need an administrator: `require_admin(user=actor, business_id=obj.business_id)` raises
  `AccessDenied` (a PortalError with code "forbidden"); the admin decorator calls the same function.
"""

from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.mfa_policy import SECOND_FACTOR_TYPES, has_second_factor
from portal.errors import PortalError

from .mfa_policy import second_factor_refusal
from .models import Business, Membership

SESSION_KEY = "businesses_current"
MSG_NOT_ADMIN = gettext_lazy("Only administrators of the business may do this.")


class AccessDenied(PortalError):
    """The actor may not do this for this business."""

    def __init__(self, message: str = "", code: str = "forbidden") -> None:
        super().__init__(message or str(MSG_NOT_ADMIN), code)


# --- the rule ----------------------------------------------------------------------------------------


def links_for(user) -> QuerySet[Membership]:
    """The user's active memberships of active businesses, whether or not they may act yet — what "Mein
    Betrieb" and the choice of business show (a member still missing a required second factor is told what
    to do there)."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE, business__is_active=True)


def memberships_for(user, *, admin: bool = False) -> QuerySet[Membership]:
    """The memberships through which the user may act (with admin=True: those with the admin role): active
    links, without those of businesses that require a second factor the user has not set up. One query."""

    memberships = links_for(user).exclude(
        Q(business__second_factor_required=True)
        & ~Exists(Authenticator.objects.filter(user_id=OuterRef("user_id"), type__in=SECOND_FACTOR_TYPES))
    )
    if admin:
        memberships = memberships.filter(role=Membership.Role.ADMIN)
    return memberships


def members_of(*, business_id: int) -> QuerySet[Membership]:
    """The active links of an active business, with their users: who the business's notices go to (a member who
    still lacks a required second factor is told as well; the page then says what to do)."""
    return Membership.objects.filter(
        business_id=business_id, status=Membership.Status.ACTIVE, business__is_active=True, user__is_active=True
    ).select_related("user")


def businesses_for(user, *, admin: bool = False) -> QuerySet[Business]:
    """The businesses the user may act for (or administer)."""
    return Business.objects.filter(pk__in=memberships_for(user, admin=admin).values("business_id"))


def business_scope(user, *, field: str = "business", admin: bool = False) -> Q:
    """Filter for objects owned (through `field`) by a business the user may act for."""
    return Q(**{f"{field}__in": businesses_for(user, admin=admin)})


def membership_for(*, user, business_id: int, admin: bool = False) -> Membership | None:
    return memberships_for(user, admin=admin).filter(business_id=business_id).select_related("business").first()


def require_admin(*, user, business_id: int) -> Membership:
    """The user's membership as administrator of the business; AccessDenied otherwise."""
    membership = membership_for(user=user, business_id=business_id, admin=True)
    if membership is None:
        raise AccessDenied()
    return membership


def _staff_may_view(user, model: type[Model]) -> bool:
    """Staff with the model's view permission — and, as for the admin, a second factor (allauth asks for it at
    every login of an account that has one)."""
    meta = model._meta
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_staff
        and user.has_perm(f"{meta.app_label}.view_{meta.model_name}")
        and has_second_factor(user)
    )


def get_for_user(
    queryset: QuerySet, *, user, scope: Q | None = None, admin: bool = False, allow_staff: bool = False, **lookup
):
    """The one object matching `lookup` (e.g. pk=…) that `user` may see; Http404 when it is missing and when it
    belongs to someone else, so a guessed id teaches nothing.

    `scope` defaults to "owned by a business the user acts for" (`business_scope`). Staff with the model's view
    permission see every object only when the caller says so with `allow_staff=True`.
    """
    if not (allow_staff and _staff_may_view(user, queryset.model)):
        queryset = queryset.filter(scope if scope is not None else business_scope(user, admin=admin))
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


# --- the selected business, per request ---------------------------------------------------------------


def current_memberships(request: HttpRequest) -> list[Membership]:
    """`links_for(request.user)` with their businesses, loaded once per request."""
    if not hasattr(request, "_businesses_memberships"):
        # Sorted here rather than by the database: ordering by columns of the joined business made up a
        # good part of this query's cost, which nearly every page of a logged-in user pays.
        request._businesses_memberships = sorted(
            links_for(request.user).select_related("business").order_by(),
            key=lambda m: (m.business.betriebsnummer, m.business.filialnummer, m.pk),
        )
    return request._businesses_memberships


def acting_business_ids(request: HttpRequest) -> list[int]:
    """The ids of the businesses `request.user` may act for (`memberships_for`), loaded once per request; no
    query at all for someone linked to no business. For what every page shows, such as the navigation's count
    of new documents: a list of ids is a much cheaper filter than `business_scope`'s nested subquery."""
    if not hasattr(request, "_businesses_acting_ids"):
        links = current_memberships(request)
        if any(link.business.second_factor_required for link in links):
            # Only here can the rule's second-factor clause exclude a link: ask the rule itself.
            ids = list(memberships_for(request.user).values_list("business_id", flat=True))
        else:
            ids = [link.business_id for link in links]  # memberships_for == links_for without that clause
        request._businesses_acting_ids = ids
    return request._businesses_acting_ids


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership of the business the user works for right now: the one chosen in the session if the rule
    still allows it, else the first one. Cached on the request object for this request only."""
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
    """Switch to another of the user's businesses; 404 when the user has no active link to it."""
    membership = links_for(request.user).filter(business_id=business_id).select_related("business").first()
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = business_id
    request._businesses_current = membership
    request.__dict__.pop("_businesses_memberships", None)  # a link made in this request: load them again
    request.__dict__.pop("_businesses_acting_ids", None)
    return membership


# --- decorators ------------------------------------------------------------------------------------------


def _no_business(request):
    messages.info(
        request,
        _(
            "This service is available to accounts linked to a business. Link your account with the "
            "one-time PIN the chamber sends to your business's e-mail address of record."
        ),
    )
    return redirect("businesses:link")


def _attach(request) -> bool:
    membership = current_membership(request)
    if membership is None:
        return False
    request.membership = membership
    request.business = membership.business
    return True


def business_member_required(view):
    """The user must hold an active membership of a business; sets request.membership and request.business."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not _attach(request):
            return _no_business(request)
        if (refusal := second_factor_refusal(request)) is not None:
            return refusal
        return view(request, *args, **kwargs)

    return wrapper


def business_admin_required(view):
    """As business_member_required, and the user must administer the selected business (`require_admin`)."""

    @business_member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            require_admin(user=request.user, business_id=request.business.pk)
        except AccessDenied as error:
            messages.error(request, error.message)
            return redirect("businesses:mine")
        return view(request, *args, **kwargs)

    return wrapper


class BusinessMemberMixin(LoginRequiredMixin):
    """Class-based views: like business_member_required; use request.business in get_queryset()."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not _attach(request):
            return _no_business(request)
        if (refusal := second_factor_refusal(request)) is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)
