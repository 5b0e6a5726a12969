"""gunicorn settings; sized from the CPU count unless WEB_WORKERS / WEB_THREADS say otherwise."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")  # honcho's PORT is not used: one fixed, documented address
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("WEB_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", 30))
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = "-" if os.environ.get("WEB_ACCESS_LOG", "false").lower() == "true" else None
errorlog = "-"
