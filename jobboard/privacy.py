"""Job board: the person's saved searches (deleted with the account) and the postings they created for a
business (the business's record: they stay, without the person's name)."""

from django.utils.translation import gettext_lazy, ngettext

from portal.privacy import Erasure, ExportPart

from .models import SavedSearch, Vacancy

TITLE = gettext_lazy("Apprenticeship and internship board")
ORDER = 60

LABELS = {
    "saved_searches": gettext_lazy("Saved searches"),
    "name": gettext_lazy("Name"),
    "params": gettext_lazy("Search criteria"),
    "created_at": gettext_lazy("Created at"),
    "last_sent_at": gettext_lazy("Last e-mail"),
    "postings_created": gettext_lazy("Postings you created"),
    "business": gettext_lazy("Business"),
    "title": gettext_lazy("Title"),
    "status": gettext_lazy("Status"),
}


def export(user) -> ExportPart:
    searches = SavedSearch.objects.filter(user=user).order_by("created_at", "pk")
    postings = Vacancy.objects.filter(created_by=user).select_related("business").order_by("created_at", "pk")
    data = {
        "saved_searches": [
            {"name": s.name, "params": s.params, "created_at": s.created_at, "last_sent_at": s.last_sent_at}
            for s in searches
        ],
        "postings_created": [
            {
                "business": v.business.name,
                "title": v.title,
                "status": v.get_status_display(),
                "created_at": v.created_at,
            }
            for v in postings
        ],
    }
    return ExportPart(data=data, labels=LABELS)


def erase_notes(user) -> list[str]:
    kept = Vacancy.objects.filter(created_by=user).count()
    if not kept:
        return []
    return [
        ngettext(
            "%(count)d posting you created for a business stays with the business, without your name.",
            "%(count)d postings you created for a business stay with the business, without your name.",
            kept,
        )
        % {"count": kept}
    ]


def erase(user, *, erasure: Erasure) -> None:
    SavedSearch.objects.filter(user=user).delete()
    Vacancy.objects.filter(created_by=user).update(created_by=None)
