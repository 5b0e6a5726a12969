"""Whole responses of public pages for visitors without a session, shared by all web processes.

Every visitor without a session who opens the start page, the course catalog with the same search or the
same course page gets the same HTML in the same language. Rendering it once and handing it out again saves
the template and ORM work, which is most of such a request (see bench/RESULTS.md).

When a response is reused, and when it is not:
- Only GET/HEAD requests without a session cookie and without a messages cookie. Logged-in users, and
  visitors with a pending message ("Sie wurden abgemeldet"), always get a fresh page.
- Only 200 responses that set no cookie. A page that used a CSRF token sets one, so it is never stored.
  That is why the language switch in base.html carries no token (see portal.urls).
- The key is the language, the host and the full path with its query string. Pages with a query
  string (a search, a filter, a page number) are kept only in the web process that rendered them (see
  below), never in Redis: anyone can make up new query strings, and Redis also holds sessions and rate
  limits.
- Each page depends on topics ("courses"). Saving or deleting a course, date or booking bumps the
  topic's version after the commit (portal.page_cache.changed), and a stored page of an older version
  is not used again. Changes that depend on the clock alone (a course starting, a booking deadline
  passing) show after at most PUBLIC_PAGE_CACHE_SECONDS; booking itself re-checks everything.
- Each web process also keeps its own copies of recently served pages (at most 512), used under the
  same two conditions: same topic versions, not older than PUBLIC_PAGE_CACHE_SECONDS. It reads the
  topic versions from Redis at most once a second, so a change made through another process shows
  there within a second (at once in the process that made it). A popular page then costs no round
  trip to Redis at all.
- With the cache unreachable, pages are rendered as if nothing were stored.

PUBLIC_PAGE_CACHE_SECONDS=0 switches it off (the default with DEBUG, so `make run` shows template edits).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

_VERSION_KEY = "public-page-version:{topic}"
_PAGE_KEY = "public-page:{language}:{digest}"


def changed(*topics: str) -> None:
    """Pages depending on these topics are rendered afresh, once the current transaction commits."""

    def bump() -> None:
        for topic in topics:
            key = _VERSION_KEY.format(topic=topic)
            try:
                try:
                    version = cache.incr(key)
                except ValueError:  # not set yet
                    cache.add(key, 1, timeout=None)
                    version = cache.get(key, 1)
                with _local_lock:
                    _versions_seen[key] = (version, time.monotonic())
            except Exception:
                logger.warning("public page cache: could not bump topic %s", topic, exc_info=True)

    transaction.on_commit(bump, robust=True)


def cached_for_topic(topic: str, name: str, compute: Callable, seconds: int = 300):
    """A value derived from a topic's data (the catalog's month and place choices), computed again after
    the topic changed or after `seconds`. Computed directly while the cache is unreachable."""
    version_key = _VERSION_KEY.format(topic=topic)
    value_key = f"topic-value:{topic}:{name}"
    try:
        found = cache.get_many([value_key, version_key])
    except Exception:
        logger.warning("cache unreachable for %s", value_key, exc_info=True)
        return compute()
    version = found.get(version_key, 0)
    stored = found.get(value_key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    try:
        cache.set(value_key, (version, value), seconds)
    except Exception:
        logger.warning("could not store %s", value_key, exc_info=True)
    return value


def _reusable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def public_page(*topics: str) -> Callable:
    """Decorator for a public view whose anonymous response depends only on the URL, the language and
    the data of `topics`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
            if not seconds or not _reusable_request(request):
                return view(request, *args, **kwargs)
            digest = hashlib.sha256(f"{request.get_host()} {request.get_full_path()}".encode()).hexdigest()[:32]
            # Pages with a query string (searches, filters, paging) stay in this process only: anyone can
            # invent new ones, and Redis also holds the sessions and rate limits.
            shared = not request.META.get("QUERY_STRING")
            page_key = _PAGE_KEY.format(language=get_language(), digest=digest)
            version_keys = [_VERSION_KEY.format(topic=topic) for topic in topics]
            try:
                versions = _versions(version_keys)
                # This process's copy first; the shared one in Redis only when that is missing or outdated.
                stored = _local_get(page_key, versions) or (cache.get(page_key) if shared else None)
            except Exception:
                logger.warning("public page cache unreachable", exc_info=True)
                return view(request, *args, **kwargs)
            if stored is not None and stored[0] == versions and stored[1] + seconds > time.time():
                _local_put(page_key, stored)
                response = HttpResponse(stored[2], content_type=stored[3])
                _mark(response)
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _storable(request, response):
                entry = (versions, time.time(), response.content, response["Content-Type"])
                _local_put(page_key, entry)
                if shared:
                    try:
                        cache.set(page_key, entry, seconds)
                    except Exception:
                        logger.warning("public page cache: could not store %s", request.path, exc_info=True)
            _mark(response)
            return response

        return wrapper

    return decorator


# Per-process copies of stored pages, least recently used dropped first. An entry is used only with the
# same topic versions and within PUBLIC_PAGE_CACHE_SECONDS of its rendering, exactly like the shared one.
_local: OrderedDict[str, tuple] = OrderedDict()
_local_lock = threading.Lock()
_LOCAL_LIMIT = 512


# The topic versions as this process last read them. Read again from Redis when older than
# _VERSION_RECHECK_SECONDS, so another process's change shows here within that time; a change made in
# this process counts at once (changed() records the new version).
_versions_seen: dict[str, tuple[int, float]] = {}
_VERSION_RECHECK_SECONDS = 1.0


def _versions(version_keys: list[str]) -> tuple:
    now = time.monotonic()
    with _local_lock:
        seen = [_versions_seen.get(key) for key in version_keys]
    if all(entry is not None and now - entry[1] < _VERSION_RECHECK_SECONDS for entry in seen):
        return tuple(entry[0] for entry in seen)
    found = cache.get_many(version_keys)
    with _local_lock:
        for key in version_keys:
            _versions_seen[key] = (found.get(key, 0), now)
    return tuple(found.get(key, 0) for key in version_keys)


def _local_get(key: str, versions: tuple) -> tuple | None:
    with _local_lock:
        entry = _local.get(key)
        if entry is None or entry[0] != versions:
            return None
        _local.move_to_end(key)
        return entry


def _local_put(key: str, entry: tuple) -> None:
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > _LOCAL_LIMIT:
            _local.popitem(last=False)


def clear_local() -> None:
    """Forget this process's copies (tests start with empty caches)."""
    with _local_lock:
        _local.clear()
        _versions_seen.clear()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    # Cookies are set by the middleware after the view, so the reasons for one are checked here: a page
    # that used a CSRF token would hand one visitor's token to the next; a view that wrote to the session
    # or queued a message rendered something for this visitor only.
    session = getattr(request, "session", None)
    queued = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not (queued is not None and queued.added_new)
    )


def _mark(response: HttpResponse) -> None:
    # The page differs by cookie (session, language): no shared cache in between may mix them up.
    patch_vary_headers(response, ("Cookie",))
