"""The mail outbox: every mail of the portal is written here and delivered after commit."""

import base64
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template import engines
from django.utils import timezone

from .models import OutboundEmail
from .rendering import mail_html, mail_links

logger = logging.getLogger(__name__)

# A fresh mail is handed to the worker right after commit; the sweep only picks it up after this
# grace period, so the two do not race for a mail whose task is on its way.
FIRST_SWEEP_DELAY = timedelta(seconds=30)


def absolute_url(path: str, *, request: HttpRequest | None = None, base_url: str = "") -> str:
    """A link for a mail: from the request's host when there is one, else from PORTAL_BASE_URL (tasks)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{(base_url or settings.PORTAL_BASE_URL).rstrip('/')}{path}"


def _enqueue_delivery(email_id: int) -> None:
    from .tasks import deliver_email_task

    deliver_email_task.delay(email_id)


def email_enqueue(
    *,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    template: str = "",
    attachments: list[tuple[str, bytes, str]] | None = None,
    from_email: str | None = None,
    contains_secret: bool = False,
    headers: dict[str, str] | None = None,
) -> OutboundEmail:
    """Store a mail in the outbox and deliver it once the surrounding transaction commits.

    If the broker is unreachable the enqueue fails quietly (robust on_commit) and the periodic sweep
    delivers the mail later. A mail that `contains_secret` (a PIN, an activation or reset link) loses
    its text once it has left, so the secret is kept nowhere in clear.
    """
    email = OutboundEmail.objects.create(
        to=",".join(to),
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        subject=" ".join(subject.splitlines()).strip()[:255],
        body_text=body_text,
        body_html=body_html,
        template=template[:120],
        contains_secret=contains_secret,
        headers=headers or {},
        attachments=[
            {"filename": name, "mimetype": mimetype, "content": base64.b64encode(content).decode("ascii")}
            for name, content, mimetype in attachments or []
        ],
        next_attempt_at=timezone.now() + FIRST_SWEEP_DELAY,
    )
    transaction.on_commit(lambda: _enqueue_delivery(email.pk), robust=True)
    return email


def email_enqueue_message(
    *, message: EmailMessage, links: list[str], template: str = "", contains_secret: bool = False
) -> OutboundEmail:
    """Store a mail rendered elsewhere as plain text (allauth renders its own) in the outbox; its HTML part
    is built like every other mail's (notifications.rendering)."""
    return email_enqueue(
        to=list(message.to),
        subject=message.subject,
        body_text=message.body,
        body_html=mail_html(message.body, links=links, chamber_name=settings.PORTAL_CHAMBER_NAME),
        template=template,
        from_email=message.from_email,
        contains_secret=contains_secret,
    )


def render_plain_text(template_name: str, context: dict) -> str:
    """A text template rendered without HTML escaping — subject and plain-text body are not HTML, so a
    course called "Teil <I>" must not arrive as "Teil &lt;I&gt;". (The HTML part escapes everything.)"""
    wrapper = engines["django"].from_string("{% autoescape off %}{% include template_name %}{% endautoescape %}")
    return wrapper.render({**context, "template_name": template_name})


def email_send_template(
    *,
    template_prefix: str,
    to: list[str],
    context: dict,
    attachments: list[tuple[str, bytes, str]] | None = None,
    contains_secret: bool = False,
    headers: dict[str, str] | None = None,
) -> OutboundEmail:
    """Render `<prefix>_subject.txt` and `_body.txt` and put the mail in the outbox.

    The HTML part is the escaped text (notifications.rendering): links only for the `*_url` values of
    `context`, everything else — names, reasons, titles — stays text.
    """
    context = {"chamber_name": settings.PORTAL_CHAMBER_NAME, **context}
    subject = render_plain_text(f"{template_prefix}_subject.txt", context)
    body_text = render_plain_text(f"{template_prefix}_body.txt", context).strip()
    body_html = mail_html(body_text, links=mail_links(context), chamber_name=context["chamber_name"])
    return email_enqueue(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        template=template_prefix,
        attachments=attachments,
        contains_secret=contains_secret,
        headers=headers,
    )


def _build_message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text or email.body_html,
        from_email=email.from_email,
        to=email.recipients,
        headers=email.headers or None,
    )
    if email.body_html and email.body_text:
        message.attach_alternative(email.body_html, "text/html")
    elif email.body_html:
        message.content_subtype = "html"
    for attachment in email.attachments:
        # Django decodes text/* attachments (such as .ics calendars) as UTF-8 itself.
        message.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return message


SECRET_REMOVED = "[Inhalt nach dem Versand entfernt: die Nachricht enthielt eine PIN oder einen persönlichen Link.]"


def _forget_secret(email: OutboundEmail) -> list[str]:
    """Drop the text of a delivered (or given-up) mail that carried a secret; returns the changed fields."""
    if not email.contains_secret:
        return []
    email.body_text = SECRET_REMOVED
    email.body_html = ""
    email.attachments = []
    return ["body_text", "body_html", "attachments"]


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def email_deliver(*, email_id: int) -> bool:
    """Send one pending mail. Safe to run twice: a sent mail, or one another worker holds, is skipped.

    A failure is recorded with exponential back-off; after OUTBOX_MAX_ATTEMPTS the mail is marked
    failed for staff to look at.
    """
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False
        now = timezone.now()
        try:
            _build_message(email).send()
        except Exception as exc:  # SMTP and network errors of every kind end up here
            email.attempts += 1
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            forgotten = []
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
                forgotten = _forget_secret(email)
            else:
                email.next_attempt_at = now + _retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", *forgotten])
            logger.warning("Mail %s could not be delivered (attempt %s): %s", email.pk, email.attempts, exc)
            return False
        email.attempts += 1
        email.status = OutboundEmail.Status.SENT
        email.sent_at = now
        email.last_error = ""
        forgotten = _forget_secret(email)
        email.save(update_fields=["attempts", "status", "sent_at", "last_error", *forgotten])
        return True


def email_send_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Deliver pending mails whose time has come: missed enqueues and retries. Returns how many went out."""
    now = now or timezone.now()
    due_ids = list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for email_id in due_ids if email_deliver(email_id=email_id))


def email_resend(*, email_ids: list[int]) -> int:
    """Staff action: put mails back into the queue (failed ones, or sent ones a customer did not get).

    A delivered mail that carried a secret has lost its text and is left alone: staff issue a new PIN
    or activation mail instead. Returns how many mails were queued.
    """
    resendable = OutboundEmail.objects.filter(pk__in=email_ids).exclude(
        contains_secret=True, status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED]
    )
    email_ids = list(resendable.values_list("pk", flat=True))
    count = OutboundEmail.objects.filter(pk__in=email_ids).update(
        status=OutboundEmail.Status.PENDING, attempts=0, last_error="", next_attempt_at=timezone.now()
    )
    for email_id in email_ids:
        transaction.on_commit(lambda email_id=email_id: _enqueue_delivery(email_id), robust=True)
    return count
