#!/usr/bin/env python
"""Profile the benchmark's pages in-process, against the database bench/run.py left behind.

    .venv/bin/python bench/run.py                          # once: seeds portal_bench
    .venv/bin/python bench/profile_pages.py                      # CPU per request of every page
    .venv/bin/python bench/profile_pages.py "Mein Betrieb"       # one page, with the top of a cProfile
    PUBLIC_PAGE_CACHE_SECONDS=0 .venv/bin/python bench/profile_pages.py catalog   # rendering, not the page cache

Requests go through Django's test client with the production settings of the bench (DEBUG off, Redis,
PostgreSQL), so middleware, sessions and templates are the real ones; no gunicorn, no wrk. Figures are
the best of several rounds of process CPU time (time.process_time), which a busy shared machine
disturbs far less than wall-clock time. For the server under load, py-spy (`py-spy record --gil -p
<worker pid>`) on the gunicorn workers while wrk runs shows the same picture.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import ENV  # noqa: E402

for key, value in ENV.items():
    os.environ.setdefault(key, value)
os.environ["DATABASE_POOL"] = "false"  # one thread, one connection

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from bench import django_side  # noqa: E402

ROUNDS = 8
PER_ROUND = int(os.environ.get("N", 30))


def main() -> None:
    only = sys.argv[1].lower() if len(sys.argv) > 1 else ""
    users = django_side._bench_users()
    for name, page in django_side._pages().items():
        if only and only not in name.lower():
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        if page["user"]:
            client.cookies.load(django_side._session_cookie(users[page["user"]]))
        for _ in range(5):
            response = client.get(page["url"])
        if response.status_code != 200:
            raise SystemExit(f"{name} answered {response.status_code}")
        best = float("inf")
        for _ in range(ROUNDS):
            started = time.process_time()
            for _ in range(PER_ROUND):
                client.get(page["url"])
            best = min(best, (time.process_time() - started) / PER_ROUND * 1000)
        print(f"{name:<34} {best:6.2f} ms CPU per request (best of {ROUNDS}), {len(response.content)} bytes")
        if only:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(PER_ROUND):
                client.get(page["url"])
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(40)
            print(out.getvalue())


if __name__ == "__main__":
    main()
