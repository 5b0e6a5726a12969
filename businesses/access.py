"""The one access check for business features.

A business feature (course bookings for a business, forms for business users, contracts, documents,
job board) protects its views with one of these and scopes every object by the business:

    from businesses.access import business_member_required

    @business_member_required
    def contract_list(request):
        contracts = Contract.objects.filter(business=request.business)
        ...

    @business_member_required
    def contract_detail(request, pk):
        contract = get_object_or_404(Contract, pk=pk, business=request.business)  # B's ids → 404 for A

Class-based views mix in `BusinessMemberMixin` (it sets the same attributes in `dispatch`). For
querysets across all of the user's businesses use `Business.objects.for_member(user)` or
`businesses.selectors.memberships_active_for(user)`.

`request.membership` is the user's active Membership of the business selected in the session (the
user switches on "Mein Betrieb"); `request.business` is its Business. Both are read from the database
on every request, so a removed member is refused on the very next request. A user without an active
membership is sent to the page for linking a business, with an explanation.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .mfa_policy import second_factor_refusal
from .selectors import current_membership


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
    """As business_member_required, and the user must be an administrator of the selected business."""

    @business_member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.membership.is_admin:
            messages.error(request, _("Only administrators of the business may do this."))
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
