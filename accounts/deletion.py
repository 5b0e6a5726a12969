"""Deleting an account (Art. 17 GDPR): by its owner on "Konto löschen", or after years without login.

Each app erases its part (portal.privacy): what the law requires to keep (bookings: commercial and tax
retention) is pseudonymised, the rest deleted; then the user row goes, and every session with it.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from businesses.models import Membership
from notifications.services import email_send_template
from portal import privacy
from portal.errors import PortalError

from .audit import account_audit
from .errors import AccountError
from .models import User

REASON_BY_OWNER = "Konto vom Inhaber gelöscht"
REASON_INACTIVE = "Konto nach langer Zeit ohne Anmeldung gelöscht"


@transaction.atomic
def account_delete(*, user: User, by_owner: bool, ip: str | None = None) -> None:
    """Erase everything about `user` and delete the account; mails a last confirmation.

    Refused (AccountError "blocked") while an app names a reason, e.g. the owner is the last
    administrator of a business with colleagues.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if by_owner:
        blockers = privacy.erase_blockers(user)
        if blockers:
            raise AccountError(blockers[0], "blocked")
    erasure = privacy.Erasure(by_owner=by_owner, reason=REASON_BY_OWNER if by_owner else REASON_INACTIVE, ip=ip)
    user_id, email = user.pk, user.email
    try:
        privacy.erase_everywhere(user, erasure=erasure)
    except PortalError as error:
        # The businesses' own rules (the last administrator) stand; the page shows why.
        raise AccountError(error.message, "blocked") from error
    account_audit(
        action="accounts.account.deleted",
        payload={"user": user_id, "by": "owner" if by_owner else "inactivity"},
        ip=ip,
    )
    user.delete()
    email_send_template(
        template_prefix="accounts/mail/account_deleted",
        to=[email],
        context={"user": user, "by_owner": by_owner},
    )


def successor_candidates(*, user: User) -> list[tuple[Membership, list[Membership]]]:
    """For each business the user is the only administrator of: the colleagues who could take over."""
    from businesses.privacy import sole_admin_memberships

    result = []
    for own in sole_admin_memberships(user):
        colleagues = list(
            Membership.objects.filter(business_id=own.business_id, status=Membership.Status.ACTIVE)
            .exclude(user=user)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "user__email")
        )
        result.append((own, colleagues))
    return result


def successor_name(*, user: User, own_membership_id: int, successor_membership_id: int, ip: str | None = None):
    """The leaving administrator makes a colleague administrator (the business's own rule and audit)."""
    from businesses.services import membership_change_role

    own = Membership.objects.filter(pk=own_membership_id, user=user, status=Membership.Status.ACTIVE).first()
    successor = Membership.objects.filter(
        pk=successor_membership_id, business_id=own.business_id if own else None, status=Membership.Status.ACTIVE
    ).first()
    if own is None or successor is None:
        raise AccountError(_("Please choose a colleague of this business."), "invalid")
    try:
        return membership_change_role(actor=user, membership=successor, role=Membership.Role.ADMIN, ip=ip)
    except PortalError as error:
        raise AccountError(error.message, error.code) from error
