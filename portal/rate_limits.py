"""Fixed-window counters in the cache (Redis in production) for the portal's own rate limits.

allauth limits the account flows; these count what it does not know about: PIN requests and guesses,
bookings, form submissions. A window starts with the first event and lasts `window` seconds.
"""

import hashlib

from django.core.cache import cache


def _key(scope: str, value) -> str:
    # Hashed: values may be client addresses, which need not sit in the cache in clear.
    digest = hashlib.sha256(str(value).encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def counter_hit(scope: str, value, *, window: int) -> int:
    """Count one event and return the count in the current window; atomic on Redis."""
    key = _key(scope, value)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def counter_get(scope: str, value) -> int:
    return cache.get(_key(scope, value), 0)


def counter_reset(scope: str, value) -> None:
    cache.delete(_key(scope, value))
