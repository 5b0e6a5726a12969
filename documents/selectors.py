"""Reads of the Postfach, scoped by the one access rule (businesses.access)."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from businesses.access import business_scope, get_for_user, members_of
from businesses.models import Business, Membership
from contracts.models import ApprenticeshipContract
from forms_catalog.models import Submission

from .models import Department, Document, DocumentFile, DocumentReceipt

INCOMING, OUTGOING = "eingang", "ausgang"


def document_list_for_user(
    *,
    user,
    memberships: list[Membership] | None = None,
    query: str = "",
    department_id: int | None = None,
    box: str = "",
    business_id: int | None = None,
) -> QuerySet[Document]:
    """The documents of every business the user acts for, newest first, filtered as the Postfach asks.

    `memberships`: the user's memberships as the access rule gave them for this request
    (`access.current_memberships(request)`, loaded anyway by the view's decorator); the list then filters by
    their businesses' ids instead of repeating the rule as a subquery in the count and in the page."""
    if memberships is None:
        scope = business_scope(user)
    else:
        scope = Q(business_id__in=sorted({m.business_id for m in memberships if m.user_id == user.pk}))
    documents = (
        Document.objects.filter(scope)
        .select_related("department", "business")
        .only(
            "pk",
            "direction",
            "subject",
            "created_at",
            "read_at",
            "done_at",
            "file_count",
            "total_bytes",
            "sent_by_name",
            "department__name",
            "business__name",
            "business__betriebsnummer",
            "business__filialnummer",
        )
        .order_by("-created_at", "-pk")
    )
    query = " ".join(query.split())[:200]
    if query:
        documents = documents.filter(subject__icontains=query)
    if department_id:
        documents = documents.filter(department_id=department_id)
    if box == INCOMING:
        documents = documents.filter(direction=Document.Direction.FROM_CHAMBER)
    elif box == OUTGOING:
        documents = documents.filter(direction=Document.Direction.TO_CHAMBER)
    if business_id:
        documents = documents.filter(business_id=business_id)
    return documents


UNREAD_COUNT_CAP = 99


def documents_unread_count(*, business_ids: list[int], cap: int = UNREAD_COUNT_CAP) -> int:
    """New documents from the chamber for the given businesses (those the user may act for, e.g.
    `access.acting_business_ids(request)`): one query on a partial index, counting no further than `cap` + 1
    (the navigation shows "99+"), so it costs the same with 10 or 10 000."""
    if not business_ids:
        return 0
    unread = Document.objects.filter(
        business_id__in=business_ids, direction=Document.Direction.FROM_CHAMBER, read_at__isnull=True
    )
    # No ordering (the model's default would sort every unread row before the limit) and only the key.
    return unread.order_by().values("pk")[: cap + 1].count()


def document_get_for_user(*, user, pk: int) -> Document:
    """A document of a business the user acts for; 404 for a missing and a foreign one alike."""
    return get_for_user(
        Document.objects.select_related(
            "department", "business", "in_reply_to", "submission", "contract"
        ).prefetch_related(
            "files",
            Prefetch("replies", queryset=Document.objects.order_by("created_at", "pk")),
        ),
        user=user,
        pk=pk,
    )


def document_file_get_for_user(*, user, pk: int, file_id: int, allow_staff: bool = False) -> DocumentFile:
    """A file of a document the user may see (staff with the view permission, when the caller allows it)."""
    document = get_for_user(Document.objects.select_related("business"), user=user, pk=pk, allow_staff=allow_staff)
    found = DocumentFile.objects.filter(document=document, pk=file_id).first()
    if found is None:
        raise Http404
    found.document = document
    return found


def document_receipts_for_business(*, document: Document) -> list[DocumentReceipt]:
    """What the business side did with a document from the chamber (shown to its members)."""
    return list(
        document.receipts.filter(side=DocumentReceipt.Side.BUSINESS).select_related("file").order_by("at", "pk")
    )


def departments_active() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True).order_by("position", "name")


def linked_record_for_business(*, business: Business, reference: str) -> Submission | ApprenticeshipContract | None:
    """What a document may point to, by the reference number a person typed: an online application of this
    business (F-2026-000123) or one of its apprenticeship contracts (LV-2026-000045); None if it has neither."""
    reference = reference.strip().upper()
    if not reference:
        return None
    if reference.startswith("LV-"):
        return ApprenticeshipContract.objects.filter(business=business, reference=reference).first()
    return Submission.objects.filter(business=business, reference=reference).first()


def members_to_notify(*, business: Business) -> list[Membership]:
    """Everyone who may open the business's Postfach right now (the access rule: active membership of an
    active business)."""
    return list(members_of(business_id=business.pk).order_by("pk"))
