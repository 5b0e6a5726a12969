#!/usr/bin/env python
"""Lehrstellenbörse benchmark: the public search (radius 25 km + occupation + text) at 10 and 100 000
postings across Germany, rendered for every request (no page cache), 32 clients.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_jobboard_bench BENCH_REDIS_URL=redis://127.0.0.1:6379/10 \\
    BENCH_BROKER_URL=redis://127.0.0.1:6379/11 BENCH_PORT=8214 .venv/bin/python bench/jobboard.py

Uses bench/run.py's stack and wrk (its own database; recreated) and `manage.py seed_vacancies`. Writes
bench/RESULTS-jobboard.md. Exits non-zero if the search makes more queries at 100 000 postings than at 10.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import BASE, ENV, PY, ROOT, Stack, django, ensure_wrk, log, manage, wrk

WHERE, RADIUS, TEXT = "34117", "25", "Werkstatt"  # Kassel: the middle of Germany


def alternate(wrk_bin: str, url: str, floor_url: str, *, seconds: int, connections: int, slices: int) -> dict:
    """The page in slices alternating with the floor; share = median of the page/floor pairs."""
    wrk(wrk_bin, BASE + url, cookie="", seconds=2, connections=connections)
    pages, floors = [], []
    for _ in range(slices):
        floors.append(wrk(wrk_bin, BASE + floor_url, cookie="", seconds=seconds, connections=connections))
        pages.append(wrk(wrk_bin, BASE + url, cookie="", seconds=seconds, connections=connections))
    return {
        "rps": sum(run["requests"] for run in pages) / sum(run["seconds"] for run in pages),
        "p50": statistics.median(run["p50"] for run in pages),
        "p95": statistics.median(run["p95"] for run in pages),
        "errors": sum(run["errors"] + run.get("non2xx", 0) for run in pages),
        "share": statistics.median(p["rps"] / f["rps"] for p, f in zip(pages, floors, strict=True) if f["rps"]),
        "floor_rps": sum(run["requests"] for run in floors) / sum(run["seconds"] for run in floors),
    }


def explain(url_params: dict) -> str:
    """EXPLAIN ANALYZE of the page's main query, for the record (PostgreSQL's plan at 100 000 rows)."""
    code = (
        "import django, json, sys; django.setup();"
        "from django.db import connection;"
        "from jobboard.selectors import SearchCriteria, vacancy_search;"
        f"qs = vacancy_search(SearchCriteria.from_params({url_params!r}))[:20];"
        "sql, params = qs.query.sql_with_params();"
        "cur = connection.cursor(); cur.execute('EXPLAIN (ANALYZE, BUFFERS) ' + sql, params);"
        "print('\\n'.join(r[0] for r in cur.fetchall()))"
    )
    result = subprocess.run([PY, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=5, help="length of one load slice")
    parser.add_argument("--slices", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS-jobboard.md"))
    args = parser.parse_args()
    started = time.monotonic()
    wrk_bin = ensure_wrk()

    log("recreating the bench database, migrating, collecting static files")
    django("recreate_db")
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", "-v0")
    manage("seed_vacancies", "10")
    small = django("jobboard_search", WHERE, RADIUS, TEXT)
    log(f"10 postings: {small['queries']} queries; seeding {args.count}")
    seed_started = time.monotonic()
    manage("seed_vacancies", str(args.count))
    seed_seconds = time.monotonic() - seed_started
    manage("shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE jobboard_vacancy')")
    large = django("jobboard_search", WHERE, RADIUS, TEXT)
    log(f"{large['postings']} postings: {large['queries']} queries, {large['found']} found; {large['url']}")
    from urllib.parse import parse_qsl, urlsplit

    plan = explain(dict(parse_qsl(urlsplit(large["url"]).query)))

    stack = Stack()
    try:
        stack.start(PUBLIC_PAGE_CACHE_SECONDS="0")
        load_before = os.getloadavg()[0]
        log(f"load: {args.connections} connections, {args.slices} slices of {args.seconds} s, no page cache")
        result = alternate(
            wrk_bin, large["url"], "/_bench/ok", seconds=args.seconds, connections=args.connections, slices=args.slices
        )
        load_after = os.getloadavg()[0]
    finally:
        stack.stop()
    log(f"search: {result['rps']:.1f} req/s, p95 {result['p95']:.0f} ms, {result['share']:.0%} of the floor")

    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    lines = [
        "# Lehrstellenbörse benchmark",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `.venv/bin/python bench/jobboard.py` on {os.cpu_count()} "
        f"cores ({cpu}); the stack of bench/run.py (gunicorn from gunicorn.conf.py, a Celery worker), PostgreSQL "
        "and Redis on the same machine, shared with other work. Figures are only comparable on the same machine.",
        "",
        f"## The public search at {large['postings']:,} postings".replace(",", " "),
        "",
        f"`{large['url']}` — radius {RADIUS} km around {WHERE} (Kassel), the occupation with most postings there, "
        f"the word „{TEXT}“: {large['found']} found. Rendered for every request (PUBLIC_PAGE_CACHE_SECONDS=0).",
        "",
        f"SQL queries per request: {small['queries']} with {small['postings']} postings, {large['queries']} with "
        f"{large['postings']} (the page of results with its total in one query, the occupations of the filter).",
        f"Seeding {args.count} postings (`manage.py seed_vacancies`): {seed_seconds:.0f} s.",
        "",
        f"wrk, {args.connections} connections, {args.slices} slices of {args.seconds} s alternating with the floor "
        f"(bare 'ok' view). Load average before and after: {load_before:.1f}, {load_after:.1f}.",
        "",
        "| page | req/s | share of floor | p50 ms | p95 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
        f"| search (radius + occupation + text) | {result['rps']:.0f} | {result['share']:.0%} | {result['p50']:.1f} "
        f"| {result['p95']:.1f} | {result['errors']} |",
        f"| floor (bare 'ok' view), same slices | {result['floor_rps']:.0f} | 100% | | | |",
        "",
        "## Plan of the page's query (EXPLAIN ANALYZE, first page of 20)",
        "",
        "```",
        plan,
        "```",
        "",
        f"Whole run: {(time.monotonic() - started) / 60:.1f} min.",
        "",
    ]
    Path(args.output).write_text("\n".join(lines))
    log(f"wrote {args.output}")
    print(json.dumps({"small": small, "large": large, "result": result}))
    return 1 if large["queries"] > small["queries"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
