#!/usr/bin/env python
"""The benchmark suite: seed PostgreSQL, start the production-like stack, measure, write RESULTS.md.

    .venv/bin/python bench/run.py            # full run (about 10 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # smaller volume and shorter load phases, for trying it out

Needs PostgreSQL and Redis on localhost (as `make test`) and wrk (Debian package `wrk`; installed by
this script when missing). Load comes from wrk, a separate process; everything targets 127.0.0.1 only.
Exits non-zero if a page makes more SQL queries at large volume than at small volume.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
PORT = int(os.environ.get("BENCH_PORT", 8000))
BASE = f"http://127.0.0.1:{PORT}"
# The slow SMTP server the sign-up timing talks to; its own port, so that two runs can share a machine.
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", 2525))

ENV = {
    **os.environ,
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
    "DATABASE_POOL": "true",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
    "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13"),
    "SECURE_SSL_REDIRECT": "false",
    "COOKIE_SECURE": "false",
    "STATIC_MANIFEST": "true",
    "LOG_LEVEL": "WARNING",
    "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
    "BIND": f"127.0.0.1:{PORT}",
    # The production settings plus the bench's reference pages (bench/settings.py, bench/urls.py).
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "PYTHONPATH": str(ROOT),
}

FLOOR = "floor (bare 'ok' view)"
LOGGED_IN_FLOOR = "logged-in floor (base layout only)"

SCALES = {
    "small": {
        "users": 50,
        "businesses": 10,
        "courses": 5,
        "bookings_per_course": 3,
        "forms": 5,
        "submissions": 20,
        "contracts": 10,
        "documents": 10,
    },
    "large": {
        "users": 50_000,
        "businesses": 10_000,
        "courses": 2_000,
        "bookings_per_course": 8,
        "forms": 200,
        "submissions": 20_000,
        "contracts": 20_000,
        "documents": 10_000,
    },
    "quick": {
        "users": 5_000,
        "businesses": 1_000,
        "courses": 200,
        "bookings_per_course": 5,
        "forms": 20,
        "submissions": 2_000,
        "contracts": 2_000,
        "documents": 10_000,
    },
}


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def django(*args: str, env: dict | None = None) -> dict:
    """Run a bench.django_side command; its last output line is JSON."""
    result = subprocess.run(
        [PY, "-m", "bench.django_side", *args], cwd=ROOT, env=env or ENV, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bench.django_side {' '.join(args)} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    log("installing wrk (Debian package)")
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"], check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    )
    return shutil.which("wrk") or "wrk"


class Stack:
    """gunicorn (same config as production) and one Celery worker, each in its own process group."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen] = []

    def start(self, **extra_env: str) -> None:
        # Something else on the port (a forgotten `make run`) would answer /healthz and be measured instead.
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=2)
        except urllib.error.HTTPError:
            raise SystemExit(f"{BASE} already answers: stop what runs there or set BENCH_PORT") from None
        except OSError:
            pass
        else:
            raise SystemExit(f"{BASE} already answers: stop what runs there or set BENCH_PORT")
        self.processes.append(
            subprocess.Popen(
                [PY, "-m", "gunicorn", "portal.wsgi", "--config", "gunicorn.conf.py"],
                cwd=ROOT,
                env={**ENV, **extra_env},
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        self.processes.append(
            subprocess.Popen(
                [PY, "-m", "celery", "-A", "portal", "worker", "--loglevel=WARNING", "--concurrency=2"],
                cwd=ROOT,
                env={**ENV, **extra_env, "DATABASE_POOL": "false"},
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{BASE}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("the stack did not become healthy within 60 s")

    def stop(self) -> None:
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()


def wrk(wrk_bin: str, url: str, *, cookie: str, seconds: int, connections: int) -> dict:
    command = [
        wrk_bin,
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return json.loads([line for line in result.stdout.splitlines() if line.startswith("{")][-1])


# Five short slices rather than three long ones: on a machine shared with other work the median of five
# page/reference pairs is disturbed less by one busy moment.
SLICES = 5


def side_by_side(wrk_bin: str, page: dict, reference: dict, seconds: int, args) -> dict:
    """The page and its reference (the bare floor, or the logged-in floor for logged-in pages) in
    alternating slices, so both see the same machine: a shared 2-core machine changes speed by a factor
    of two within minutes, and a floor measured once at the start made the shares of later pages drift
    with it. Share = the page's requests/s over the reference's in the same slices (the median of the
    slice pairs)."""

    def run(target: dict, slice_seconds: int) -> dict:
        return wrk(
            wrk_bin, BASE + target["url"], cookie=target["cookie"], seconds=slice_seconds, connections=args.connections
        )

    # Warm-up, not recorded: every gunicorn worker compiles templates and loads catalogues once.
    run(page, 2)
    run(reference, 1)
    slice_seconds = max(1, seconds // SLICES)
    page_runs, reference_runs = [], []
    for _ in range(SLICES):
        reference_runs.append(run(reference, slice_seconds))
        page_runs.append(run(page, slice_seconds))
    # The median of the slice pairs' ratios: one slice hit by a slow patch of the machine (seen: a page at
    # 173 % of the floor from summed slices) does not decide the share.
    share = statistics.median(p["rps"] / f["rps"] for p, f in zip(page_runs, reference_runs, strict=True) if f["rps"])
    return {**merge(page_runs), "share": share, "reference_runs": reference_runs}


def merge(runs: list[dict]) -> dict:
    """Requests/s over all slices; latency percentiles and errors: the median slice and the sum."""
    seconds = sum(run["seconds"] for run in runs)
    return {
        "requests": sum(run["requests"] for run in runs),
        "seconds": seconds,
        "rps": sum(run["requests"] for run in runs) / seconds if seconds else 0,
        "p50": statistics.median(run["p50"] for run in runs),
        "p95": statistics.median(run["p95"] for run in runs),
        "p99": statistics.median(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller volume, shorter load phases")
    parser.add_argument("--seconds", type=int, default=None, help="load phase per page (default 15, quick 5)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    seconds = args.seconds or (5 if args.quick else 15)
    large = SCALES["quick" if args.quick else "large"]
    wrk_bin = ensure_wrk()
    started = time.monotonic()
    load_before = os.getloadavg()[0]

    sys.path.insert(0, str(ROOT))
    from bench import slow_smtp

    smtp = slow_smtp.start(SMTP_PORT, delay=0.0)

    log("recreating the bench database, migrating, collecting static files")
    django("recreate_db", env={**ENV, "DJANGO_SETTINGS_MODULE": "portal.settings"})
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", "-v0")

    log("seeding small volume and counting queries per page")
    django("seed", json.dumps(SCALES["small"]))
    queries_small = django("queries")
    log(f"seeding large volume {large}")
    seed_started = time.monotonic()
    django("seed", json.dumps(large))
    log(f"seeded in {time.monotonic() - seed_started:.0f} s; counting queries again")
    queries_large = django("queries")

    stack = Stack()
    stack.start()
    results: dict = {}
    rendered: dict = {}
    try:
        fixtures = django("fixtures")
        pages = fixtures["pages"]
        log(f"load: {args.connections} connections, {seconds} s per page")
        floor_runs = []
        for name, page in pages.items():
            if name == FLOOR:
                continue
            reference = pages[page["reference"]]
            results[name] = side_by_side(wrk_bin, page, reference, seconds, args)
            if page["reference"] == FLOOR:
                floor_runs += results[name]["reference_runs"]
            log(
                f"  {name:<36} {results[name]['rps']:>8.1f} req/s  p95 {results[name]['p95']:.1f} ms  "
                f"{results[name]['share']:.0%} of {page['reference']}"
            )
        results = {FLOOR: merge(floor_runs), **results}

        log("PIN entered → membership active, 50 links through the real worker")
        pin = django("pin_latency", BASE, "50")

        log("sign-up response time, SMTP answering at once vs. after 2 s")
        signup_fast = django("signup_timing", BASE, "20")
        smtp.RequestHandlerClass.delay = 2.0
        signup_slow = django("signup_timing", BASE, "20")
        smtp.RequestHandlerClass.delay = 0.0

        log("100 concurrent bookings for 10 places")
        bookings = django("booking_race", BASE, "100", "10")

        # The anonymous pages above come from the page cache after their first request. What rendering
        # them costs is measured again with the cache off: the figure for a search or a course nobody
        # asked for in the last minute.
        stack.stop()
        stack.start(PUBLIC_PAGE_CACHE_SECONDS="0")
        log("anonymous pages again, rendered for every request (PUBLIC_PAGE_CACHE_SECONDS=0)")
        for name, page in pages.items():
            if page["cookie"] or name == FLOOR:
                continue
            rendered[name] = side_by_side(wrk_bin, page, pages[FLOOR], seconds, args)
            log(
                f"  {name:<36} {rendered[name]['rps']:>8.1f} req/s  p95 {rendered[name]['p95']:.1f} ms  "
                f"{rendered[name]['share']:.0%} of floor"
            )
    finally:
        stack.stop()
        smtp.shutdown()

    query_regressions = [name for name in queries_small if queries_large.get(name, 0) > queries_small[name]]
    write_results(
        Path(args.output),
        pages=pages,
        seconds=seconds,
        connections=args.connections,
        large=large,
        results=results,
        rendered=rendered,
        queries_small=queries_small,
        queries_large=queries_large,
        pin=pin,
        signup_fast=signup_fast,
        signup_slow=signup_slow,
        bookings=bookings,
        duration=time.monotonic() - started,
        load=(load_before, os.getloadavg()[0]),
    )
    log(f"wrote {args.output}")
    if query_regressions:
        log(f"FAIL: more queries at large volume than at small: {', '.join(query_regressions)}")
        return 1
    return 0


def write_results(path: Path, **r) -> None:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `.venv/bin/python bench/run.py` on {os.cpu_count()} cores ({cpu}),",
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}. "
        f"gunicorn from gunicorn.conf.py (CPU-sized), PostgreSQL and Redis on the same machine; wrk with "
        f"{r['connections']} connections, {r['seconds']} s per page in {SLICES} slices, each after a slice of its "
        f"reference page (the floor row sums the floor's slices; a page's share is the median of its "
        f"{SLICES} "
        f"page/reference slice ratios). "
        f"Latency percentiles: the median slice. Volume: {r['large']}. "
        f"Load average of the machine (other work included) at the start and the end: "
        f"{r['load'][0]:.1f} and {r['load'][1]:.1f}.",
        "",
        "## Pages at large volume",
        "",
        "Targets (issue 11): anonymous pages at least 80 % of the floor; the logged-in floor at least 40 % of",
        "the floor; each logged-in page at least 60 % of the logged-in floor; p95 below 100 ms for all of them.",
        "A page's share is measured against its reference, in alternating slices.",
        "",
        "| page | req/s | reference | share of reference | target | p50 ms | p95 ms | p99 ms | errors | queries small | queries large | met |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, res in r["results"].items():
        page = r["pages"][name]
        target = page.get("target")
        ratio = res.get("share", 1.0)
        met = "–" if not target else ("met" if ratio >= target and res["p95"] < 100 else "missed")
        lines.append(
            f"| {name} | {res['rps']:.0f} | {page.get('reference') or '–'} | {ratio:.0%} | "
            f"{f'≥ {target:.0%}' if target else '–'} | {res['p50']:.1f} | {res['p95']:.1f} | {res['p99']:.1f} | "
            f"{res['errors']} | {r['queries_small'].get(name, '–')} | {r['queries_large'].get(name, '–')} | {met} |"
        )
    lines += [
        "",
        "Anonymous visitors get the pages above from the page cache after the first request",
        "(portal.caching). Rendered for every request, with the page cache off (target for the catalog",
        "search: at least 25 % of the floor, p95 below 100 ms):",
        "",
        "| page (anonymous, PUBLIC_PAGE_CACHE_SECONDS=0) | req/s | share of floor | target | p50 ms | p95 ms | p99 ms | errors | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, res in r["rendered"].items():
        target = r["pages"][name].get("target_rendered")
        ratio = res["share"]
        met = "–" if not target else ("met" if ratio >= target and res["p95"] < 100 else "missed")
        lines.append(
            f"| {name} | {res['rps']:.0f} | {ratio:.0%} | {f'≥ {target:.0%}' if target else '–'} | "
            f"{res['p50']:.1f} | {res['p95']:.1f} | {res['p99']:.1f} | {res['errors']} | {met} |"
        )
    pin = r["pin"]
    lines += [
        "",
        "## Workflows",
        "",
        "| measurement | result |",
        "|---|---|",
        f"| PIN entered → membership active ({pin['count']} links, real Celery worker; target p95 ≤ 5 s) | median {pin['median']:.2f} s, p95 {pin['p95']:.2f} s |",
        f"| sign-up response, SMTP at once ({r['signup_fast']['count']} sign-ups) | median {r['signup_fast']['median'] * 1000:.0f} ms, max {r['signup_fast']['max'] * 1000:.0f} ms |",
        f"| sign-up response, SMTP answering after 2 s per command | median {r['signup_slow']['median'] * 1000:.0f} ms, max {r['signup_slow']['max'] * 1000:.0f} ms |",
        f"| {r['bookings']['requests']} concurrent bookings for {r['bookings']['capacity']} places | "
        f"{r['bookings']['confirmed']} booked, {r['bookings']['waitlisted']} on the waiting list, {r['bookings']['seconds']:.2f} s |",
        "",
        f"Whole run: {r['duration'] / 60:.1f} min.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
