"""Reads of the contracts app, user-scoped through the one access rule (`businesses.access`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from businesses.access import business_scope, get_for_user

from .models import ApprenticeshipContract, Confirmation, ContractEvent, ContractFile, Trainer

Status = ApprenticeshipContract.Status


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise
    statuses: tuple[str, ...]


# The tabs of "Meine Lehrverträge": what the business has to do, what waits for the chamber, the apprentices.
GROUPS = [
    Group("", _("All"), ()),
    Group("drafts", _("Drafts"), (Status.DRAFT,)),
    Group("todo", _("Your turn"), (Status.RETURNED, Status.ACCEPTED)),
    Group("chamber", _("With the chamber"), (Status.SUBMITTED, Status.IN_REVIEW)),
    Group("apprentices", _("My apprentices"), (Status.CONCLUDED, Status.REGISTERED)),
    Group("closed", _("Ended or rejected"), (Status.REJECTED, Status.TERMINATED)),
]
GROUPS_BY_KEY = {group.key: group for group in GROUPS}


def _list_queryset() -> QuerySet[ApprenticeshipContract]:
    # Not joined with the business: PostgreSQL would join every business before taking the newest 20; the
    # list view knows the user's businesses already (contracts_page_attach_businesses).
    return ApprenticeshipContract.objects.select_related("occupation").only(
        "pk",
        "reference",
        "status",
        "status_changed_at",
        "created_at",
        "apprentice_first_name",
        "apprentice_last_name",
        "start_date",
        "end_date",
        "register_number",
        "business_id",
        "occupation_id",
        "occupation__name",
    )


def _scope(user, business_ids: list[int] | None) -> Q:
    """The businesses the user acts for: `business_ids` when the caller has them from this request's
    memberships (`businesses.access.current_memberships`, the same rule, already loaded) — a list lets
    PostgreSQL walk the (business, created_at) index instead of sorting every contract of a subquery."""
    return Q(business_id__in=business_ids) if business_ids is not None else business_scope(user)


def contracts_for_user(
    *, user, group: str = "", query: str = "", business_ids: list[int] | None = None
) -> QuerySet[ApprenticeshipContract]:
    """The contracts of every business the user acts for, newest first; `group` one of GROUPS, `query` words
    of the apprentice's name (each must match first or last name) or a reference number."""
    contracts = _list_queryset().filter(_scope(user, business_ids))
    statuses = GROUPS_BY_KEY.get(group, GROUPS[0]).statuses
    if statuses:
        contracts = contracts.filter(status__in=statuses)
    words = " ".join(query.split())[:100].split()
    for word in words:
        contracts = contracts.filter(
            Q(apprentice_first_name__icontains=word)
            | Q(apprentice_last_name__icontains=word)
            | Q(reference__iexact=word)
            | Q(register_number__iexact=word)
        )
    return contracts.order_by("-created_at", "-pk")


def contracts_attach_businesses(contracts, *, businesses: dict[int, object]) -> None:
    """Give each contract of a page its business from the ones the request has loaded (no query per row)."""
    for contract in contracts:
        contract.business = businesses[contract.business_id]


def contract_group_counts(*, user, business_ids: list[int] | None = None) -> dict[str, int]:
    """How many contracts each tab holds (one query)."""
    by_status = dict(
        ApprenticeshipContract.objects.filter(_scope(user, business_ids))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return {group.key: sum(by_status.get(s, 0) for s in group.statuses or by_status) for group in GROUPS}


def contract_get_for_user(*, user, pk: int, allow_staff: bool = False) -> ApprenticeshipContract:
    """A contract of a business the user acts for; 404 for missing and foreign alike. `allow_staff`: chamber
    staff with the view permission too (PDFs and files opened from the admin)."""
    return get_for_user(
        ApprenticeshipContract.objects.select_related(
            "business", "business__main_business", "training_site", "occupation", "trainer", "created_by"
        ),
        user=user,
        pk=pk,
        allow_staff=allow_staff,
    )


def contract_history(*, contract: ApprenticeshipContract) -> list[ContractEvent]:
    return list(contract.events.order_by("created_at", "pk"))


def contract_files(*, contract: ApprenticeshipContract) -> list[ContractFile]:
    return list(contract.files.order_by("created_at", "pk"))


def contract_confirmations(*, contract: ApprenticeshipContract) -> list[Confirmation]:
    return list(contract.confirmations.order_by("created_at", "pk"))


def contract_file_get_for_user(*, user, contract_id: int, file_id: int, allow_staff: bool = False) -> ContractFile:
    contract = contract_get_for_user(user=user, pk=contract_id, allow_staff=allow_staff)
    stored = contract.files.filter(pk=file_id).first()
    if stored is None:
        raise Http404
    return stored


def trainers_for_business(*, business) -> QuerySet[Trainer]:
    return Trainer.objects.filter(Q(business=business) | Q(business__main_business=business), is_active=True)
