#!/usr/bin/env python
"""Postfach benchmark: the Postfach page at 10 and 10 000 documents, and a 10 MB file sent and fetched
through the production-like stack — on the directory and on an S3 server (moto) — with the memory of the
gunicorn workers while they stream.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_x BENCH_REDIS_URL=redis://127.0.0.1:6380/2 \\
    BENCH_BROKER_URL=redis://127.0.0.1:6380/3 BENCH_PORT=8206 BENCH_S3_PORT=8306 .venv/bin/python bench/documents.py

Uses bench/run.py's stack, seeding and wrk (its own database; recreated). About 4 minutes. Writes
bench/RESULTS-documents.md. Exits non-zero if the Postfach makes more queries at 10 000 documents than at 10.
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import BASE, ENV, FLOOR, PORT, PY, ROOT, Stack, django, ensure_wrk, log, manage, wrk

BASE_VOLUME = {"users": 200, "businesses": 100, "courses": 5, "bookings_per_course": 2, "forms": 5, "submissions": 20}
MB = 1024 * 1024
FILE_MB = 10
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BUSINESS_CHOICE = re.compile(
    r'<select name="business"[^>]*>\s*<option value=""[^>]*>[^<]*</option>\s*<option value="(\d+)"'
)
FILE_LINK = re.compile(r'href="(/postfach/\d+/dateien/\d+/)"')


# --- memory of the web workers ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemoryWatch:
    """Samples the resident memory of every gunicorn worker every 20 ms while a block runs."""

    def __init__(self, master_pid: int):
        self.workers = _children(master_pid)
        self.before = {pid: _rss_mb(pid) for pid in self.workers}
        self.peak = dict(self.before)
        self._stop = threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            for pid in self.workers:
                self.peak[pid] = max(self.peak[pid], _rss_mb(pid))
            time.sleep(0.02)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def baseline(self) -> float:
        return max(self.before.values())

    @property
    def growth(self) -> float:
        return max(self.peak[pid] - self.before[pid] for pid in self.workers)


# --- HTTP as a browser does it ---------------------------------------------------------------------------


def _request(method: str, path: str, *, cookie: str, body: bytes = b"", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    connection.request(method, path, body=body or None, headers={"Cookie": cookie, **(headers or {})})
    return connection, connection.getresponse()


def _csrf(cookie: str) -> tuple[str, str, str]:
    """The form's token, the cookie with the CSRF cookie the form page set, and the first business offered
    (a person with several businesses chooses one)."""
    connection, response = _request("GET", "/postfach/neu/", cookie=cookie)
    html = response.read().decode()
    csrf_cookie = next(
        value.split(";")[0]
        for name, value in response.getheaders()
        if name.lower() == "set-cookie" and "csrftoken" in value
    )
    connection.close()
    business = BUSINESS_CHOICE.search(html)
    return CSRF.search(html).group(1), f"{cookie}; {csrf_cookie}", business.group(1) if business else ""


def _multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(cookie: str, department: int, content: bytes, number: int) -> tuple[float, str]:
    """Send one document with the file as the progress bar does (XMLHttpRequest); returns seconds and the
    document's address."""
    token, cookies, business = _csrf(cookie)
    fields = {"csrfmiddlewaretoken": token, "department": department, "subject": f"Scan {number}"}
    body, content_type = _multipart(
        {**fields, "business": business} if business else fields,
        [("files", f"Scan {number}.pdf", content)],
    )
    started = time.perf_counter()
    connection, response = _request(
        "POST",
        "/postfach/neu/",
        cookie=cookies,
        body=body,
        headers={
            "Content-Type": content_type,
            "X-Requested-With": "XMLHttpRequest",
            "Referer": f"{BASE}/postfach/neu/",
        },
    )
    answer = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise SystemExit(f"upload answered {response.status}: {answer[:300]!r}")
    return seconds, json.loads(answer)["redirect"]


def download(cookie: str, path: str, *, rate_mb: float | None = None) -> tuple[float, int]:
    """Fetch a file; with rate_mb, read it as slowly as a client on a slow line would."""
    started = time.perf_counter()
    connection, response = _request("GET", path, cookie=cookie)
    received = 0
    while chunk := response.read(256 * 1024):
        received += len(chunk)
        if rate_mb:
            time.sleep(len(chunk) / (rate_mb * MB))
    connection.close()
    if response.status != 200:
        raise SystemExit(f"download answered {response.status}")
    return time.perf_counter() - started, received


def _parallel(count: int, work) -> list:
    results: list = [None] * count
    gate = threading.Barrier(count)

    def run(index: int):
        gate.wait()
        results[index] = work(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def transfer(stack: Stack, cookie: str, department: int, *, label: str) -> dict:
    """10 MB up and down, alone and several at once, and the workers' memory meanwhile."""
    pdf = b"%PDF-1.4\n" + os.urandom(FILE_MB * MB) + b"\n%%EOF\n"
    master = stack.processes[0].pid
    log(f"{label}: warming up every worker (first file access loads the storage's client)")
    _seconds, document = upload(cookie, department, pdf, 0)
    _connection, page = _request("GET", document, cookie=cookie)
    file_path = FILE_LINK.search(page.read().decode()).group(1)
    _parallel(8, lambda _index: download(cookie, file_path))
    _parallel(3, lambda index: upload(cookie, department, pdf, 100 + index))  # 30 documents an hour: 14 per storage

    log(f"{label}: 5 uploads of {FILE_MB} MB one after the other, twice")
    with MemoryWatch(master) as upload_memory:
        uploads = [upload(cookie, department, pdf, n)[0] for n in range(1, 6)]
    # The first upload through a gunicorn thread makes that thread's storage client (django-storages keeps
    # one boto3 session per thread); the second round shows what an upload itself costs.
    with MemoryWatch(master) as second_upload_memory:
        uploads += [upload(cookie, department, pdf, n)[0] for n in range(6, 11)]
    log(f"{label}: 10 downloads one after the other")
    with MemoryWatch(master) as single_memory:
        singles = [download(cookie, file_path)[0] for _ in range(10)]
    log(f"{label}: 8 downloads at once")
    with MemoryWatch(master) as parallel_memory:
        started = time.perf_counter()
        parallel = _parallel(8, lambda _index: download(cookie, file_path))
        parallel_seconds = time.perf_counter() - started
    log(f"{label}: 8 slow clients at once (2 MB/s each, ~5 s per file)")
    with MemoryWatch(master) as slow_memory:
        slow = _parallel(8, lambda _index: download(cookie, file_path, rate_mb=2))
    assert all(received == len(pdf) for _seconds, received in parallel + slow)
    return {
        "upload_median": statistics.median(uploads),
        "upload_mbps": FILE_MB / statistics.median(uploads),
        "upload_growth": upload_memory.growth,
        "second_upload_growth": second_upload_memory.growth,
        "download_median": statistics.median(singles),
        "download_mbps": FILE_MB / statistics.median(singles),
        "single_growth": single_memory.growth,
        "parallel_mbps": 8 * FILE_MB / parallel_seconds,
        "parallel_growth": parallel_memory.growth,
        "slow_seconds": statistics.median(seconds for seconds, _received in slow),
        "slow_growth": slow_memory.growth,
        "baseline": parallel_memory.baseline,
    }


def alternate(wrk_bin: str, page: dict, floor: dict, *, seconds: int, connections: int, slices: int = 3) -> dict:
    """The page in slices alternating with the floor; share = median of the page/floor pairs."""
    wrk(wrk_bin, BASE + page["url"], cookie=page["cookie"], seconds=2, connections=connections)
    pages, floors = [], []
    for _ in range(slices):
        floors.append(wrk(wrk_bin, BASE + floor["url"], cookie="", seconds=seconds, connections=connections))
        pages.append(wrk(wrk_bin, BASE + page["url"], cookie=page["cookie"], seconds=seconds, connections=connections))
    requests = sum(run["requests"] for run in pages)
    return {
        "rps": requests / sum(run["seconds"] for run in pages),
        "p50": statistics.median(run["p50"] for run in pages),
        "p95": statistics.median(run["p95"] for run in pages),
        "errors": sum(run["errors"] + run.get("non2xx", 0) for run in pages),
        "share": statistics.median(p["rps"] / f["rps"] for p, f in zip(pages, floors, strict=True) if f["rps"]),
    }


def _moto(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [PY, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/data.json", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"moto did not start on port {port}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5, help="length of one load slice")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS-documents.md"))
    args = parser.parse_args()
    started = time.monotonic()
    wrk_bin = ensure_wrk()
    s3_port = int(os.environ.get("BENCH_S3_PORT", 8306))

    log("recreating the bench database, emptying the bench cache, migrating, collecting static files")
    import redis

    redis.Redis.from_url(ENV["REDIS_URL"]).flushdb()  # rate limits of an earlier run (30 documents an hour)
    django("recreate_db")
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", "-v0")
    django("seed", json.dumps({**BASE_VOLUME, "documents": 10}))
    queries_small = django("queries")["Postfach"]
    log("seeding 10 000 documents for the bench business")
    django("seed", json.dumps({**BASE_VOLUME, "documents": 10_000}))
    queries_large = django("queries")["Postfach"]

    results: dict = {"queries": (queries_small, queries_large)}
    media = tempfile.mkdtemp(prefix="bench-documents-")
    stack = Stack()
    moto = None
    try:
        stack.start(PRIVATE_MEDIA_ROOT=media)
        pages = django("fixtures")["pages"]
        postfach, floor = pages["Postfach"], pages[FLOOR]
        search = {**postfach, "url": postfach["url"] + "?q=Bescheinigung+99&box=eingang"}
        log(f"load on the Postfach, {args.connections} connections, slices of {args.seconds} s")
        results["load_before"] = os.getloadavg()[0]
        results["page"] = alternate(wrk_bin, postfach, floor, seconds=args.seconds, connections=args.connections)
        results["search"] = alternate(wrk_bin, search, floor, seconds=args.seconds, connections=args.connections)
        # The page it is most like, in the same minutes: what the machine gives a logged-in business page now.
        results["reference"] = alternate(
            wrk_bin, pages["Mein Betrieb"], floor, seconds=args.seconds, connections=args.connections
        )
        results["load_after"] = os.getloadavg()[0]
        cookie = postfach["cookie"]
        department = 1
        results["filesystem"] = transfer(stack, cookie, department, label="directory")
        stack.stop()

        moto = _moto(s3_port)
        import boto3

        bucket = f"bench-{uuid.uuid4().hex[:12]}"
        boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{s3_port}",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
            region_name="us-east-1",
        ).create_bucket(Bucket=bucket)
        stack.start(
            S3_BUCKET=bucket,
            S3_ENDPOINT_URL=f"http://127.0.0.1:{s3_port}",
            S3_ACCESS_KEY_ID="bench",
            S3_SECRET_ACCESS_KEY="bench",
            S3_REGION="us-east-1",
            S3_ADDRESSING_STYLE="path",
        )
        results["s3"] = transfer(stack, cookie, department, label="S3 (moto)")
    finally:
        stack.stop()
        if moto is not None:
            moto.terminate()
    write(Path(args.output), results, args, time.monotonic() - started)
    log(f"wrote {args.output}")
    if queries_large > queries_small:
        log(f"FAIL: the Postfach makes {queries_large} queries at 10 000 documents, {queries_small} at 10")
        return 1
    return 0


def write(path: Path, r: dict, args, duration: float) -> None:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "",
    )
    lines = [
        "# Postfach benchmark",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `.venv/bin/python bench/documents.py` on {os.cpu_count()} "
        f"cores ({cpu}); the stack of bench/run.py (gunicorn from gunicorn.conf.py, a Celery worker), PostgreSQL, "
        "Redis and moto on the same machine. Figures are only comparable on the same machine.",
        "",
        "## The Postfach page (the bench business with 10 000 documents)",
        "",
        f"SQL queries per request: {r['queries'][0]} with 10 documents, {r['queries'][1]} with 10 000 "
        "(session, user, memberships, departments, count, page, the navigation's count of new documents).",
        "",
        f"wrk, {args.connections} connections, 3 slices of {args.seconds} s alternating with the floor (bare 'ok' view). "
        f"Load average of the machine (shared with other work) before and after: {r['load_before']:.1f}, "
        f"{r['load_after']:.1f}.",
        "",
        "| page | req/s | share of floor | p50 ms | p95 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, key in (
        ("Postfach", "page"),
        ("Postfach, search + received only", "search"),
        ("reference: Mein Betrieb", "reference"),
    ):
        res = r[key]
        lines.append(
            f"| {name} | {res['rps']:.0f} | {res['share']:.0%} | {res['p50']:.1f} | {res['p95']:.1f} | {res['errors']} |"
        )
    lines += [
        "",
        f"## A {FILE_MB} MB file through the stack",
        "",
        "Upload: multipart POST as the progress bar sends it (check by content, SHA-256, store). Download: through "
        "the authorising view (receipt, audit event), streamed. Memory: resident set of the gunicorn workers, sampled "
        "every 20 ms; growth = the largest increase of one worker over its size before the step.",
        "",
        "| storage | upload (median of 10) | download (median of 10) | 8 downloads at once | 8 slow clients (2 MB/s) | worker size before | growth: uploads 1st round / 2nd round / one download / 8 at once / 8 slow |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, key in (("directory", "filesystem"), ("S3 (moto)", "s3")):
        res = r[key]
        lines.append(
            f"| {name} | {res['upload_median']:.2f} s ({res['upload_mbps']:.0f} MB/s) | "
            f"{res['download_median'] * 1000:.0f} ms ({res['download_mbps']:.0f} MB/s) | "
            f"{res['parallel_mbps']:.0f} MB/s together | {res['slow_seconds']:.1f} s each | {res['baseline']:.0f} MB | "
            f"{res['upload_growth']:.1f} / {res['second_upload_growth']:.1f} / {res['single_growth']:.1f} / "
            f"{res['parallel_growth']:.1f} / "
            f"{res['slow_growth']:.1f} MB |"
        )
    lines += ["", f"Whole run: {duration / 60:.1f} min.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
