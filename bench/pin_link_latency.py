#!/usr/bin/env python
"""PIN entered → membership active: latency through the real broker and a separate Celery worker.

    .venv/bin/python bench/pin_link_latency.py [--links 50]

Uses its own PostgreSQL database and Redis DBs (override with BENCH_PIN_DATABASE_URL, BENCH_PIN_REDIS_URL,
BENCH_PIN_BROKER_URL), migrates it, starts `celery -A portal worker` as a separate process, redeems one
PIN per fresh business and polls the membership until the worker has activated it. Prints median, p95
and max. The clock starts right before `pin_redeem` (the user's click) and stops when the row is active.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable

ENV = {
    "DATABASE_URL": os.environ.get("BENCH_PIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_pin"),
    "REDIS_URL": os.environ.get("BENCH_PIN_REDIS_URL", "redis://127.0.0.1:6379/14"),
    "CELERY_BROKER_URL": os.environ.get("BENCH_PIN_BROKER_URL", "redis://127.0.0.1:6379/15"),
    "DATABASE_POOL": "false",
    "LOG_LEVEL": "WARNING",
    "EMAIL_URL": "dummymail://",
}


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=50)
    args = parser.parse_args()

    os.environ.update(ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    _ensure_database(ENV["DATABASE_URL"])
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True, env=os.environ)

    import django

    django.setup()
    from django.core.cache import cache

    from accounts.models import User
    from businesses import services
    from businesses.models import Business, Membership, Pin
    from businesses.pins import pin_generate, pin_hash
    from portal.celery import app as celery_app

    celery_app.control.purge()
    cache.clear()
    worker = subprocess.Popen(
        [PY, "-m", "celery", "-A", "portal", "worker", "--loglevel=WARNING", "--concurrency=2", "--pool=prefork"],
        cwd=ROOT,
        env=os.environ,
    )
    try:
        time.sleep(4)  # worker start-up is not part of the measurement
        run = str(int(time.time()))[-5:]
        latencies = []
        for n in range(args.links):
            business = Business.objects.create(
                betriebsnummer=f"9{run}{n:03d}", name=f"Benchmark-Betrieb {n}", email=f"b{n}@bench.example.de"
            )
            clear = pin_generate()
            from datetime import timedelta

            from django.utils import timezone

            Pin.objects.create(
                business=business,
                pin_hash=pin_hash(clear),
                channel=Pin.Channel.LETTER,
                expires_at=timezone.now() + timedelta(days=30),
            )
            user = User.objects.create_user(email=f"bench-{run}-{n}@bench.example.de", password="Bench-Passwort-1")
            start = time.perf_counter()
            membership = services.pin_redeem(user=user, betriebsnummer=business.betriebsnummer, pin=clear)
            while True:
                status = Membership.objects.filter(pk=membership.pk).values_list("status", flat=True).first()
                if status == Membership.Status.ACTIVE:
                    break
                if time.perf_counter() - start > 30:
                    raise SystemExit(f"link {n} not active after 30 s")
                time.sleep(0.005)
            latencies.append((time.perf_counter() - start) * 1000)
        latencies.sort()
        p95 = statistics.quantiles(latencies, n=20)[18]
        print(
            f"PIN entered → active, {len(latencies)} links, separate worker process: "
            f"median {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=20)


if __name__ == "__main__":
    main()
