"""Writes of the help: counting opened answers and fruitless searches, contact requests and staff answers."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import absolute_url, email_send_template
from portal.errors import PortalError
from portal.rate_limits import counter_hit

from .models import ContactReply, ContactRequest, Faq, FaqOpenDay, SearchMiss

logger = logging.getLogger(__name__)

# (how many, within seconds)
CONTACT_LIMIT_PER_CLIENT = (5, 3600)
CONTACT_LIMIT_PER_ACCOUNT = (5, 3600)
# Confirmation mails to one address: a stranger typing someone else's address cannot flood that mailbox.
# The request itself still reaches the desk.
CONTACT_CONFIRMATIONS_PER_ADDRESS = (3, 24 * 3600)
# Fruitless searches one client may add to the statistics; searching itself is never limited.
SEARCH_MISSES_PER_CLIENT = (30, 3600)


class HelpError(PortalError):
    """A rule of the help (contact requests, staff answers) refused the action."""


# --- statistics ------------------------------------------------------------------------------------


def faq_open_record(*, slug: str) -> None:
    """Count one opening of an answer for today. Nothing about who opened it is kept."""
    faq_id = Faq.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if faq_id is None:
        return
    day = timezone.localdate()
    if FaqOpenDay.objects.filter(faq_id=faq_id, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            FaqOpenDay.objects.create(faq_id=faq_id, day=day, count=1)
    except IntegrityError:  # another request created today's row in the meantime
        FaqOpenDay.objects.filter(faq_id=faq_id, day=day).update(count=F("count") + 1)


_EMAIL = re.compile(r"\S+@\S+")
# Something shaped like a business PIN (ABCD-EFGH, or eight letters and digits with a digit among them).
_PIN = re.compile(r"\b(?:[a-z2-9]{4}-[a-z2-9]{4}|(?=[a-z]*\d)[a-z2-9]{8})\b")
_NUMBER = re.compile(r"\d[\d\s/.-]*\d|\d")
_SPACES = re.compile(r"\s+")
_PLACEHOLDERS = re.compile(r"\[(?:E-Mail|PIN|Zahl)\]")
_LETTER = re.compile(r"[^\W\d_]")


def search_query_normalise(query: str) -> str:
    """What staff see of a search: lower case, single spaces, and neither e-mail addresses, PINs nor numbers
    (a Betriebsnummer, a phone number or a PIN typed into the search is nobody's business)."""
    text = _EMAIL.sub(" [E-Mail] ", (query or "").lower())
    text = _PIN.sub(" [PIN] ", text)
    text = _NUMBER.sub(" [Zahl] ", text)
    text = _SPACES.sub(" ", text).strip(" .,;:!?\"'")
    return text[:100]


def search_miss_record(*, query: str, client_ip: str | None) -> None:
    """Count a search that found nothing, by its normalised text only (not when nothing but numbers or
    addresses would remain)."""
    text = search_query_normalise(query)
    if not _LETTER.search(_PLACEHOLDERS.sub("", text)):
        return
    limit, window = SEARCH_MISSES_PER_CLIENT
    if client_ip and counter_hit("help.search_miss_client", client_ip, window=window) > limit:
        return
    today = timezone.localdate()
    if SearchMiss.objects.filter(query=text).update(count=F("count") + 1, last_searched_on=today):
        return
    try:
        with transaction.atomic():
            SearchMiss.objects.create(query=text, count=1, first_searched_on=today, last_searched_on=today)
    except IntegrityError:
        SearchMiss.objects.filter(query=text).update(count=F("count") + 1, last_searched_on=today)


# --- contact requests ------------------------------------------------------------------------------


def _reference_for(contact_request: ContactRequest) -> str:
    return f"H-{contact_request.created_at.year}-{contact_request.pk:06d}"


def contact_rate_limit_check(*, client_ip: str | None, user) -> None:
    """Count one request per client and per account; refuse when either has sent too many."""
    message = _("You have sent several requests within a short time. Please try again in an hour, or call the chamber.")
    limit, window = CONTACT_LIMIT_PER_CLIENT
    if client_ip and counter_hit("help.contact_client", client_ip, window=window) > limit:
        raise HelpError(message, code="rate_limited")
    limit, window = CONTACT_LIMIT_PER_ACCOUNT
    if user is not None and user.is_authenticated and counter_hit("help.contact_user", user.pk, window=window) > limit:
        raise HelpError(message, code="rate_limited")


@transaction.atomic
def contact_request_create(
    *,
    topic: str,
    name: str,
    email: str,
    message: str,
    business_number: str = "",
    page: str = "",
    user=None,
    client_ip: str | None = None,
    base_url: str = "",
) -> ContactRequest:
    """Store a question for the service desk and confirm it to the person with its reference number.

    The answer to the person does not depend on whether the address belongs to an account. Rate limits per
    client and per account raise HelpError; past the per-address limit the request is stored all the same,
    only without another confirmation mail.
    """
    if topic not in ContactRequest.Topic.values:
        raise HelpError(_("Please choose a topic."), code="topic")
    contact_rate_limit_check(client_ip=client_ip, user=user)
    email = email.strip().lower()
    contact_request = ContactRequest.objects.create(
        topic=topic,
        name=" ".join(name.split())[:150],
        email=email,
        message=message.strip(),
        business_number=business_number.strip()[:16],
        page=page[:300],
        user=user if user is not None and user.is_authenticated else None,
        language=(translation.get_language() or settings.LANGUAGE_CODE)[:2],
    )
    contact_request.reference = _reference_for(contact_request)
    contact_request.save(update_fields=["reference"])

    limit, window = CONTACT_CONFIRMATIONS_PER_ADDRESS
    if counter_hit("help.contact_confirmation", email, window=window) <= limit:
        email_send_template(
            template_prefix="help/mail/contact_received",
            to=[email],
            context={
                "contact_request": contact_request,
                "help_url": absolute_url(reverse("help:index"), base_url=base_url),
            },
        )
    if settings.HELP_DESK_EMAIL:
        with translation.override("de"):
            email_send_template(
                template_prefix="help/mail/contact_desk_notice",
                to=[settings.HELP_DESK_EMAIL],
                context={
                    "contact_request": contact_request,
                    "admin_url": absolute_url(
                        reverse("admin:help_contactrequest_change", args=[contact_request.pk]), base_url=base_url
                    ),
                },
            )
    return contact_request


def _status_set(*, contact_request: ContactRequest, status: str, staff_user) -> list[str]:
    if contact_request.status == status:
        return []
    contact_request.status = status
    contact_request.status_changed_at = timezone.now()
    contact_request.status_changed_by = staff_user
    return ["status", "status_changed_at", "status_changed_by"]


@transaction.atomic
def contact_request_answer(
    *, contact_request: ContactRequest, text: str, staff_user, base_url: str = ""
) -> ContactReply:
    """Staff answer by e-mail from the admin: the mail goes to the address the person gave, in the language
    they asked in; the answer is kept with who sent it and when, and the request counts as answered."""
    text = text.strip()
    if not text:
        raise HelpError(_("Please write an answer."), code="empty")
    locked = ContactRequest.objects.select_for_update().get(pk=contact_request.pk)
    now = timezone.now()
    reply = ContactReply.objects.create(
        request=locked, text=text, sent_to=locked.email, sent_by=staff_user, sent_at=now
    )
    with translation.override(locked.language or settings.LANGUAGE_CODE):
        email_send_template(
            template_prefix="help/mail/contact_answer",
            to=[locked.email],
            context={
                "contact_request": locked,
                "reply": reply,
                "contact_url": absolute_url(reverse("help:contact"), base_url=base_url),
                "help_url": absolute_url(reverse("help:index"), base_url=base_url),
            },
        )
    changed = _status_set(contact_request=locked, status=ContactRequest.Status.ANSWERED, staff_user=staff_user)
    locked.answered_at = now
    locked.save(update_fields=[*changed, "answered_at"])
    contact_request.refresh_from_db()
    return reply


@transaction.atomic
def contact_request_set_status(*, contact_request: ContactRequest, status: str, staff_user) -> ContactRequest:
    if status not in ContactRequest.Status.values:
        raise HelpError(_("Unknown status."), code="status")
    locked = ContactRequest.objects.select_for_update().get(pk=contact_request.pk)
    changed = _status_set(contact_request=locked, status=status, staff_user=staff_user)
    if changed:
        locked.save(update_fields=changed)
    contact_request.refresh_from_db()
    return locked
