"""Every write of the job board: postings through their review workflow, expiry, saved searches and alerts.

The status of a posting moves along one table:

    draft ─submit→ review ─approve→ published ─expire→ expired
                   review ─return→ draft (with the chamber's remarks)
    draft/review/published ─close→ closed
    closed/expired ─republish→ published (text unchanged since the chamber approved it) or review (changed)
    published ─(material change by the business)→ review

A transition locks the row, checks the table and the actor, writes the status, audits
(`jobboard.vacancy.<event>`) and mails the business's members through the outbox.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from businesses.access import AccessDenied, businesses_for, members_of, membership_for
from businesses.audit import audit_record
from businesses.models import Business
from notifications.services import absolute_url, email_send_template
from portal.postcodes import lookup_place, lookup_postcode

from .errors import VacancyError
from .models import SavedSearch, Vacancy

Status = Vacancy.Status

BUSINESS = "business"
STAFF = "staff"
SYSTEM = "system"
REVIEW_PERMISSION = "jobboard.review_vacancy"
EXPIRY_WARNING_DAYS = 7

# What a business may write. Changing one of MATERIAL_FIELDS of an approved posting needs a new review;
# the others (contact, number of places, dates) it may change while the posting stays online.
EDITABLE_FIELDS = (
    "kind",
    "occupation",
    "title",
    "description",
    "site_business",
    "site_street",
    "site_postal_code",
    "site_city",
    "start_date",
    "start_year",
    "places",
    "qualification",
    "contact_name",
    "contact_phone",
    "contact_email",
    "how_to_apply",
    "published_from",
    "published_until",
)
MATERIAL_FIELDS = frozenset(
    {
        "kind",
        "occupation",
        "title",
        "description",
        "site_street",
        "site_postal_code",
        "site_city",
        "qualification",
        "how_to_apply",
    }
)


@dataclass(frozen=True)
class Transition:
    event: str
    sources: tuple[str, ...]
    target: str
    by: tuple[str, ...]
    label: Promise
    needs_remarks: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.event: t
    for t in [
        Transition(
            "submit",
            (Status.DRAFT,),
            Status.REVIEW,
            (BUSINESS,),
            pgettext_lazy("jobboard event", "submitted for review"),
        ),
        Transition(
            "approve",
            (Status.REVIEW,),
            Status.PUBLISHED,
            (STAFF,),
            pgettext_lazy("jobboard event", "approved and published"),
        ),
        Transition(
            "return",
            (Status.REVIEW,),
            Status.DRAFT,
            (STAFF,),
            pgettext_lazy("jobboard event", "returned with remarks"),
            needs_remarks=True,
        ),
        Transition(
            "close",
            (Status.DRAFT, Status.REVIEW, Status.PUBLISHED),
            Status.CLOSED,
            (BUSINESS, STAFF),
            pgettext_lazy("jobboard event", "closed"),
        ),
        Transition(
            "expire", (Status.PUBLISHED,), Status.EXPIRED, (SYSTEM,), pgettext_lazy("jobboard event", "expired")
        ),
        # The target is REVIEW instead when the text changed since the approval (see vacancy_republish).
        Transition(
            "republish",
            (Status.CLOSED, Status.EXPIRED),
            Status.PUBLISHED,
            (BUSINESS,),
            pgettext_lazy("jobboard event", "published again"),
        ),
        Transition(
            "changed",
            (Status.PUBLISHED,),
            Status.REVIEW,
            (BUSINESS,),
            pgettext_lazy("jobboard event", "changed, awaiting review"),
        ),
    ]
}


def events_from(status: str, *, by: str) -> list[str]:
    return [t.event for t in TRANSITIONS.values() if status in t.sources and by in t.by and t.event != "changed"]


def is_reviewer(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff and user.has_perm(REVIEW_PERMISSION))


def _require_member(*, actor, business_id: int) -> None:
    if membership_for(user=actor, business_id=business_id) is None:
        raise AccessDenied(_("Only members of the business may do this."))


def _lock(vacancy_id: int) -> Vacancy:
    return Vacancy.objects.select_for_update(of=("self",)).select_related("business", "occupation").get(pk=vacancy_id)


def _today() -> dt.date:
    return timezone.localdate()


def _check_period(vacancy: Vacancy) -> None:
    if vacancy.published_until is None:
        raise VacancyError(_("Please enter until when the posting is to be published."), code="no_end_date")
    if vacancy.published_until < _today():
        raise VacancyError(_("The end of publication lies in the past. Please choose a later date."), code="ended")
    if vacancy.published_from and vacancy.published_from > vacancy.published_until:
        raise VacancyError(_("The publication cannot end before it begins."), code="period_order")


def _locate(vacancy: Vacancy) -> None:
    """Coordinates of the training site: its postcode's centre, else its place's (portal.postcodes)."""
    place = lookup_postcode(vacancy.site_postal_code) or lookup_place(vacancy.site_city)
    vacancy.lat, vacancy.lon = (place.lat, place.lon) if place else (None, None)


def _live_from(vacancy: Vacancy, now: dt.datetime) -> dt.datetime:
    if vacancy.published_from and vacancy.published_from > timezone.localdate(now):
        start = dt.datetime.combine(vacancy.published_from, dt.time.min)
        return timezone.make_aware(start)
    return now


def _notify(*, vacancy: Vacancy, event: str, remarks: str = "", base_url: str = "") -> None:
    detail_url = absolute_url(vacancy.get_absolute_url(), base_url=base_url)
    for membership in members_of(business_id=vacancy.business_id).order_by("pk"):
        email_send_template(
            template_prefix="jobboard/mail/status_changed",
            to=[membership.user.email],
            context={
                "user": membership.user,
                "vacancy": vacancy,
                "event_label": str(TRANSITIONS[event].label),
                "remarks": remarks,
                "detail_url": detail_url,
            },
        )


@transaction.atomic
def _transition(*, vacancy_id: int, event: str, actor=None, remarks: str = "", target: str | None = None) -> Vacancy:
    step = TRANSITIONS[event]
    vacancy = _lock(vacancy_id)
    if BUSINESS in step.by and STAFF in step.by:
        if not is_reviewer(actor):
            _require_member(actor=actor, business_id=vacancy.business_id)
    elif BUSINESS in step.by:
        _require_member(actor=actor, business_id=vacancy.business_id)
    elif STAFF in step.by and not is_reviewer(actor):
        raise AccessDenied(_("Only the chamber's staff may do this."))
    if vacancy.status not in step.sources:
        raise VacancyError(
            _("This step is not possible for a posting with the status “%(status)s” (any more).")
            % {"status": vacancy.get_status_display()},
            code="transition_not_allowed",
        )
    remarks = remarks.strip()
    if step.needs_remarks and not remarks:
        raise VacancyError(_("Please give the reason (the business reads it)."), code="remarks_required")
    target = target or step.target
    now = timezone.now()
    if target in (Status.REVIEW, Status.PUBLISHED):
        _check_period(vacancy)
    from_status = vacancy.status
    vacancy.status = target
    vacancy.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if target == Status.REVIEW:
        vacancy.submitted_at = now
        fields.append("submitted_at")
    if target == Status.PUBLISHED:
        vacancy.live_since = _live_from(vacancy, now)
        vacancy.reviewed = True
        vacancy.expiry_warned_at = None
        fields += ["live_since", "reviewed", "expiry_warned_at"]
    if step.needs_remarks or event == "approve":
        vacancy.staff_remarks = remarks
        fields.append("staff_remarks")
    vacancy.save(update_fields=fields)
    audit_record(
        action=f"jobboard.vacancy.{event}",
        actor=actor if actor is not None and actor.is_authenticated else None,
        business=vacancy.business,
        payload={"vacancy": vacancy.pk, "from": from_status, "to": target},
    )
    if event in ("approve", "return", "expire") or (event == "close" and is_reviewer(actor)):
        _notify(vacancy=vacancy, event=event, remarks=remarks)
    return vacancy


# --- the business's steps ------------------------------------------------------------------------------


def _check_site(*, business: Business, site_business: Business | None) -> None:
    if site_business is not None and site_business.pk != business.pk and site_business.main_business_id != business.pk:
        raise VacancyError(_("Please choose the business itself or one of its branches."), code="foreign_site")


def _apply(vacancy: Vacancy, data: dict) -> set[str]:
    """Write the editable fields of `data` onto the posting; the names of those that changed."""
    changed = set()
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        field = Vacancy._meta.get_field(name)
        if field.is_relation:
            old, new = getattr(vacancy, field.attname), (data[name].pk if data[name] is not None else None)
        else:
            old, new = getattr(vacancy, name), data[name]
        if old != new:
            setattr(vacancy, name, data[name])
            changed.add(name)
    if vacancy.start_date and "start_year" not in data:
        vacancy.start_year = vacancy.start_date.year
    return changed


@transaction.atomic
def vacancy_create(*, actor, business: Business, data: dict) -> Vacancy:
    """A new posting of `business` as a draft (the chamber reviews it once submitted)."""
    if not businesses_for(actor).filter(pk=business.pk).exists():
        raise AccessDenied(_("Only members of the business may do this."))
    _check_site(business=business, site_business=data.get("site_business"))
    vacancy = Vacancy(business=business, created_by=actor)
    _apply(vacancy, data)
    _locate(vacancy)
    vacancy.save()
    audit_record(action="jobboard.vacancy.created", actor=actor, business=business, payload={"vacancy": vacancy.pk})
    return vacancy


@transaction.atomic
def vacancy_update(*, actor, vacancy_id: int, data: dict) -> Vacancy:
    """Change a posting. A material change of an approved posting takes it offline until the chamber has
    reviewed it again; contact data, places and dates change at once."""
    vacancy = _lock(vacancy_id)
    _require_member(actor=actor, business_id=vacancy.business_id)
    _check_site(business=vacancy.business, site_business=data.get("site_business", vacancy.site_business))
    old_until = vacancy.published_until
    changed = _apply(vacancy, data)
    if not changed:
        return vacancy
    _locate(vacancy)
    fields = [*changed, "lat", "lon", "start_year", "updated_at"]
    material = bool(changed & MATERIAL_FIELDS)
    if material:
        vacancy.reviewed = False
        fields.append("reviewed")
    if old_until != vacancy.published_until:
        vacancy.expiry_warned_at = None
        fields.append("expiry_warned_at")
    if vacancy.status == Status.PUBLISHED and vacancy.published_until is None:
        raise VacancyError(_("Please enter until when the posting is to be published."), code="no_end_date")
    vacancy.save(update_fields=sorted(set(fields)))
    audit_record(
        action="jobboard.vacancy.edited",
        actor=actor,
        business=vacancy.business,
        payload={"vacancy": vacancy.pk, "fields": sorted(changed), "material": material},
    )
    if material and vacancy.status == Status.PUBLISHED:
        return _transition(vacancy_id=vacancy.pk, event="changed", actor=actor)
    return vacancy


@transaction.atomic
def vacancy_duplicate(*, actor, vacancy_id: int) -> Vacancy:
    """A new draft with the text of an existing posting (dates of publication left for the business to set)."""
    source = Vacancy.objects.get(pk=vacancy_id)
    _require_member(actor=actor, business_id=source.business_id)
    data = {name: getattr(source, name) for name in EDITABLE_FIELDS}
    data["published_from"] = None
    data["published_until"] = None
    return vacancy_create(actor=actor, business=source.business, data=data)


def vacancy_submit(*, actor, vacancy_id: int) -> Vacancy:
    return _transition(vacancy_id=vacancy_id, event="submit", actor=actor)


def vacancy_close(*, actor, vacancy_id: int) -> Vacancy:
    return _transition(vacancy_id=vacancy_id, event="close", actor=actor)


@transaction.atomic
def vacancy_republish(*, actor, vacancy_id: int, published_until: dt.date | None = None) -> Vacancy:
    """Put a closed or expired posting online again: at once if its text is the one the chamber approved,
    else after a new review. `published_until` sets a new end of publication."""
    vacancy = _lock(vacancy_id)
    _require_member(actor=actor, business_id=vacancy.business_id)
    if published_until is not None and published_until != vacancy.published_until:
        if vacancy.status not in TRANSITIONS["republish"].sources:
            raise VacancyError(
                _("This step is not possible for a posting with the status “%(status)s” (any more).")
                % {"status": vacancy.get_status_display()},
                code="transition_not_allowed",
            )
        vacancy.published_until = published_until
        vacancy.published_from = None
        vacancy.expiry_warned_at = None
        vacancy.save(update_fields=["published_until", "published_from", "expiry_warned_at", "updated_at"])
    return _transition(
        vacancy_id=vacancy.pk,
        event="republish",
        actor=actor,
        target=Status.PUBLISHED if vacancy.reviewed else Status.REVIEW,
    )


# --- the chamber's steps ---------------------------------------------------------------------------------


def vacancy_approve(*, actor, vacancy_id: int) -> Vacancy:
    return _transition(vacancy_id=vacancy_id, event="approve", actor=actor)


def vacancy_return(*, actor, vacancy_id: int, remarks: str) -> Vacancy:
    return _transition(vacancy_id=vacancy_id, event="return", actor=actor, remarks=remarks)


# --- the system's steps (Celery beat) -----------------------------------------------------------------


def vacancies_expire(*, today: dt.date | None = None) -> int:
    """Published postings past their last day become expired (each in its own transaction; safe to run twice)."""
    today = today or _today()
    ids = list(Vacancy.objects.filter(status=Status.PUBLISHED, published_until__lt=today).values_list("pk", flat=True))
    done = 0
    for vacancy_id in ids:
        try:
            _transition(vacancy_id=vacancy_id, event="expire")
            done += 1
        except VacancyError:
            continue  # changed meanwhile (closed by the business)
    return done


def vacancies_warn_expiry(*, today: dt.date | None = None, base_url: str = "") -> int:
    """One mail to the business's members a week before a posting ends (once per end date)."""
    today = today or _today()
    limit = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    ids = list(
        Vacancy.objects.filter(
            status=Status.PUBLISHED,
            published_until__gte=today,
            published_until__lte=limit,
            expiry_warned_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for vacancy_id in ids:
        with transaction.atomic():
            vacancy = _lock(vacancy_id)
            if vacancy.expiry_warned_at is not None or vacancy.status != Status.PUBLISHED:
                continue
            detail_url = absolute_url(vacancy.get_absolute_url(), base_url=base_url)
            for membership in members_of(business_id=vacancy.business_id).order_by("pk"):
                email_send_template(
                    template_prefix="jobboard/mail/expiry_warning",
                    to=[membership.user.email],
                    context={"user": membership.user, "vacancy": vacancy, "detail_url": detail_url},
                )
            vacancy.expiry_warned_at = timezone.now()
            vacancy.save(update_fields=["expiry_warned_at"])
            sent += 1
    return sent


# --- saved searches -----------------------------------------------------------------------------------------

MAX_SAVED_SEARCHES = 20
ALERT_INTERVAL = dt.timedelta(days=1)
ALERT_MAX_POSTINGS = 50


def saved_search_create(*, user, name: str, params: dict) -> SavedSearch:
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise VacancyError(
            _("You have saved %(count)d searches, the most we keep. Please delete one first.")
            % {"count": MAX_SAVED_SEARCHES},
            code="too_many_searches",
        )
    return SavedSearch.objects.create(user=user, name=name[:200], params=params)


def saved_search_delete(*, search: SavedSearch) -> None:
    search.delete()


def saved_search_unsubscribe(*, token: str) -> bool:
    """The one-click link of an alert mail: the saved search is deleted. False when the token is unknown."""
    return SavedSearch.objects.filter(unsubscribe_token=token).delete()[0] > 0


def saved_searches_alert(*, now: dt.datetime | None = None, base_url: str = "") -> int:
    """For each saved search not mailed within the last day: one mail with exactly the postings that went
    live since the last check, then the check moves on. Each search in its own transaction with its row
    locked, so two runs at once (or one after the other) never mail the same postings twice."""
    from . import selectors

    now = now or timezone.now()
    due = list(
        SavedSearch.objects.filter(user__is_active=True)
        .exclude(last_sent_at__gt=now - ALERT_INTERVAL)
        .values_list("pk", flat=True)
    )
    sent = 0
    for search_id in due:
        with transaction.atomic():
            search = (
                SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(pk=search_id)
                .exclude(last_sent_at__gt=now - ALERT_INTERVAL)
                .first()
            )
            if search is None:
                continue
            criteria = selectors.SearchCriteria.from_params(search.params)
            new = list(
                selectors.vacancy_search(criteria, now=now).filter(
                    live_since__gt=search.checked_until, live_since__lte=now
                )[: ALERT_MAX_POSTINGS + 1]
            )
            fields = ["checked_until"]
            if new:
                unsubscribe_url = absolute_url(selectors.unsubscribe_path(search), base_url=base_url)
                postings = [
                    {"vacancy": v, "url": absolute_url(v.get_public_url(), base_url=base_url)}
                    for v in new[:ALERT_MAX_POSTINGS]
                ]
                email_send_template(
                    template_prefix="jobboard/mail/alert",
                    to=[search.user.email],
                    context={
                        "user": search.user,
                        "search": search,
                        "postings": postings,
                        # Links in the HTML part are only the context's *_url values (notifications.rendering).
                        **{f"posting_{number}_url": item["url"] for number, item in enumerate(postings)},
                        "more": len(new) > ALERT_MAX_POSTINGS,
                        "search_url": absolute_url(selectors.search_path(search.params), base_url=base_url),
                        "unsubscribe_url": unsubscribe_url,
                    },
                    headers={
                        "List-Unsubscribe": f"<{unsubscribe_url}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    },
                )
                search.last_sent_at = now
                fields.append("last_sent_at")
                sent += 1
            search.checked_until = now
            search.save(update_fields=fields)
    return sent
