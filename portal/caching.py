"""What the portal caches, where, and how each cache gets fresh again. Read this before adding a cache.

There are three caches, each with one way of becoming fresh. Nothing else is cached: in particular no
authorisation — who is logged in comes from the session, and every business membership is read from
the database on every request, so a removed member loses access on the very next request.

1. Sessions and rate limits — shared by every web process, in Redis (portal.cache: the alias
   "sessions" and the default cache). Sessions are Django's cached_db (portal.sessions: the database
   holds every session, Redis is only a speed-up). Rate-limit counters are windows (portal.rate_limits,
   allauth). While Redis is down, sessions use the database alone and counters a stand-in per process
   (portal.cache says how). Fresh again: a session ends with logout or expiry; a counter with its window.

2. Public pages — whole responses for visitors who carry no session, in each web process's memory
   (cache alias "pages"). A view decorated with `@public_page` opts in; `PublicPageCacheMiddleware` is
   Django's cache middleware (`learn_cache_key`/`get_cache_key`: the key is the method, the absolute URL
   with its query string, the language and the time zone) placed so that a stored page skips the CSRF,
   user and message middleware, with three limits on top:
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
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_cache_key,
    has_vary_header,
    learn_cache_key,
    patch_response_headers,
    patch_vary_headers,
)
from django.utils.http import parse_http_date_safe

PAGES = "pages"
FRAGMENTS = "template_fragments"


def _nobody_in_particular(request: HttpRequest) -> bool:
    """A request that carries nothing of a person: no session, no message, no other cookie of ours."""
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= allowed


def _made_for_this_visitor(request: HttpRequest) -> bool:
    """Rendering it used a CSRF token, wrote the session or queued a message: the page is this visitor's
    alone (each of these sets a cookie on the way out)."""
    session = getattr(request, "session", None)
    queued = getattr(request, "_messages", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or (queued is not None and queued.added_new)
    )


KEY_PREFIX = "public-page"


class PublicPageCacheMiddleware:
    """Hands out and stores the pages of `@public_page` views (see 2. above).

    Django's cache middleware pair (the same keys: `learn_cache_key` / `get_cache_key`), in one class and
    in one place of MIDDLEWARE: after the locale middleware, because the language is part of the key, and
    before everything that deals with a person (CSRF, user, messages, and the view). A visitor without
    session needs none of these, so a stored page skips them; it carries the headers they set when it
    was rendered (Content-Security-Policy, X-Frame-Options), and the middleware in front of this one
    (security headers, request id, language) runs for it as for every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS  # read per request: tests and operators may change it
        if not seconds or not _nobody_in_particular(request):
            return self.get_response(request)
        pages = caches[PAGES]
        key = get_cache_key(request, KEY_PREFIX, "GET", cache=pages)
        stored = pages.get(key) if key is not None else None
        if stored is not None:
            # As Django's FetchFromCacheMiddleware: how old the copy is.
            expires = parse_http_date_safe(stored["Expires"])
            if expires is not None:
                stored["Age"] = max(0, seconds - (expires - int(time.time())))
            return stored
        response = self.get_response(request)
        if getattr(request, "_public_page", False) and _storable(request, response):
            patch_response_headers(response, seconds)
            key = learn_cache_key(request, response, seconds, KEY_PREFIX, cache=pages)
            # Added after the key was learned, so that the key does not hold the visitor's cookies: only
            # requests with no cookie but the language and CSRF cookie get here at all.
            patch_vary_headers(response, ("Cookie",))
            pages.set(key, response, seconds)
        return response


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies  # Django's own rule; CSRF and messages have set theirs by now
        and not _made_for_this_visitor(request)  # the session cookie is set after this middleware
        and not any(directive in cache_control for directive in ("private", "no-cache", "no-store"))
        and not has_vary_header(response, "*")
    )


def public_page(view: Callable) -> Callable:
    """Decorator for a public view whose answer to a visitor without session depends only on the URL and
    the language: PublicPageCacheMiddleware keeps it (see 2. above)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request._public_page = True
        return view(request, *args, **kwargs)

    wrapper.public_page = True  # found by the test that checks every such page is really stored
    # Read-only pages: no request transaction, so rendering one opens none.
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
