"""What the portal caches, where, and how each cache gets fresh again. Read this before adding a cache.

There are three caches, each with one way of becoming fresh. Nothing else is cached: in particular no
authorisation — who is logged in comes from the session, and every business membership is read from
the database on every request, so a removed member loses access on the very next request.

1. Sessions and rate limits — shared by every web process, in the default cache (Redis).
   Sessions are Django's cached_db (portal.sessions: the database holds every session, Redis is only a
   speed-up). Rate-limit counters are fixed windows (portal.rate_limits). Fresh again: a session ends with
   logout or expiry; a counter with its window.

2. Public pages — whole responses for visitors who carry no session, in each web process's memory
   (cache alias "pages"). A view decorated with `@public_page` is Django's per-view cache
   (`cache_page`, i.e. `CacheMiddleware`: the key is the method, the absolute URL with its query string,
   the language and the time zone) with three limits on top:
   - Only requests with no cookie other than the language and the CSRF cookie are served from it or
     stored. A session, a pending message or any other cookie gets a freshly rendered page.
   - A response is not stored when rendering it used a CSRF token, wrote the session or queued a
     message, or when it sets a cookie (Django's own rule): it belongs to this one visitor. A page that
     starts using one of these is just rendered every time — never shared.
   - Fresh again: only by expiry, PUBLIC_PAGE_CACHE_SECONDS after it was rendered (default 30; 0 = off,
     the default with DEBUG). No write needs to tell the cache anything: a booking, a new course or a
     change in the admin shows to visitors after at most that long, in every process.
   Every answer varies on Cookie, so a browser or proxy never shows the visitor's copy after login.

3. Template fragments — parts of pages that are the same for many people, in each web process's memory
   (cache alias "template_fragments"), with Django's `{% cache seconds name key… %}` tag. Templates use
   `fragment_seconds` (FRAGMENT_CACHE_SECONDS, default 300; 0 = off, the default with DEBUG) as the
   seconds. `remember()` below keeps a derived public value (the catalog's month and place choices) in
   the same cache.
   - A fragment never holds anything of one person (no name, no CSRF token, no business); its key holds
     every value it shows that can change: the language, the login state, the data itself (a course
     card is keyed by its whole row, see courses_tags.row_key; the forms catalog by a change stamp of
     the definitions, read from the database on each request).
   - Fresh again: at once when a value in its key changes (the key is new), otherwise by expiry after
     `fragment_seconds` — the bound for anything its key leaves out (the layout's links, `remember()`).

Why per process and not Redis for 2 and 3: a hit costs no round trip (these are the portal's busiest
pages), anyone can invent new query strings without filling the Redis that also holds the sessions and
rate limits, and pages still render while Redis is down. The price is that each web process renders a
page once per expiry period; the bound above holds for all of them alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.cache import CacheMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.decorators import decorator_from_middleware_with_args

PAGES = "pages"
FRAGMENTS = "template_fragments"


def _nobody_in_particular(request: HttpRequest) -> bool:
    """A request that carries nothing of a person: no session, no message, no other cookie of ours."""
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= allowed


def _made_for_this_visitor(request: HttpRequest) -> bool:
    """The response will set a cookie once the middleware has run (after this decorator): a CSRF token was
    used, the session was written or a message queued. Such a page is this visitor's alone."""
    session = getattr(request, "session", None)
    queued = getattr(request, "_messages", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or (queued is not None and queued.added_new)
    )


class _PublicPageCache(CacheMiddleware):
    """Django's per-view cache middleware, limited to requests and responses of nobody in particular."""

    def __init__(self, get_response):
        super().__init__(get_response, cache_alias=PAGES, key_prefix="public-page")

    @property
    def page_timeout(self) -> int:
        return settings.PUBLIC_PAGE_CACHE_SECONDS  # read per request: tests and operators may change it

    @page_timeout.setter
    def page_timeout(self, value) -> None:
        pass  # CacheMiddleware.__init__ sets it; the setting decides

    def process_request(self, request: HttpRequest):
        if not self.page_timeout or not _nobody_in_particular(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if _made_for_this_visitor(request):
            return response
        return super().process_response(request, response)


_cache_public_page = decorator_from_middleware_with_args(_PublicPageCache)()


def public_page(view: Callable) -> Callable:
    """Decorator for a public view whose answer to a visitor without session depends only on the URL and
    the language: see 2. above."""
    cached = _cache_public_page(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = cached(request, *args, **kwargs)
        patch_vary_headers(response, ("Cookie",))
        return response

    wrapper.public_page = True  # found by the test that checks every such page is really stored
    # Read-only pages: no request transaction, so a page from the cache costs no database connection.
    return transaction.non_atomic_requests(wrapper)


def remember(name: str, compute: Callable[[], Any]) -> Any:
    """A public value derived from the database, kept in this process for `fragment_seconds` (see 3.)."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if not seconds:
        return compute()
    return caches[FRAGMENTS].get_or_set(f"value:{name}", compute, seconds)


def clear_local() -> None:
    """Forget this process's pages and fragments (tests start with empty caches)."""
    caches[PAGES].clear()
    caches[FRAGMENTS].clear()
