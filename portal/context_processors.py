from django.conf import settings


def portal(request) -> dict:
    # fragment_seconds: how long a shared fragment may be kept, `{% cache fragment_seconds … %}` (portal.caching).
    return {"chamber_name": settings.PORTAL_CHAMBER_NAME, "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS}
