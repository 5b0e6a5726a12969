"""The mails the portal sent to a person."""

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext_lazy

from portal.privacy import Erasure, ExportPart

from .models import OutboundEmail
from .services import SECRET_REMOVED

TITLE = gettext_lazy("Mails sent to you")
ORDER = 90

LABELS = {
    "mails": gettext_lazy("Mails"),
    "created_at": gettext_lazy("Written"),
    "sent_at": gettext_lazy("Sent"),
    "to": gettext_lazy("To"),
    "subject": gettext_lazy("Subject"),
    "status": gettext_lazy("Status"),
    "text": gettext_lazy("Text"),
}


def _addresses(user) -> set[str]:
    return {
        user.email.lower(),
        *(a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)),
    }


def _to_any_of(addresses) -> Q:
    # `to` is a comma-separated list of addresses (addresses contain no commas).
    q = Q()
    for address in addresses:
        q |= (
            Q(to__iexact=address)
            | Q(to__istartswith=f"{address},")
            | Q(to__iendswith=f",{address}")
            | Q(to__icontains=f",{address},")
        )
    return q


def export(user) -> ExportPart:
    mails = OutboundEmail.objects.filter(_to_any_of(_addresses(user))).order_by("created_at", "pk")
    rows = [
        {
            "created_at": mail.created_at,
            "sent_at": mail.sent_at,
            "to": mail.to,
            "subject": mail.subject,
            "status": mail.get_status_display(),
            # Mails with a PIN or a personal link lost their text after sending.
            "text": mail.body_text if mail.body_text != SECRET_REMOVED else "",
        }
        for mail in mails
    ]
    return ExportPart(data={"mails": rows}, labels=LABELS)


def erase(user, *, erasure: Erasure) -> None:
    addresses = _addresses(user)
    for mail in OutboundEmail.objects.filter(_to_any_of(addresses)).only("pk", "to"):
        # A mail that went to others too (a booking mail to a colleague) is theirs as well and stays.
        if {address.strip().lower() for address in mail.to.split(",")} <= addresses:
            mail.delete()
