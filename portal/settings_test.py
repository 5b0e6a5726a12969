"""Settings of the test suite (pytest.ini): the production settings module, plus test-only tuning.

Only what makes the suite faster without changing what it checks belongs here; everything a test
asserts about production (`check --deploy`, the hasher order, the caches) is the same as in
portal.settings. Subprocesses that must run production (portal/tests/security/test_deploy_check.py,
the two web processes of portal/tests/test_two_processes.py) set DJANGO_SETTINGS_MODULE=portal.settings.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher

from portal.settings import *  # noqa: F403


class LightArgon2PasswordHasher(Argon2PasswordHasher):
    """Real Argon2 hashes (algorithm "argon2", verified by the production hasher too, since the parameters
    are stored in each hash), with small cost parameters: a production-strength hash takes ~0.5 s of CPU,
    and every login and password change in the suite would pay it."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


# In the place of production's first hasher (one hasher per algorithm: Django picks by algorithm).
PASSWORD_HASHERS = ["portal.settings_test.LightArgon2PasswordHasher", *PASSWORD_HASHERS[1:]]  # noqa: F405

# Whole public pages are off for the suite, so that a test sees each change it makes on the next request;
# portal/tests/test_page_cache.py switches them on. Template fragments are on, as in production, so that
# every test renders through them (portal/tests/security/test_no_shared_pages.py relies on that).
PUBLIC_PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 300
