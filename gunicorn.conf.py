"""Gunicorn settings for production (read by `gunicorn sustain.wsgi` from this folder, or with
`-c gunicorn.conf.py`). Each value may be overridden by the variable named beside it.

Sizing (a 2-core machine): 2 × cores + 1 worker processes with 4 threads each. Most of a request
is waiting for PostgreSQL or Redis, so threads keep the cores busy; a cached map answer is a few
milliseconds. Each thread holds one database connection (CONN_MAX_AGE): workers × threads must
stay below PostgreSQL's max_connections (100 by default) with room for Celery.
"""

import multiprocessing
import os

bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.getenv("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
worker_class = "gthread"
threads = int(os.getenv("GUNICORN_THREADS", "4"))
# A request still running after this is killed and its worker restarted: the slowest honest one
# is a cold build of the map's GeoJSON at province scale (about a second) or a report download.
timeout = int(os.getenv("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30  # on reload or stop, running requests get this long to finish
keepalive = 5  # seconds an idle keep-alive connection (nginx, a browser) is held open
# Each worker is replaced after this many requests (± the jitter, so they do not all restart at
# once): memory a library holds on to is given back. A replacement costs the requests queued on
# it a few hundred milliseconds (the load benchmark's p99: 449 ms replacing each worker every
# 2,000 requests, 271-296 ms without replacements), so it is rare: at 400 requests a second on 5
# workers, every 2 minutes.
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = int(os.getenv("GUNICORN_MAX_REQUESTS_JITTER", "1000"))
# Django is imported once, in the master, and each worker is a fork of it: a replaced worker does
# not import it again (seconds on a busy machine: replacing each worker every 2,000 requests, the
# load benchmark's p99 went from 1.8 s to 0.57 s, and to 0.45 s with ``when_ready``'s warm-up).
# Nothing opens a database or cache connection at import, so no socket is shared across forks.
# A code deploy needs a restart of gunicorn (not a HUP reload of the workers alone).
preload_app = os.getenv("GUNICORN_PRELOAD", "1") == "1"


def when_ready(server: object) -> None:
    """In the master, before the first fork: the URL resolver, the catalogues and the compiled
    templates are built once and every worker (a replaced one too) starts with them."""
    if preload_app:
        from sustain.warmup import warm_up

        warm_up()


# Only nginx on this machine may say which address and scheme the client used.
forwarded_allow_ips = os.getenv("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.getenv("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.getenv("GUNICORN_LOG_LEVEL", "info")
# Temporary request files in memory, not on a disk that may be slow (container overlay).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
