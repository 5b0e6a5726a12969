#!/usr/bin/env python
"""Profile the benchmark's pages in-process, against the database bench/run.py left behind.

    .venv/bin/python bench/run.py                          # once: seeds portal_bench
    .venv/bin/python bench/profile_pages.py                      # CPU per request of every page
    .venv/bin/python bench/profile_pages.py "Mein Betrieb"       # one page, with the top of a cProfile
    PUBLIC_PAGE_CACHE_SECONDS=0 .venv/bin/python bench/profile_pages.py catalog   # rendering, not the page cache
    .venv/bin/python bench/profile_pages.py breakdown   # bare floor → session → user → layout, step by step

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
# The connection pool, as gunicorn's workers use it (a fresh connection per request would dwarf the rest).
os.environ.setdefault("DATABASE_POOL_MIN", "1")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from bench import django_side  # noqa: E402

ROUNDS = 8
PER_ROUND = int(os.environ.get("N", 30))


# The steps from the bare floor to the logged-in floor, each adding one thing: where a logged-in page
# spends its CPU before its own content (bench/urls.py).
BREAKDOWN = [
    ("bare floor: middleware only", "/_bench/ok"),
    ("+ session loaded", "/_bench/session"),
    ("+ user loaded (in a transaction)", "/_bench/user"),
    ("+ base layout rendered (logged-in floor)", "/_bench/layout"),
]


def cpu_per_request(client: Client, url: str) -> tuple[float, int]:
    for _ in range(5):
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        for _ in range(PER_ROUND):
            client.get(url)
        best = min(best, (time.process_time() - started) / PER_ROUND * 1000)
    return best, len(response.content)


def print_profile(client: Client, url: str) -> None:
    profile = cProfile.Profile(time.process_time)  # CPU time: steadier than wall-clock on a shared machine
    profile.enable()
    for _ in range(PER_ROUND):
        client.get(url)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(40)
    print(out.getvalue())


def main() -> None:
    only = sys.argv[1].lower() if len(sys.argv) > 1 else ""
    users = django_side._bench_users()
    if only == "breakdown":
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies.load(django_side._session_cookie(users["customer"]))
        previous = 0.0
        for name, url in BREAKDOWN:
            best, size = cpu_per_request(client, url)
            print(f"{name:<44} {best:6.2f} ms CPU per request ({best - previous:+.2f} ms), {size} bytes")
            previous = best
        return
    for name, page in django_side._pages().items():
        if only and only not in name.lower():
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        if page["user"]:
            client.cookies.load(django_side._session_cookie(users[page["user"]]))
        best, size = cpu_per_request(client, page["url"])
        print(f"{name:<38} {best:6.2f} ms CPU per request (best of {ROUNDS}), {size} bytes")
        if only:
            print_profile(client, page["url"])


if __name__ == "__main__":
    main()
