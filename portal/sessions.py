"""Sessions in the database with the cache (Redis) in front, as a speed-up only."""

import logging

from django.contrib.sessions.backends import cached_db, db

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    """Django's cached_db, except that an unreachable cache never fails a request.

    The database holds every session; Django itself only guards the cache write in save(), so with
    Redis down every logged-in page, every new session and every logout answered 500. Here load,
    exists and delete fall back to the database as well.
    """

    def _quietly(self, operation, *args, default=None):
        try:
            return operation(*args)
        except Exception:  # whatever the cache client raises: the database is the source of truth
            logger.warning("Session cache unavailable, using the database only", exc_info=True)
            return default

    def load(self) -> dict:
        data = self._quietly(self._cache.get, self.cache_key)
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._quietly(self._cache.set, self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key) -> bool:
        if session_key and self._quietly(self._cache.has_key, self.cache_key_prefix + session_key, default=False):
            return True
        return db.SessionStore.exists(self, session_key)

    def delete(self, session_key=None) -> None:
        db.SessionStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._quietly(self._cache.delete, self.cache_key_prefix + session_key)
