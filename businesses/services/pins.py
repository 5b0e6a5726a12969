"""PINs: issuing, requesting (processed off the request path), redeeming, and the limits around them.

The limits keep guessing hopeless without letting a stranger who knows a Betriebsnummer block the business
(README, "Linking with a PIN", has the arithmetic):
- a request only ever sends a PIN to the business's own address, and older unused PINs stay valid, so a
  stranger's requests cannot take away the PIN the business holds; more than PIN_MAILS_PER_BUSINESS requests
  a day are not mailed, and the business is told once;
- wrong PINs are limited per account and per client address; a burst of wrong PINs against one business
  alerts the business (its address and its admins) instead of revoking anything; only a number of wrong PINs
  at which the chance of a hit is still negligible revokes the open PINs.
Failures are counted from the audit log in the database: they hold when Redis is down and under concurrency
(the attempts of one account run one at a time behind a row lock).
"""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from notifications.services import absolute_url, email_send_template
from portal.rate_limits import counter_hit

from ..audit import audit_record
from ..errors import BusinessError
from ..models import AuditEvent, Business, Membership, Pin, PinRequest
from ..pins import pin_display, pin_generate, pin_hash, pin_looks_like, pin_normalize
from .common import business_find, mail_business

logger = logging.getLogger(__name__)

PIN_VALID_DAYS = 30
PIN_MAIL_TEMPLATE = "businesses/mail/pin"
# At most this many PINs of a business are open; a new one revokes the oldest beyond it. Larger than the daily
# number of PIN mails, so a day of strangers' requests never revokes the PIN a business already holds.
PINS_OPEN_MAX = 5

# (how many, within seconds)
PIN_REQUESTS_PER_CLIENT = (10, 3600)
PIN_MAILS_PER_BUSINESS = (3, 24 * 3600)
REDEEM_FAILURES_PER_ACCOUNT = (5, 3600)
REDEEM_FAILURES_PER_CLIENT = (20, 3600)
GUESSING_ALARM_PER_BUSINESS = (10, 24 * 3600)
GUESSING_REVOKE_PER_BUSINESS = (1000, PIN_VALID_DAYS * 24 * 3600)

# A request is left to its task this long before the sweep processes it.
PIN_REQUEST_SWEEP_GRACE = timedelta(seconds=30)

REDEEM_FAILED = "businesses.pin.redeem_failed"

MSG_MISMATCH = gettext_lazy("Betriebsnummer and PIN do not match. Please check what you entered.")
MSG_USED = gettext_lazy("This PIN has already been used. Each PIN links one account; please request a new PIN.")
MSG_EXPIRED = gettext_lazy("This PIN has expired. PINs are valid for 30 days; please request a new PIN.")
MSG_REVOKED = gettext_lazy("This PIN is no longer valid because it was blocked. Please request a new PIN.")
MSG_TOO_MANY = gettext_lazy(
    "Too many failed attempts. For your protection, linking is blocked for one hour; please try again later."
)
MSG_ALREADY = gettext_lazy("Your account is already linked to this business.")
REFUSAL_MESSAGES = {"used": MSG_USED, "revoked": MSG_REVOKED, "expired": MSG_EXPIRED}


# --- issuing -----------------------------------------------------------------------------------------------


@transaction.atomic
def pin_issue(*, business: Business, channel: str, sent_by=None, base_url: str = "") -> str:
    """Create a PIN for `business` and return it in clear — the only moment it exists in clear.

    For the mail channels the PIN goes to the business's e-mail of record; for a letter the caller prints it.
    Older unused PINs stay valid; beyond PINS_OPEN_MAX open ones, the oldest are revoked.
    """
    if channel != Pin.Channel.LETTER and not business.email:
        raise BusinessError(
            gettext_lazy("The business has no e-mail address of record; print a PIN letter instead."),
            code="no_email",
        )
    Business.objects.select_for_update(no_key=True).filter(pk=business.pk).first()  # one issue at a time
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
    surplus = list(
        Pin.objects.open(now).filter(business=business).order_by("-created_at", "-pk").values_list("pk", flat=True)
    )[PINS_OPEN_MAX:]
    if surplus:
        Pin.objects.filter(pk__in=surplus).update(revoked_at=now, revoke_reason="replaced by newer PINs")
    audit_record(
        action="businesses.pin.issued",
        actor=sent_by,
        business=business,
        payload={"channel": channel, "revoked_oldest": len(surplus)},
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


# --- requesting --------------------------------------------------------------------------------------------


def pin_request(
    *, betriebsnummer: str, filialnummer: str = "", client_ip: str | None, actor=None, base_url: str = ""
) -> None:
    """Someone asks for a PIN. Stores the request for a task and says nothing back: the same work, the same
    answer and the same time whether or not the number exists."""
    payload = {"betriebsnummer": betriebsnummer, "filialnummer": filialnummer}
    limit, window = PIN_REQUESTS_PER_CLIENT
    if client_ip and counter_hit("businesses.pin_request_client", client_ip, window=window) > limit:
        audit_record(
            action="businesses.pin.requested",
            actor=actor,
            outcome=AuditEvent.Outcome.RATE_LIMITED,
            payload={**payload, "limit": "client"},
            ip=client_ip,
        )
        return
    pending = PinRequest.objects.create(
        betriebsnummer=betriebsnummer[:10],
        filialnummer=filialnummer[:4],
        requested_by=actor if actor is not None and actor.is_authenticated else None,
        ip=client_ip,
        base_url=base_url[:200],
    )
    transaction.on_commit(lambda: _enqueue_request(pending.pk), robust=True)


def _enqueue_request(request_id: int) -> None:
    from ..tasks import process_pin_request_task

    process_pin_request_task.delay(request_id)


@transaction.atomic
def pin_request_process(*, request_id: int) -> str | None:
    """Process one stored PIN request: issue and mail a PIN, or record why not. Safe to run twice (the row is
    deleted once processed) and next to the sweep (a row another worker holds is skipped)."""
    pending = PinRequest.objects.select_for_update(skip_locked=True).filter(pk=request_id).first()
    if pending is None:
        return None
    payload = {"betriebsnummer": pending.betriebsnummer, "filialnummer": pending.filialnummer}
    actor, ip, base_url = pending.requested_by, pending.ip, pending.base_url
    pending.delete()
    business = business_find(betriebsnummer=payload["betriebsnummer"], filialnummer=payload["filialnummer"])

    def record(outcome: str = AuditEvent.Outcome.OK, **details) -> None:
        audit_record(
            action="businesses.pin.requested",
            actor=actor,
            business=business,
            outcome=outcome,
            payload={**payload, **details},
            ip=ip,
        )

    if business is None:
        record(AuditEvent.Outcome.REFUSED, reason="unknown_or_inactive")
        return "unknown"
    if not business.email:
        record(AuditEvent.Outcome.REFUSED, reason="no_email_of_record")
        return "no_email"
    Business.objects.select_for_update(no_key=True).filter(pk=business.pk).first()  # one request at a time
    limit, window = PIN_MAILS_PER_BUSINESS
    since = timezone.now() - timedelta(seconds=window)
    if Pin.objects.filter(business=business, channel=Pin.Channel.SELF_SERVICE, created_at__gt=since).count() >= limit:
        record(AuditEvent.Outcome.RATE_LIMITED, limit="business")
        pin_requests_alarm(business=business, since=since)
        return "rate_limited"
    record()
    pin_issue(business=business, channel=Pin.Channel.SELF_SERVICE, base_url=base_url)
    return "issued"


def pin_requests_alarm(*, business: Business, since) -> bool:
    """More PINs were requested for the business than are mailed in a day: tell its address of record and its
    admins, once per day, that the PINs already sent stay valid. The caller holds the business row lock."""
    action = "businesses.pin.request_alarm"
    if AuditEvent.objects.filter(action=action, business=business, created_at__gt=since).exists():
        return False
    audit_record(action=action, business=business, outcome=AuditEvent.Outcome.RATE_LIMITED)
    mail_business(
        business,
        template_prefix="businesses/mail/pin_request_alarm",
        context={
            "business": business,
            "mails_per_day": PIN_MAILS_PER_BUSINESS[0],
            "valid_days": PIN_VALID_DAYS,
            "link_url": absolute_url(reverse("businesses:link")),
        },
    )
    return True


def pin_requests_process_pending(*, grace: timedelta = PIN_REQUEST_SWEEP_GRACE) -> int:
    """The periodic sweep: process requests whose task was lost (broker down, worker died)."""
    ids = list(
        PinRequest.objects.filter(created_at__lte=timezone.now() - grace)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    return sum(1 for request_id in ids if pin_request_process(request_id=request_id) is not None)


# --- redeeming ---------------------------------------------------------------------------------------------


def pin_redeem(*, user, betriebsnummer: str, filialnummer: str = "", pin: str, ip: str | None = None) -> Membership:
    """Spend a PIN and create a pending (admin) membership; finalising happens in a Celery task.

    The attempts of one account run one at a time (a lock on the user row), so the limits count every earlier
    attempt; the PIN row is locked while it is checked and spent, so of two concurrent uses exactly one wins.
    A refused attempt is recorded in the same transaction as the lock and then raised, so it stays recorded.
    """
    payload = {"betriebsnummer": betriebsnummer, "filialnummer": filialnummer}
    now = timezone.now()
    with transaction.atomic():
        get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).first()
        limited = _redeem_limit_reached(user=user, ip=ip, now=now)
        if limited:
            audit_record(
                action=REDEEM_FAILED,
                actor=user,
                target_user=user,
                outcome=AuditEvent.Outcome.RATE_LIMITED,
                payload={**payload, "limit": limited},
                ip=ip,
            )
            outcome = BusinessError(MSG_TOO_MANY, code="rate_limited")
        else:
            business = business_find(betriebsnummer=betriebsnummer, filialnummer=filialnummer)
            try:
                outcome = _pin_spend(user=user, business=business, pin=pin, payload=payload, ip=ip, now=now)
            except BusinessError as error:
                outcome = error
                _redeem_refused(user=user, business=business, code=error.code, payload=payload, ip=ip)
                if error.code != "already_linked":
                    # The explicit steps after a counted failure: lock the account's linking, alert the business.
                    if _account_failures(user=user, now=now) == REDEEM_FAILURES_PER_ACCOUNT[0]:
                        pin_account_lock(user=user, ip=ip)
                    if business is not None and error.code == "mismatch":
                        pin_guessing_check(business=business, ip=ip, now=now)
    if isinstance(outcome, BusinessError):
        raise outcome
    return outcome


def _pin_spend(*, user, business: Business | None, pin: str, payload: dict, ip: str | None, now) -> Membership:
    with transaction.atomic():
        if business is None or not pin_looks_like(pin):
            raise BusinessError(MSG_MISMATCH, code="mismatch")
        locked = (
            Pin.objects.select_for_update()
            .filter(business=business, pin_hash=pin_hash(pin_normalize(pin)))
            .order_by("-created_at")
            .first()
        )
        if locked is None:
            raise BusinessError(MSG_MISMATCH, code="mismatch")
        refusal = locked.refusal(now)
        if refusal:
            raise BusinessError(REFUSAL_MESSAGES[refusal], code=refusal)
        if Membership.objects.filter(user=user, business=business).exclude(status=Membership.Status.ENDED).exists():
            raise BusinessError(MSG_ALREADY, code="already_linked")
        locked.used_at = now
        locked.used_by = user
        locked.save(update_fields=["used_at", "used_by"])
        # The PIN went to the business's own address: whoever holds it acts for the business, so a PIN link
        # always makes an administrator — also when the previous admins have gone.
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
        transaction.on_commit(lambda: _enqueue_finalise(membership.pk), robust=True)
        return membership


def _enqueue_finalise(membership_id: int) -> None:
    from ..tasks import finalise_membership_task

    finalise_membership_task.delay(membership_id)


def _redeem_refused(*, user, business: Business | None, code: str, payload: dict, ip: str | None) -> None:
    audit_record(
        action=REDEEM_FAILED,
        actor=user,
        business=business,
        target_user=user,
        outcome=AuditEvent.Outcome.REFUSED,
        payload={**payload, "reason": code},
        ip=ip,
    )


def _counted_failures(*, since):
    # A valid PIN for a business the user already belongs to is refused, but nobody guessed anything.
    return AuditEvent.objects.filter(
        action=REDEEM_FAILED, outcome=AuditEvent.Outcome.REFUSED, created_at__gt=since
    ).exclude(payload__reason="already_linked")


def _account_failures(*, user, now) -> int:
    since = now - timedelta(seconds=REDEEM_FAILURES_PER_ACCOUNT[1])
    # A successful link starts the count afresh.
    last_link = (
        AuditEvent.objects.filter(action="businesses.pin.redeemed", actor=user, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return _counted_failures(since=last_link or since).filter(actor=user).count()


def _redeem_limit_reached(*, user, ip: str | None, now) -> str | None:
    if _account_failures(user=user, now=now) >= REDEEM_FAILURES_PER_ACCOUNT[0]:
        return "account"
    limit, window = REDEEM_FAILURES_PER_CLIENT
    if ip and _counted_failures(since=now - timedelta(seconds=window)).filter(ip=ip).count() >= limit:
        return "client"
    return None


def pin_account_lock(*, user, ip: str | None = None) -> None:
    """The account reached its limit of wrong PINs: linking is blocked for it for the rest of the hour, and the
    account holder is told (it may not have been them)."""
    audit_record(
        action="businesses.pin.account_locked",
        actor=user,
        target_user=user,
        outcome=AuditEvent.Outcome.RATE_LIMITED,
        payload={"failed_attempts": REDEEM_FAILURES_PER_ACCOUNT[0]},
        ip=ip,
    )
    email_send_template(
        template_prefix="businesses/mail/pin_account_locked",
        to=[user.email],
        context={
            "user": user,
            "failed_attempts": REDEEM_FAILURES_PER_ACCOUNT[0],
            "password_url": absolute_url(reverse("account_change_password")),
        },
    )


def pin_guessing_check(*, business: Business, ip: str | None = None, now=None) -> None:
    """After a wrong PIN for `business`: alert it once a day when wrong PINs pile up; revoke its open PINs only
    at GUESSING_REVOKE_PER_BUSINESS, where a hit is still all but impossible (README)."""
    now = now or timezone.now()
    Business.objects.select_for_update(no_key=True).filter(pk=business.pk).first()  # one decision at a time
    mismatches = AuditEvent.objects.filter(
        action=REDEEM_FAILED, business=business, outcome=AuditEvent.Outcome.REFUSED, payload__reason="mismatch"
    )
    revoke_limit, revoke_window = GUESSING_REVOKE_PER_BUSINESS
    last_lock = (
        AuditEvent.objects.filter(action="businesses.pin.locked", business=business)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    since = max(filter(None, [now - timedelta(seconds=revoke_window), last_lock]))
    if mismatches.filter(created_at__gt=since).count() >= revoke_limit:
        pins_revoke_after_failures(business=business, ip=ip)
        return
    alarm_limit, alarm_window = GUESSING_ALARM_PER_BUSINESS
    since = now - timedelta(seconds=alarm_window)
    if mismatches.filter(created_at__gt=since).count() < alarm_limit:
        return
    if AuditEvent.objects.filter(
        action="businesses.pin.guessing_alarm", business=business, created_at__gt=since
    ).exists():
        return
    audit_record(
        action="businesses.pin.guessing_alarm",
        business=business,
        outcome=AuditEvent.Outcome.REFUSED,
        payload={"failed_attempts": alarm_limit},
        ip=ip,
    )
    mail_business(
        business,
        template_prefix="businesses/mail/pin_guessing_alarm",
        context={
            "business": business,
            "failed_attempts": alarm_limit,
            "hours": alarm_window // 3600,
            "mine_url": absolute_url(reverse("businesses:mine")),
        },
    )


def pins_revoke_after_failures(*, business: Business, ip: str | None = None) -> int:
    """So many wrong PINs against one business that its open PINs are blocked, and the business is told."""
    now = timezone.now()
    count = (
        Pin.objects.open(now).filter(business=business).update(revoked_at=now, revoke_reason="too many failed attempts")
    )
    audit_record(
        action="businesses.pin.locked",
        business=business,
        outcome=AuditEvent.Outcome.REFUSED,
        payload={"revoked_pins": count, "failed_attempts": GUESSING_REVOKE_PER_BUSINESS[0]},
        ip=ip,
    )
    mail_business(
        business,
        template_prefix="businesses/mail/pins_revoked",
        context={
            "business": business,
            "failed_attempts": GUESSING_REVOKE_PER_BUSINESS[0],
            "revoked_pins": count,
            "request_url": absolute_url(reverse("businesses:pin_request")),
        },
    )
    return count
