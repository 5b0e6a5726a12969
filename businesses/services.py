"""Business links: PIN request and redemption, finalising, roles, invitations, unlinking and the audit trail."""

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import absolute_url, email_send_template
from portal.rate_limits import counter_get, counter_hit, counter_reset

from .models import AuditEvent, Business, Invitation, Membership, Pin
from .pins import pin_display, pin_generate, pin_hash, pin_looks_like, pin_normalize

logger = logging.getLogger(__name__)

PIN_VALID_DAYS = 30
PIN_MAIL_TEMPLATE = "businesses/mail/pin"
INVITATION_VALID_DAYS = 14

# Rate limits: (how many, within seconds).
PIN_REQUEST_LIMIT_PER_CLIENT = (10, 3600)
PIN_REQUEST_LIMIT_PER_BUSINESS = (3, 24 * 3600)
REDEEM_FAILURES_PER_USER = (5, 3600)
REDEEM_FAILURES_PER_BUSINESS = (10, 24 * 3600)

# A pending membership is left to its task this long before the sweep finalises it.
FINALISE_SWEEP_GRACE = timedelta(seconds=30)


class BusinessError(Exception):
    """A business rule refused the action; `message` is German text for the user."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- helpers --------------------------------------------------------------------------------------


def audit_record(
    *,
    action: str,
    actor=None,
    business: Business | None = None,
    target_user=None,
    outcome: str = AuditEvent.Outcome.OK,
    payload: dict | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Write one audit event. Callers never put a PIN, password or token into `payload`."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        business=business,
        target_user=target_user,
        outcome=outcome,
        payload=payload or {},
        ip=ip or None,
    )


def business_find(*, betriebsnummer: str, filialnummer: str = "") -> Business | None:
    return Business.objects.filter(
        betriebsnummer=(betriebsnummer or "").strip(), filialnummer=(filialnummer or "").strip(), is_active=True
    ).first()


# --- PINs ----------------------------------------------------------------------------------------


def pin_issue(*, business: Business, channel: str, sent_by=None, base_url: str = "") -> str:
    """Create a PIN for `business` and return it in clear — the only moment it exists in clear.

    For the mail channels the PIN goes to the business's e-mail of record; for a letter the caller prints it.
    """
    if channel != Pin.Channel.LETTER and not business.email:
        raise BusinessError(_("The business has no e-mail address of record; print a PIN letter instead."))
    clear = pin_generate()
    now = timezone.now()
    Pin.objects.create(
        business=business,
        pin_hash=pin_hash(clear),
        channel=channel,
        sent_by=sent_by,
        created_at=now,
        expires_at=now + timedelta(days=PIN_VALID_DAYS),
    )
    audit_record(
        action="businesses.pin.issued",
        actor=sent_by,
        business=business,
        payload={"channel": channel},
    )
    if channel != Pin.Channel.LETTER:
        email_send_template(
            template_prefix=PIN_MAIL_TEMPLATE,
            to=[business.email],
            context=pin_letter_context(business=business, pin=clear, base_url=base_url),
            contains_secret=True,
        )
    return clear


def pin_letter_context(*, business: Business, pin: str, base_url: str = "") -> dict:
    return {
        "business": business,
        "pin": pin_display(pin),
        "valid_days": PIN_VALID_DAYS,
        "expires_at": timezone.localtime() + timedelta(days=PIN_VALID_DAYS),
        "link_url": absolute_url(reverse("businesses:link"), base_url=base_url),
        "signup_url": absolute_url(reverse("account_signup"), base_url=base_url),
    }


def pin_request(
    *, betriebsnummer: str, filialnummer: str = "", client_ip: str | None, actor=None, base_url: str = ""
) -> None:
    """Someone asks for a PIN. Says nothing back: the caller answers the same whatever happened here."""
    payload = {"betriebsnummer": betriebsnummer, "filialnummer": filialnummer}
    business = business_find(betriebsnummer=betriebsnummer, filialnummer=filialnummer)

    def refuse(outcome: str, **details) -> None:
        audit_record(
            action="businesses.pin.requested",
            actor=actor,
            business=business,
            outcome=outcome,
            payload={**payload, **details},
            ip=client_ip,
        )

    limit, window = PIN_REQUEST_LIMIT_PER_CLIENT
    if client_ip and counter_hit("businesses.pin_request_client", client_ip, window=window) > limit:
        return refuse(AuditEvent.Outcome.RATE_LIMITED, limit="client")
    if business is None:
        return refuse(AuditEvent.Outcome.REFUSED, reason="unknown_or_inactive")
    limit, window = PIN_REQUEST_LIMIT_PER_BUSINESS
    if counter_hit("businesses.pin_request_business", business.pk, window=window) > limit:
        return refuse(AuditEvent.Outcome.RATE_LIMITED, limit="business")
    if not business.email:
        return refuse(AuditEvent.Outcome.REFUSED, reason="no_email_of_record")
    with transaction.atomic():
        audit_record(action="businesses.pin.requested", actor=actor, business=business, payload=payload, ip=client_ip)
        pin_issue(business=business, channel=Pin.Channel.SELF_SERVICE, base_url=base_url)


MSG_MISMATCH = gettext_lazy("Betriebsnummer and PIN do not match. Please check what you entered.")
MSG_USED = gettext_lazy("This PIN has already been used. Each PIN links one account; please request a new PIN.")
MSG_EXPIRED = gettext_lazy("This PIN has expired. PINs are valid for 30 days; please request a new PIN.")
MSG_REVOKED = gettext_lazy("This PIN is no longer valid because it was blocked. Please request a new PIN.")
MSG_TOO_MANY = gettext_lazy(
    "Too many failed attempts. For your protection, linking is blocked for one hour; please try again later."
)
MSG_ALREADY = gettext_lazy("Your account is already linked to this business.")


def _redeem_failed(*, user, business: Business | None, code: str, payload: dict, ip: str | None) -> None:
    """Record a refused attempt; count a failed one per user and per business, and lock the business at the
    limit."""
    audit_record(
        action="businesses.pin.redeem_failed",
        actor=user,
        business=business,
        target_user=user,
        outcome=AuditEvent.Outcome.REFUSED,
        payload={**payload, "reason": code},
        ip=ip,
    )
    if code == "already_linked":  # a valid PIN for a business the user already belongs to: no failure
        return
    counter_hit("businesses.redeem_user", user.pk, window=REDEEM_FAILURES_PER_USER[1])
    # Only guesses count against the business: someone holding a used or expired PIN is not guessing.
    if business is None or code != "mismatch":
        return
    limit, window = REDEEM_FAILURES_PER_BUSINESS
    if counter_hit("businesses.redeem_business", business.pk, window=window) >= limit:
        counter_reset("businesses.redeem_business", business.pk)
        pins_revoke_after_failures(business=business, ip=ip)


def pins_revoke_after_failures(*, business: Business, ip: str | None = None) -> int:
    """Too many wrong PINs against one business: its open PINs are blocked and the business is told."""
    with transaction.atomic():
        now = timezone.now()
        count = (
            Pin.objects.select_for_update()
            .filter(business=business, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
            .update(revoked_at=now, revoke_reason="too many failed attempts")
        )
        audit_record(
            action="businesses.pin.locked",
            business=business,
            outcome=AuditEvent.Outcome.REFUSED,
            payload={"revoked_pins": count, "failed_attempts": REDEEM_FAILURES_PER_BUSINESS[0]},
            ip=ip,
        )
        if business.email:
            email_send_template(
                template_prefix="businesses/mail/pins_revoked",
                to=[business.email],
                context={
                    "business": business,
                    "failed_attempts": REDEEM_FAILURES_PER_BUSINESS[0],
                    "revoked_pins": count,
                    "request_url": absolute_url(reverse("businesses:pin_request")),
                },
            )
    return count


def pin_redeem(*, user, betriebsnummer: str, filialnummer: str = "", pin: str, ip: str | None = None) -> Membership:
    """Spend a PIN and create a pending (admin) membership; finalising happens in a Celery task.

    The PIN row is locked while it is checked and spent, so of two concurrent uses exactly one wins.
    Failures are recorded outside the locking transaction, so they stay recorded when it rolls back.
    """
    payload = {"betriebsnummer": betriebsnummer, "filialnummer": filialnummer}
    if counter_get("businesses.redeem_user", user.pk) >= REDEEM_FAILURES_PER_USER[0]:
        audit_record(
            action="businesses.pin.redeem_failed",
            actor=user,
            target_user=user,
            outcome=AuditEvent.Outcome.RATE_LIMITED,
            payload=payload,
            ip=ip,
        )
        raise BusinessError(str(MSG_TOO_MANY), code="rate_limited")

    business = business_find(betriebsnummer=betriebsnummer, filialnummer=filialnummer)
    if business is None or not pin_looks_like(pin):
        _redeem_failed(user=user, business=business, code="mismatch", payload=payload, ip=ip)
        raise BusinessError(str(MSG_MISMATCH), code="mismatch")

    failure: tuple[str, str] | None = None
    try:
        with transaction.atomic():
            locked = (
                Pin.objects.select_for_update()
                .filter(business=business, pin_hash=pin_hash(pin_normalize(pin)))
                .order_by("-created_at")
                .first()
            )
            now = timezone.now()
            if locked is None:
                failure = ("mismatch", str(MSG_MISMATCH))
            elif locked.used_at is not None:
                failure = ("used", str(MSG_USED))
            elif locked.revoked_at is not None:
                failure = ("revoked", str(MSG_REVOKED))
            elif locked.expires_at <= now:
                failure = ("expired", str(MSG_EXPIRED))
            if failure:
                raise BusinessError(failure[1], code=failure[0])

            if Membership.objects.filter(user=user, business=business).exclude(status=Membership.Status.ENDED).exists():
                raise BusinessError(str(MSG_ALREADY), code="already_linked")

            locked.used_at = now
            locked.used_by = user
            locked.save(update_fields=["used_at", "used_by"])
            # The PIN went to the business's own address: whoever holds it acts for the business, so a
            # PIN link always makes an administrator — also when the previous admins have gone.
            membership = Membership.objects.create(
                user=user,
                business=business,
                role=Membership.Role.ADMIN,
                status=Membership.Status.PENDING,
                source=Membership.Source.PIN,
                created_at=now,
            )
            audit_record(
                action="businesses.pin.redeemed",
                actor=user,
                business=business,
                target_user=user,
                payload={**payload, "membership": membership.pk},
                ip=ip,
            )
            counter_reset("businesses.redeem_user", user.pk)
            transaction.on_commit(lambda: _enqueue_finalise(membership.pk), robust=True)
            return membership
    except BusinessError as error:
        _redeem_failed(user=user, business=business, code=error.code, payload=payload, ip=ip)
        raise


def _enqueue_finalise(membership_id: int) -> None:
    from .tasks import finalise_membership_task

    finalise_membership_task.delay(membership_id)


# --- finalising ----------------------------------------------------------------------------------


@transaction.atomic
def membership_finalise(*, membership_id: int) -> Membership | None:
    """Turn a pending membership active (or end it if the business is no longer active) and mail the user.

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
    return membership


def memberships_finalise_pending(*, grace: timedelta = FINALISE_SWEEP_GRACE) -> int:
    """The periodic sweep: finalise pending memberships whose task was lost (broker down, worker died)."""
    ids = list(
        Membership.objects.filter(status=Membership.Status.PENDING, created_at__lte=timezone.now() - grace)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    return sum(1 for membership_id in ids if membership_finalise(membership_id=membership_id) is not None)


# --- roles and unlinking -------------------------------------------------------------------------


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
        raise BusinessError(_("You can only end your own membership this way."))
    return membership_end(
        membership=membership,
        ended_by=user,
        reason="Selbst verlassen",
        action="businesses.membership.left",
        ip=ip,
    )


def _require_admin(admin_membership: Membership, membership: Membership) -> None:
    if not admin_membership.is_admin or admin_membership.business_id != membership.business_id:
        raise BusinessError(_("Only administrators of the business may do this."), code="forbidden")


def membership_remove(
    *, admin_membership: Membership, membership: Membership, reason: str, ip: str | None = None
) -> Membership:
    _require_admin(admin_membership, membership)
    if not reason.strip():
        raise BusinessError(_("Please give a reason."))
    return membership_end(
        membership=membership,
        ended_by=admin_membership.user,
        reason=reason.strip(),
        action="businesses.membership.removed",
        ip=ip,
    )


def membership_end_by_staff(*, membership: Membership, staff_user, reason: str) -> Membership:
    """Staff unlink anyone; the last-admin rule does not bind them (the next PIN link makes a new admin)."""
    if not reason.strip():
        raise BusinessError(_("Please give a reason."))
    return membership_end(
        membership=membership,
        ended_by=staff_user,
        reason=reason.strip(),
        action="businesses.membership.ended_by_staff",
        enforce_last_admin=False,
    )


@transaction.atomic
def membership_change_role(
    *, admin_membership: Membership, membership: Membership, role: str, ip: str | None = None
) -> Membership:
    _require_admin(admin_membership, membership)
    if role not in Membership.Role.values:
        raise BusinessError(_("Unknown role."))
    open_memberships = _lock_open_memberships(membership.business_id)
    current = next((m for m in open_memberships if m.pk == membership.pk), None)
    if current is None or current.status != Membership.Status.ACTIVE:
        raise BusinessError(_("Only active members can be given a role."))
    if current.role == role:
        return current
    if role == Membership.Role.MEMBER:
        _check_not_last_admin(membership=current, open_memberships=open_memberships)
    previous = current.role
    current.role = role
    current.save(update_fields=["role"])
    audit_record(
        action="businesses.membership.role_changed",
        actor=admin_membership.user,
        business=current.business,
        target_user=current.user,
        payload={"membership": current.pk, "from": previous, "to": role},
        ip=ip,
    )
    return current


# --- invitations ---------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, admin_membership: Membership, email: str, base_url: str = "", ip: str | None = None
) -> Invitation:
    if not admin_membership.is_admin:
        raise BusinessError(_("Only administrators of the business may do this."), code="forbidden")
    email = email.strip().lower()
    business = admin_membership.business
    if (
        Membership.objects.filter(business=business, user__email__iexact=email)
        .exclude(status=Membership.Status.ENDED)
        .exists()
    ):
        raise BusinessError(_("A person with this e-mail address is already linked to the business."))
    now = timezone.now()
    # A new invitation replaces an open one to the same address.
    Invitation.objects.filter(
        business=business, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        business=business,
        email=email,
        token_hash=_token_hash(token),
        invited_by=admin_membership.user,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
    )
    audit_record(
        action="businesses.invitation.created",
        actor=admin_membership.user,
        business=business,
        payload={"invitation": invitation.pk, "email": email},
        ip=ip,
    )
    email_send_template(
        template_prefix="businesses/mail/invitation",
        to=[email],
        context={
            "business": business,
            "inviter": admin_membership.user,
            "accept_url": absolute_url(reverse("businesses:invitation_accept", args=[token]), base_url=base_url),
            "signup_url": absolute_url(reverse("account_signup"), base_url=base_url),
            "valid_days": INVITATION_VALID_DAYS,
            "email": email,
        },
        contains_secret=True,
    )
    return invitation


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return Invitation.objects.select_related("business", "invited_by").filter(token_hash=_token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, user, token: str, ip: str | None = None) -> Membership:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("business")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise BusinessError(_("This invitation is not valid (any more). Please ask your colleague for a new one."))
    if invitation.accepted_at is not None:
        raise BusinessError(_("This invitation has already been accepted."))
    if invitation.expires_at <= timezone.now():
        raise BusinessError(_("This invitation has expired. Please ask your colleague for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise BusinessError(
            _("This invitation was sent to another e-mail address. Please log in with the address it was sent to.")
        )
    if not invitation.business.is_active:
        raise BusinessError(_("This business can no longer be linked in the portal."))
    if (
        Membership.objects.filter(user=user, business=invitation.business)
        .exclude(status=Membership.Status.ENDED)
        .exists()
    ):
        raise BusinessError(str(MSG_ALREADY), code="already_linked")
    now = timezone.now()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = Membership.objects.create(
        user=user,
        business=invitation.business,
        role=Membership.Role.MEMBER,
        status=Membership.Status.ACTIVE,
        source=Membership.Source.INVITATION,
        created_at=now,
        activated_at=now,
    )
    audit_record(
        action="businesses.invitation.accepted",
        actor=user,
        business=invitation.business,
        target_user=user,
        payload={"invitation": invitation.pk, "membership": membership.pk},
        ip=ip,
    )
    return membership


@transaction.atomic
def invitation_revoke(*, admin_membership: Membership, invitation: Invitation, ip: str | None = None) -> None:
    if not admin_membership.is_admin or admin_membership.business_id != invitation.business_id:
        raise BusinessError(_("Only administrators of the business may do this."), code="forbidden")
    if not invitation.is_open:
        raise BusinessError(_("This invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        action="businesses.invitation.revoked",
        actor=admin_membership.user,
        business=invitation.business,
        payload={"invitation": invitation.pk, "email": invitation.email},
        ip=ip,
    )


# --- import from the chamber's register ----------------------------------------------------------

IMPORT_COLUMNS = [
    "betriebsnummer",
    "filialnummer",
    "name",
    "rechtsform",
    "gewerk",
    "strasse",
    "plz",
    "ort",
    "email",
    "aktiv",
]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = None  # (line number, reason)

    def __post_init__(self) -> None:
        self.rejected = self.rejected or []


def _truthy(value: str) -> bool:
    return (value or "").strip().lower() not in {"0", "nein", "n", "false", "no", "inaktiv"}


def business_import_rows(*, rows: list[tuple[int, dict]]) -> ImportResult:
    """Create or update businesses from register rows (line number, column → value); idempotent.

    Main businesses are handled before branches, so a branch may appear before its main business.
    Each row is saved in its own savepoint: a bad row is reported and the others still go in.
    """
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from .models import BETRIEBSNUMMER_RE, FILIALNUMMER_RE

    result = ImportResult()
    rows = sorted(rows, key=lambda item: bool((item[1].get("filialnummer") or "").strip()))
    for line, row in rows:
        data = {key: (row.get(key) or "").strip() for key in IMPORT_COLUMNS}
        number, branch = data["betriebsnummer"], data["filialnummer"]
        if not re.match(BETRIEBSNUMMER_RE, number):
            result.rejected.append((line, f"Betriebsnummer „{number}“ hat nicht 5 bis 10 Ziffern"))
            continue
        if branch and not re.match(FILIALNUMMER_RE, branch):
            result.rejected.append((line, f"Filialnummer „{branch}“ hat nicht 1 bis 4 Ziffern"))
            continue
        if not data["name"]:
            result.rejected.append((line, "Name fehlt"))
            continue
        if data["email"]:
            try:
                validate_email(data["email"])
            except ValidationError:
                result.rejected.append((line, f"E-Mail-Adresse „{data['email']}“ ist ungültig"))
                continue
        main = None
        if branch:
            main = Business.objects.filter(betriebsnummer=number, filialnummer="").first()
            if main is None:
                result.rejected.append((line, f"Hauptbetrieb {number} fehlt für Filiale {branch}"))
                continue
        values = {
            "name": data["name"][:200],
            "legal_form": data["rechtsform"][:80],
            "trade": data["gewerk"][:120],
            "street": data["strasse"][:200],
            "postal_code": data["plz"][:10],
            "city": data["ort"][:120],
            "email": data["email"].lower(),
            "is_active": _truthy(data["aktiv"]) if data["aktiv"] else True,
            "main_business": main,
        }
        with transaction.atomic():
            existing = Business.objects.select_for_update().filter(betriebsnummer=number, filialnummer=branch).first()
            if existing is None:
                Business.objects.create(betriebsnummer=number, filialnummer=branch, **values)
                result.created += 1
                continue
            changed = [field for field, value in values.items() if getattr(existing, field) != value]
            if not changed:
                result.unchanged += 1
                continue
            for field in changed:
                setattr(existing, field, values[field])
            existing.save(update_fields=[*changed, "updated_at"])
            result.updated += 1
    return result
