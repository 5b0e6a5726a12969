#!/usr/bin/env python
"""Same answer, same time: do "exists" and "does not exist" differ in latency?

    .venv/bin/python bench/timing_oracle.py [--rounds 30]

Measures, in one process through Django's full middleware stack (production settings, PostgreSQL and
Redis on localhost, a Redis broker without a worker so tasks are only published), pairs of requests that
differ only in whether the thing named exists:
- `POST /betrieb/pin-anfordern/` with the Betriebsnummer of an existing business vs an unknown one;
- `POST /accounts/signup/` with a registered address vs a new one.
Each pair runs in random order, each request from its own client address (so no rate limit bites) and for
its own business/address (so no per-business or per-address limit bites). Prints the medians, their
difference and how many pairs an observer would order correctly by latency (50 % = no information).
Uses its own database `portal_timing` and Redis databases 14/15, recreated on every run.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.update(
    {
        "DEBUG": "false",
        "SECRET_KEY": "timing-bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": os.environ.get("TIMING_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_timing"),
        "REDIS_URL": os.environ.get("TIMING_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "CELERY_BROKER_URL": os.environ.get("TIMING_BROKER_URL", "redis://127.0.0.1:6379/15"),
        "SECURE_SSL_REDIRECT": "false",
        "COOKIE_SECURE": "false",
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
)


def recreate_database() -> None:
    import environ
    import psycopg

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def seed(rounds: int) -> tuple[list[str], list[str]]:
    from accounts.tests.factories import UserFactory
    from businesses.models import Business

    numbers = []
    for index in range(rounds + 5):
        business = Business.objects.create(
            betriebsnummer=f"{7000000 + index}", name=f"Timing-Betrieb {index}", email=f"b{index}@example.de"
        )
        numbers.append(business.betriebsnummer)
    emails = [UserFactory(email=f"registered{index}@example.de").email for index in range(rounds + 5)]
    return numbers, emails


def measure(pairs: list[tuple[dict, dict]], path: str, rounds: int) -> dict:
    from django.test import Client

    timings = {"exists": [], "missing": []}
    ordered_right = 0
    for index, (exists, missing) in enumerate(pairs[: rounds + 5]):
        sample = {}
        order = [("exists", exists), ("missing", missing)]
        random.shuffle(order)
        for kind, data in order:
            client = Client(REMOTE_ADDR=f"10.{index // 250}.{index % 250}.{1 if kind == 'exists' else 2}")
            started = time.perf_counter()
            response = client.post(path, data)
            sample[kind] = (time.perf_counter() - started) * 1000
            assert response.status_code == 302, (path, kind, response.status_code)
        if index < 5:  # warm-up pairs
            continue
        for kind, value in sample.items():
            timings[kind].append(value)
        ordered_right += sample["exists"] > sample["missing"]
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    return {
        "exists": medians["exists"],
        "missing": medians["missing"],
        "difference": medians["exists"] - medians["missing"],
        "exists_slower_in": ordered_right / rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    recreate_database()
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from portal.celery import app

    call_command("migrate", verbosity=0)
    cache.clear()
    numbers, emails = seed(args.rounds)

    pin_pairs = [
        ({"betriebsnummer": number}, {"betriebsnummer": f"{8800000 + index}"}) for index, number in enumerate(numbers)
    ]
    person = {"salutation": "frau", "first_name": "Erika", "last_name": "Muster", "privacy_consent": "on"}
    signup_pairs = [
        ({**person, "email": email}, {**person, "email": f"new{index}@example.de"})
        for index, email in enumerate(emails)
    ]
    results = {
        "POST /betrieb/pin-anfordern/": measure(pin_pairs, "/betrieb/pin-anfordern/", args.rounds),
        "POST /accounts/signup/": measure(signup_pairs, "/accounts/signup/", args.rounds),
    }
    app.control.purge()
    print(f"Medians over {args.rounds} pairs (ms); 'exists slower in' 50 % means latency tells nothing:")
    print("| request | exists | does not exist | difference | exists slower in |")
    print("|---|---:|---:|---:|---:|")
    for name, row in results.items():
        print(
            f"| {name} | {row['exists']:.2f} | {row['missing']:.2f} | {row['difference']:+.2f} "
            f"| {row['exists_slower_in']:.0%} |"
        )


if __name__ == "__main__":
    main()
