import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from businesses.access import current_memberships

from .caching import public_page
from .services_catalog import services_business, services_general

logger = logging.getLogger(__name__)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """An expired or missing CSRF token: explain in German instead of Django's technical page."""
    return render(request, "403_csrf.html", status=403)


@never_cache
@require_GET
def language_switch(request: HttpRequest) -> HttpResponseRedirect:
    """The language links on every page: set the language cookie, back to the page the link was on.

    A plain link (GET) rather than a form: a form would need a CSRF token, and a token makes a page one
    visitor's own, so no public page could be shared (portal.caching). Nothing here needs the protection —
    the worst another site can do is switch someone's language — and no view is exempt from CSRF checks.
    A `next` that leads off the portal is replaced by the start page (no open redirect).
    """
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("portal:home")
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@public_page
def home(request: HttpRequest) -> HttpResponse:
    # The function, not its list: the template calls it only when the cached fragment is rendered again.
    return render(request, "portal/home.html", {"general_services": services_general})


@login_required
def my_portal(request: HttpRequest) -> HttpResponse:
    memberships = current_memberships(request)
    return render(
        request,
        "portal/my_portal.html",
        {
            # The functions, not their lists: called only when the cached fragments are rendered again.
            "general_services": services_general,
            "business_services": services_business,
            "has_business_link": bool(memberships),
            "business_memberships": memberships,
        },
    )


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    # Redis itself: the default cache would otherwise answer from its per-process stand-in (portal.cache).
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
        return
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value just written")


def _check_broker() -> str:
    from portal.celery import app

    if app.conf.task_always_eager:
        return "eager"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """State of the database, the cache (Redis in production) and the Celery broker; 503 if one is down."""
    checks = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}
    result: dict[str, str] = {}
    healthy = True
    for name, check in checks.items():
        try:
            result[name] = check() or "ok"
        except Exception as exc:  # a health check reports every failure, whatever its kind
            logger.warning("Health check %s failed: %s", name, exc)
            result[name] = "error"
            healthy = False
    result["status"] = "ok" if healthy else "error"
    if settings.DEBUG:
        result["debug"] = "on"
    return JsonResponse(result, status=200 if healthy else 503)
