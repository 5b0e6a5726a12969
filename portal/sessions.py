"""Sessions in the database with the cache (Redis) in front, as a speed-up only."""

from django.contrib.sessions.backends import cached_db, db

from .cache import CacheUnavailable


class SessionStore(cached_db.SessionStore):
    """Django's cached_db, except that an unreachable cache never fails a request.

    Django itself only guards the cache write in save() (and logs an error for every one); with Redis down
    every logged-in page, every new session and every logout would answer 500. Here every cache call
    that meets CacheUnavailable (portal.cache, which also logs the outage) is skipped and the database,
    which holds every session anyway, answers alone. After the outage portal.cache drops the copies Redis
    kept from before it (`forget_after_outage`), so a session ended meanwhile does not come back.
    """

    def _quietly(self, operation, *args, default=None):
        try:
            return operation(*args)
        except CacheUnavailable:
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

    def save(self, must_create: bool = False) -> None:
        db.SessionStore.save(self, must_create)
        self._quietly(self._cache.set, self.cache_key, self._session, self.get_expiry_age())

    def delete(self, session_key=None) -> None:
        db.SessionStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._quietly(self._cache.delete, self.cache_key_prefix + session_key)
