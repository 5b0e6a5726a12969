"""Redis as a cache that no request fails on.

Redis holds copies and counters, never the only record of anything: sessions live in the database,
mails in the outbox. With Redis unreachable a request must still succeed, and must not wait for a socket
timeout on every cache call. Two backends, configured in settings.CACHES:

- `FallbackRedisCache` (the default cache: rate limits and counters). While Redis is
  unreachable it serves from a stand-in in this process's memory. Degraded, not open: a counter still
  counts, but per web process, so a client's limit is multiplied by the number of processes it reaches
  (see README, "Redis outage").
- `GuardedRedisCache` (the sessions' cache). Raises `CacheUnavailable` instead: a per-process copy of a
  session would outlive a logout made through another process, so sessions go to the database alone
  (portal.sessions).

Both share, per process and Redis server, one circuit breaker: after a connection error or timeout no
call goes to Redis for `outage_retry_seconds` (default 5); then one call tries again while the others
keep using the fallback. The outage is logged as a warning when it starts, at most once a minute while
it lasts, and when it ends. `ping()` (used by /healthz) always asks Redis itself.

An alias with `forget_after_outage` (the sessions) has its keys deleted from Redis before its first use
after an outage: a session changed or ended while Redis was unreachable would otherwise come back from
the copy Redis kept.

Options beside redis-py's (in OPTIONS): `outage_retry_seconds`, `forget_after_outage`,
`fallback_max_entries` (default 10 000 keys in the stand-in).
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from dataclasses import dataclass, field

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# What "Redis is unreachable" looks like to redis-py: refused or reset connections, timeouts, a server
# still loading its data, a replica that became read-only in a failover. Other errors are bugs and surface.
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, redis.exceptions.ReadOnlyError)

WARNING_REPEAT_SECONDS = 60
# The stand-in keeps small values only (counters, rate-limit histories, locks, short lists): whatever else
# someone puts into the default cache must not make every web process grow while Redis is down. Rendered
# pages and fragments are not in Redis at all (portal.caching keeps them per process).
FALLBACK_MAX_VALUE_BYTES = 16 * 1024


class CacheUnavailable(Exception):
    """Redis is unreachable (or was a moment ago, and the breaker is open)."""


class _SmallValuesCache(LocMemCache):
    """Django's local-memory cache that does not keep values above FALLBACK_MAX_VALUE_BYTES."""

    def _too_large(self, value) -> bool:
        return len(pickle.dumps(value, self.pickle_protocol)) > FALLBACK_MAX_VALUE_BYTES

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return False if self._too_large(value) else super().add(key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        if self._too_large(value):
            self.delete(key, version)
        else:
            super().set(key, value, timeout, version)


@dataclass
class _ServerState:
    """This process's view of one Redis server: the circuit breaker and the stand-in while it is down."""

    server: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    down_since: float | None = None  # time.monotonic() of the first failure; None while Redis answers
    retry_at: float = 0.0  # no call before this goes to Redis while it is down
    warned_at: float = 0.0
    outages: int = 0  # counted up when an outage starts
    forgotten: dict[str, int] = field(default_factory=dict)  # key prefix → outages whose copies were deleted
    fallbacks: dict[str, _SmallValuesCache] = field(default_factory=dict)  # one per key prefix

    def fallback_for(self, name: str, params: dict) -> _SmallValuesCache:
        """The stand-in called `name`, configured with `params` (an alias's key prefix, version, timeout)."""
        fallback = self.fallbacks.get(name)
        if fallback is None:
            with self.lock:
                fallback = self.fallbacks.setdefault(name, _SmallValuesCache(name, params))
        return fallback

    def clear_fallbacks(self) -> None:
        for fallback in list(self.fallbacks.values()):
            fallback.clear()

    def may_call(self, retry_seconds: float) -> bool:
        if self.down_since is None:
            return True
        now = time.monotonic()
        with self.lock:
            if self.down_since is None:
                return True
            if now < self.retry_at:
                return False
            self.retry_at = now + retry_seconds  # this caller tries; the others keep to the fallback
            return True

    def failed(self, error: Exception, retry_seconds: float) -> None:
        now = time.monotonic()
        with self.lock:
            self.retry_at = now + retry_seconds
            starts = self.down_since is None
            if starts:
                self.down_since = now
                self.outages += 1
                # Each outage starts with an empty stand-in: nothing from an earlier one is served.
                self.clear_fallbacks()
            warn = starts or now - self.warned_at >= WARNING_REPEAT_SECONDS
            if warn:
                self.warned_at = now
            down_for = now - self.down_since
        if warn:
            logger.warning(
                "Redis at %s unreachable for %.0f s (%s); rate limits and caches use this process's memory, "
                "sessions the database alone; next try in %g s.",
                _display(self.server),
                down_for,
                error,
                retry_seconds,
            )

    def answered(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is None:
                return
            down_for = time.monotonic() - self.down_since
            self.down_since = None
            self.retry_at = 0.0
        self.clear_fallbacks()
        logger.info("Redis at %s answers again after %.0f s.", _display(self.server), down_for)


_states: dict[str, _ServerState] = {}
_states_lock = threading.Lock()


def _state_for(server: str) -> _ServerState:
    state = _states.get(server)
    if state is None:
        with _states_lock:
            state = _states.get(server)
            if state is None:
                state = _states[server] = _ServerState(server=server)
    return state


def forget_state(server: str) -> None:
    """Forget what this process knows about `server` (tests start each outage afresh)."""
    with _states_lock:
        state = _states.pop(server, None)
    if state is not None:
        state.clear_fallbacks()


def _display(server: str) -> str:
    # Without a password that may be part of the URL.
    scheme, _, rest = server.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}" if rest else server


class _ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one redis-py client per connection pool instead of building a new
    one on every cache call (about 0.1 ms each; the session and the rate limits make several per request).
    A redis-py client with a connection pool is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, redis.Redis] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class GuardedRedisCache(RedisCache):
    """Django's RedisCache behind this process's circuit breaker; raises CacheUnavailable while Redis is
    unreachable instead of redis-py's errors, and at once instead of after a timeout."""

    retry_seconds = 5.0

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("outage_retry_seconds", self.retry_seconds))
        self.forget_after_outage = bool(options.pop("forget_after_outage", False))
        fallback_max_entries = int(options.pop("fallback_max_entries", 10_000))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = _ReusedClientRedisCacheClient
        self._state = _state_for(",".join(self._servers))
        self._fallback_params = {
            **{key: params[key] for key in ("KEY_PREFIX", "VERSION", "KEY_FUNCTION", "TIMEOUT") if key in params},
            "OPTIONS": {"MAX_ENTRIES": fallback_max_entries},
        }
        self._fallback_name = f"portal.cache.fallback:{self._state.server}:{self.key_prefix}:{self.version}"

    def _call(self, name: str, *args, **kwargs):
        state = self._state
        if not state.may_call(self.retry_seconds):
            raise CacheUnavailable(state.server)
        try:
            if self.forget_after_outage:
                self._forget_copies_from_before(state)
            result = getattr(RedisCache, name)(self, *args, **kwargs)
        except UNREACHABLE as error:
            state.failed(error, self.retry_seconds)
            raise CacheUnavailable(state.server) from error
        state.answered()
        return result

    def _forget_copies_from_before(self, state: _ServerState) -> None:
        prefix = self.make_key("")
        outages = state.outages
        if state.forgotten.get(prefix, 0) == outages:
            return
        client = self._cache.get_client(write=True)
        pattern = _glob_escape(prefix) + "*"
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
        state.forgotten[prefix] = outages

    def ping(self) -> None:
        """Ask Redis itself, past the breaker and the fallback; raises if it does not answer."""
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE as error:
            self._state.failed(error, self.retry_seconds)
            raise
        self._state.answered()

    # The cache methods that talk to Redis; the rest of Django's cache API is built on them.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")


def _glob_escape(text: str) -> str:
    return "".join(f"[{char}]" if char in "*?[]\\" else char for char in text)


class FallbackRedisCache(GuardedRedisCache):
    """GuardedRedisCache that serves from this process's memory while Redis is unreachable."""

    def _call(self, name: str, *args, **kwargs):
        try:
            return super()._call(name, *args, **kwargs)
        except CacheUnavailable:
            return getattr(self._fallback(), name)(*args, **kwargs)

    def _fallback(self) -> _SmallValuesCache:
        return self._state.fallback_for(self._fallback_name, self._fallback_params)

    def clear(self):
        self._fallback().clear()
        return self._call("clear")
