"""Reads of the forms catalog, always scoped to the user who asks."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from businesses.access import business_scope, get_for_user, links_for

from .definitions import definition_errors
from .models import FormDefinition, FormField, Submission, SubmissionFile


def form_catalog_for(*, user) -> list[dict]:
    """Every active, renderable form, each with whether this user may fill it in now."""
    linked = links_for(user).exists()
    entries = []
    definitions = FormDefinition.objects.active().prefetch_related(
        Prefetch("fields", queryset=FormField.objects.order_by("position", "pk"))
    )
    for definition in definitions:
        if definition_errors(definition):
            continue
        entries.append(
            {"form": definition, "available": linked or not definition.is_business_only, "needs_link": not linked}
        )
    return entries


def form_catalog_stamp() -> str:
    """What the catalog's cards show changes when this does: the number, newest change and highest id of
    the active definitions and of their fields. Read from the database on every request (one query), so
    the cached cards (portal.caching, 3.) change with the data, whoever changed it; a bulk update that
    leaves updated_at alone still shows when a definition is switched on or off."""
    # Counted over the join of definitions and fields, without DISTINCT: any added or removed definition
    # or field still changes one of the two counts.
    stamp = FormDefinition.objects.active().aggregate(
        rows=Count("pk"),
        field_count=Count("fields"),
        changed=Max("updated_at"),
        top=Max("pk"),
        fields_changed=Max("fields__updated_at"),
    )
    return repr(sorted(stamp.items()))


def form_get_for_filling(*, slug: str) -> tuple[FormDefinition, list[FormField]]:
    """An active form that can be rendered, with its fields in order; 404 otherwise."""
    definition = FormDefinition.objects.active().filter(slug=slug).first()
    if definition is None or definition_errors(definition):
        raise Http404
    return definition, list(definition.fields.order_by("position", "pk"))


def _visible_to(user) -> Q:
    """Own submissions, and those of the businesses the user is an active member of."""
    return Q(user=user) | business_scope(user)


def submissions_for_user(*, user) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(_visible_to(user)).select_related("user", "business").order_by("-submitted_at", "-pk")
    )


def submission_get_for_user(*, user, reference: str, allow_staff: bool = False) -> Submission:
    """The submission if the user may see it (submitter or member of its business; with `allow_staff`, also
    staff who process submissions); 404 in every other case."""
    return get_for_user(
        Submission.objects.select_related("user", "form", "business").prefetch_related("files"),
        user=user,
        scope=_visible_to(user),
        allow_staff=allow_staff,
        reference=reference,
    )


def submission_file_get_for_user(*, user, reference: str, file_id: int, allow_staff: bool = False) -> SubmissionFile:
    submission = submission_get_for_user(user=user, reference=reference, allow_staff=allow_staff)
    upload = SubmissionFile.objects.filter(submission=submission, pk=file_id).select_related("submission").first()
    if upload is None:
        raise Http404
    return upload
