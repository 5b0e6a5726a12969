"""A business may require a second factor of all its members (switched by its administrators).

The access check (businesses.access) asks `second_factor_refusal` after it found the membership: a
member without a second factor gets a page that says what to do, instead of the business function.
"""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts import mfa_policy

from .models import Business, Membership


def second_factor_missing(request: HttpRequest) -> bool:
    """The selected business requires a second factor, and the user has none set up."""
    business = getattr(request, "business", None)
    return bool(business and business.second_factor_required and not mfa_policy.has_second_factor(request.user))


def second_factor_refusal(request: HttpRequest) -> HttpResponse | None:
    """The page a member without a second factor sees instead of a business function; None if allowed."""
    if not second_factor_missing(request):
        return None
    return render(request, "businesses/second_factor_required.html", {"business": request.business}, status=403)


def businesses_requiring_second_factor(user) -> list[Business]:
    """The user's active businesses that require a second factor (for "Sicherheit")."""
    from .access import links_for

    return list(Business.objects.filter(second_factor_required=True, pk__in=links_for(user).values("business_id")))


@transaction.atomic
def business_set_second_factor_required(
    *, admin_membership: Membership, required: bool, ip: str | None = None
) -> Business:
    """An administrator switches the requirement; only with a second factor of their own (else they
    would lock themselves out of the business functions, the switch included)."""
    from .access import require_admin
    from .audit import audit_record
    from .errors import BusinessError

    require_admin(user=admin_membership.user, business_id=admin_membership.business_id)
    business = Business.objects.select_for_update().get(pk=admin_membership.business_id)
    if required and not mfa_policy.has_second_factor(admin_membership.user):
        raise BusinessError(
            _("Please set up a second factor for your own account first."), code="own_second_factor_missing"
        )
    if business.second_factor_required == required:
        return business
    business.second_factor_required = required
    business.save(update_fields=["second_factor_required", "updated_at"])
    audit_record(
        action="businesses.second_factor.required" if required else "businesses.second_factor.not_required",
        actor=admin_membership.user,
        business=business,
        payload={"required": required},
        ip=ip,
    )
    return business
