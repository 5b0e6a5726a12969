from django.conf import settings


def portal(request) -> dict:
    return {"chamber_name": settings.PORTAL_CHAMBER_NAME}
