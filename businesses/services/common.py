"""Lookups and mail recipients the PIN, membership and invitation services share."""

from notifications.services import email_send_template

from ..models import Business, Membership


def business_find(*, betriebsnummer: str, filialnummer: str = "") -> Business | None:
    """The active business with these numbers, as typed (surrounding spaces ignored)."""
    return Business.objects.filter(
        betriebsnummer=(betriebsnummer or "").strip(), filialnummer=(filialnummer or "").strip(), is_active=True
    ).first()


def business_recipients(business: Business, *, exclude_user=None) -> list[str]:
    """Who hears about security events of a business: its address of record and its active administrators."""
    admins = Membership.objects.filter(
        business=business, status=Membership.Status.ACTIVE, role=Membership.Role.ADMIN
    ).exclude(user=exclude_user)
    addresses = [business.email, *admins.values_list("user__email", flat=True)]
    unique: dict[str, str] = {}
    for address in addresses:
        if address:
            unique.setdefault(address.lower(), address)
    return list(unique.values())


def mail_business(business: Business, *, template_prefix: str, context: dict, exclude_user=None) -> None:
    """Mail a security notice to the business (address of record and admins); nobody to tell, no mail."""
    # One mail per address: the admins' private addresses are not shown to each other or to the office.
    for address in business_recipients(business, exclude_user=exclude_user):
        email_send_template(template_prefix=template_prefix, to=[address], context=context)
