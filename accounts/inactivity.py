"""Accounts without login for the staff-set period (AccountRetention, default three years) are deleted.

The person is warned by mail INACTIVITY_WARNING_DAYS before, with a one-click "Konto behalten" link
(signed, works without login, a button on the page it opens so that mail scanners do not press it).
Logging in, or the button, keeps the account; the next warning comes only after another full period.

The periodic task runs `inactive_accounts_process`, which is idempotent: a second run on the same day
finds nobody new to warn and nobody left to delete. Staff accounts are never deleted automatically.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import DateTimeField, F, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from notifications.services import absolute_url, email_send_template

from .audit import account_audit
from .deletion import account_delete
from .models import AccountRetention, User

KEEP_SALT = "accounts.inactivity.keep"
# The link must still work on the last day before the deletion, with room for a late task run.
KEEP_LINK_MAX_AGE = timedelta(days=settings.INACTIVITY_WARNING_DAYS + 30)


def _with_last_activity(queryset: QuerySet[User]) -> QuerySet[User]:
    """`last_activity`: the latest of registration, last login and "Konto behalten"."""
    return queryset.annotate(
        last_activity=Greatest(
            "date_joined",
            Coalesce("last_login", "date_joined"),
            Coalesce("activity_confirmed_at", "date_joined"),
            output_field=DateTimeField(),
        )
    )


def _candidates() -> QuerySet[User]:
    return _with_last_activity(User.objects.filter(is_staff=False, is_superuser=False))


def keep_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=KEEP_SALT)


def keep_token_user(token: str) -> User | None:
    """The account a "Konto behalten" link was made for; None when forged, too old or deleted."""
    try:
        data = signing.loads(token, salt=KEEP_SALT, max_age=KEEP_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u")).first()


def account_keep(*, user: User, ip: str | None = None) -> None:
    """ "Konto behalten": the account counts as used today."""
    User.objects.filter(pk=user.pk).update(activity_confirmed_at=timezone.now())
    account_audit(action="accounts.inactivity.kept", actor=user, target_user=user, ip=ip)


def _warn(*, user_id: int, now: datetime, warn_before: datetime) -> bool:
    with transaction.atomic():
        user = (
            _with_last_activity(User.objects.select_for_update(of=("self",)))
            .filter(pk=user_id, last_activity__lte=warn_before)
            .first()
        )
        if user is None or (user.inactivity_warning_sent_at and user.inactivity_warning_sent_at > user.last_activity):
            return False  # active again, or warned already in this round
        user.inactivity_warning_sent_at = now
        user.save(update_fields=["inactivity_warning_sent_at"])
        deletion_on = now + timedelta(days=settings.INACTIVITY_WARNING_DAYS)
        email_send_template(
            template_prefix="accounts/mail/inactivity_warning",
            to=[user.email],
            context={
                "user": user,
                "last_activity": user.last_activity,
                "deletion_on": deletion_on,
                "keep_url": absolute_url(reverse("accounts:keep", args=[keep_token(user)])),
                "login_url": absolute_url(reverse("account_login")),
            },
        )
        account_audit(
            action="accounts.inactivity.warned",
            target_user=user,
            payload={"last_activity": user.last_activity.isoformat(), "deletion_on": deletion_on.date().isoformat()},
        )
    return True


def _delete_if_still_due(*, user_id: int, now: datetime, inactive_before: datetime) -> bool:
    warned_before = now - timedelta(days=settings.INACTIVITY_WARNING_DAYS)
    with transaction.atomic():
        user = (
            _candidates()
            .filter(
                pk=user_id,
                inactivity_warning_sent_at__lte=warned_before,
                last_activity__lt=F("inactivity_warning_sent_at"),
                last_activity__lte=inactive_before,
            )
            .first()
        )
        if user is None:
            return False
        account_delete(user=user, by_owner=False)
    return True


def inactive_accounts_process(*, now: datetime | None = None) -> dict:
    """Warn who reaches the period within the warning time, delete who was warned and stayed away."""
    now = now or timezone.now()
    rule = AccountRetention.current()
    if not rule.is_active:
        return {"warned": 0, "deleted": 0}
    inactive_before = now - rule.period
    warn_before = inactive_before + timedelta(days=settings.INACTIVITY_WARNING_DAYS)
    candidates = _candidates()
    due_ids = list(
        candidates.filter(
            inactivity_warning_sent_at__lte=now - timedelta(days=settings.INACTIVITY_WARNING_DAYS),
            last_activity__lt=F("inactivity_warning_sent_at"),
            last_activity__lte=inactive_before,
        ).values_list("pk", flat=True)[:500]
    )
    deleted = sum(_delete_if_still_due(user_id=pk, now=now, inactive_before=inactive_before) for pk in due_ids)
    to_warn = candidates.filter(last_activity__lte=warn_before).exclude(
        inactivity_warning_sent_at__gt=F("last_activity")
    )
    warn_ids = list(to_warn.values_list("pk", flat=True)[:500])
    warned = sum(_warn(user_id=pk, now=now, warn_before=warn_before) for pk in warn_ids)
    return {"warned": warned, "deleted": deleted}
