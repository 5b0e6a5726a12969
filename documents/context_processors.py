from django.utils.functional import SimpleLazyObject


def postfach(request) -> dict:
    """The number of new documents from the chamber for the navigation ("" for none, "99+" above 99): counted
    only when a page shows it (one query on a partial index), never for pages without the layout (downloads,
    JSON)."""
    from businesses.access import acting_business_ids

    from .selectors import UNREAD_COUNT_CAP, documents_unread_count

    user = getattr(request, "user", None)

    def label() -> str:
        if user is None or not user.is_authenticated:
            return ""
        count = documents_unread_count(business_ids=acting_business_ids(request))
        if not count:
            return ""
        return f"{UNREAD_COUNT_CAP}+" if count > UNREAD_COUNT_CAP else str(count)

    return {"postfach_unread": SimpleLazyObject(label)}
