"""Settings of the benchmark: the production settings, plus the bench's reference pages (bench/urls.py).

bench/run.py starts gunicorn, the Celery worker and its Django steps with
DJANGO_SETTINGS_MODULE=bench.settings; production never loads this module, so the reference pages are
not part of the portal's URLs.
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
