from django.utils.functional import SimpleLazyObject


def postfach(request) -> dict:
    """The number of new documents from the chamber, for the navigation: counted only when a page shows it
    (one query on a partial index), never for pages without the layout (downloads, JSON)."""
    from .selectors import documents_unread_count

    user = getattr(request, "user", None)
    return {"postfach_unread": SimpleLazyObject(lambda: documents_unread_count(user=user))}
