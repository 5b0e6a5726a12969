"""gunicorn settings; sized from the CPU count unless WEB_WORKERS / WEB_THREADS say otherwise."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")  # honcho's PORT is not used: one fixed, documented address
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("WEB_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", 30))
keepalive = 5
# Workers are replaced after this many requests (a guard against slow leaks). Each replacement costs a
# fresh Django start and cold template and fragment caches, about 1.5 s of CPU on 2 cores: at 5 000 a
# worker under full load was replaced every half minute.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10
accesslog = "-" if os.environ.get("WEB_ACCESS_LOG", "false").lower() == "true" else None
errorlog = "-"
