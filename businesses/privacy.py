"""Business links of a person, their history, and the audit events about the person."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.privacy import Erasure, ExportPart

from .audit import action_label
from .models import AuditEvent, Membership

TITLE = gettext_lazy("Business links and audit log")
ORDER = 20

LABELS = {
    "memberships": gettext_lazy("Business links"),
    "business": gettext_lazy("Business"),
    "betriebsnummer": gettext_lazy("Betriebsnummer"),
    "role": gettext_lazy("Role"),
    "status": gettext_lazy("Status"),
    "source": gettext_lazy("Linked by"),
    "created_at": gettext_lazy("Created"),
    "activated_at": gettext_lazy("Active since"),
    "ended_at": gettext_lazy("Ended"),
    "end_reason": gettext_lazy("Reason for ending"),
    "audit_events": gettext_lazy("Audit log: events about you"),
    "time": gettext_lazy("Time"),
    "action": gettext_lazy("Action"),
    "code": gettext_lazy("Action code"),
    "by_you": gettext_lazy("Done by you"),
    "outcome": gettext_lazy("Outcome"),
    "details": gettext_lazy("Details"),
    "ip": gettext_lazy("IP address"),
}

# Payload keys that name other people (the address a colleague was invited with).
OTHER_PEOPLE_KEYS = {"email"}


def export(user) -> ExportPart:
    memberships = Membership.objects.filter(user=user).select_related("business").order_by("created_at", "pk")
    events = (
        AuditEvent.objects.filter(Q(actor=user) | Q(target_user=user))
        .select_related("business")
        .order_by("created_at", "pk")
    )
    data = {
        "memberships": [
            {
                "business": m.business.name,
                "betriebsnummer": m.business.number_display,
                "role": m.get_role_display(),
                "status": m.get_status_display(),
                "source": m.get_source_display(),
                "created_at": m.created_at,
                "activated_at": m.activated_at,
                "ended_at": m.ended_at,
                "end_reason": m.end_reason,
            }
            for m in memberships
        ],
        "audit_events": [
            {
                "time": event.created_at,
                "action": action_label(event.action),
                "code": event.action,
                "business": event.business.name if event.business_id else "",
                "by_you": event.actor_id == user.pk,
                "outcome": event.get_outcome_display(),
                "details": {key: value for key, value in event.payload.items() if key not in OTHER_PEOPLE_KEYS},
                # The address is the person's own only where they acted themselves (not staff's).
                "ip": event.ip if event.actor_id == user.pk or event.actor_id is None else None,
            }
            for event in events
        ],
    }
    return ExportPart(data=data, labels=LABELS)


def sole_admin_memberships(user) -> list[Membership]:
    """The user's administrator links to businesses with colleagues but no other administrator."""
    sole = []
    own = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).exclude(status=Membership.Status.ENDED)
    for membership in own.select_related("business"):
        others = Membership.objects.filter(business_id=membership.business_id).exclude(user=user)
        others = others.exclude(status=Membership.Status.ENDED)
        if others.exists() and not others.filter(role=Membership.Role.ADMIN).exists():
            sole.append(membership)
    return sole


def erase_blockers(user) -> list[str]:
    return [
        _(
            "You are the only administrator of %(business)s, and colleagues are linked to it. Please name "
            "one of them as administrator first."
        )
        % {"business": m.business.name}
        for m in sole_admin_memberships(user)
    ]


def erase_notes(user) -> list[str]:
    if not Membership.objects.filter(user=user).exists():
        return []
    return [
        _(
            "Your links to businesses end. The business's audit log keeps that they existed and when they "
            "ended, without your name."
        )
    ]


def erase(user, *, erasure: Erasure) -> None:
    from .audit import audit_record
    from .services import membership_end

    for membership in Membership.objects.filter(user=user).exclude(status=Membership.Status.ENDED):
        if erasure.by_owner:
            # The business's rules hold: the last administrator with colleagues cannot just leave.
            membership_end(
                membership=membership,
                ended_by=user,
                reason=erasure.reason,
                action="businesses.membership.account_deleted",
                ip=erasure.ip,
            )
        else:
            # Chamber-side, like an unlink by staff: no rule to satisfy and no mail to the person;
            # the business can link a new administrator with a PIN.
            audit_record(
                action="businesses.membership.account_deleted",
                business=membership.business,
                target_user=user,
                payload={"membership": membership.pk, "role": membership.role, "reason": erasure.reason},
            )
    # The events stay (the businesses' and the chamber's record); the links to the person go with the
    # user row (SET_NULL), the addresses they acted from go now.
    AuditEvent.objects.filter(actor=user).update(ip=None)
