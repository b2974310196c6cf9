"""Gunicorn settings for production (read by `gunicorn sustain.wsgi` from this folder, or with
`-c gunicorn.conf.py`). Each value may be overridden by the variable named beside it.

Sizing: one worker process per core, each with 2 threads. Measured with the load benchmark
(50 clients asking the cached public answers, this 2-core machine, 60 s): 2 workers × 2 threads
answered 345-352 requests a second with a p99 of 235-265 ms; 3 × 2, 330/s and 322 ms; 5 × 4
(2 × cores + 1, the usual advice for requests that mostly wait), 313/s and 663 ms. A cached answer
is a few milliseconds of Python: more processes than cores only take turns on them, and a request
preempted by another process waits a whole time slice. The second thread keeps a core busy while
the first waits for PostgreSQL or Redis. Slow requests (a cold build of the province's GeoJSON, a
report) hold one thread: a larger machine, or one that serves many reports, can raise
``GUNICORN_THREADS``. Each thread holds one database connection (CONN_MAX_AGE): workers ×
threads must stay below PostgreSQL's max_connections (100 by default) with room for Celery.
"""

import gc
import multiprocessing
import os

bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.getenv("GUNICORN_WORKERS", str(max(2, multiprocessing.cpu_count()))))
worker_class = "gthread"
threads = int(os.getenv("GUNICORN_THREADS", "2"))
# A request still running after this is killed and its worker restarted: the slowest honest one
# is a cold build of the map's GeoJSON at province scale (about a second) or a report download.
timeout = int(os.getenv("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30  # on reload or stop, running requests get this long to finish
keepalive = 5  # seconds an idle keep-alive connection (nginx, a browser) is held open
# Each worker is replaced after this many requests (± the jitter, so they do not all restart at
# once): memory a library holds on to is given back. A replacement is a fork of the warmed master
# (below), so it costs little: at 350 requests a second on 2 workers each is replaced about once a
# minute, and the load benchmark's p99 stayed at 235-265 ms through the replacements.
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
        # What the master holds now (Django, the libraries, the catalogues, the templates) stays
        # for good: out of the cycle collector's sight, so a worker's full collection walks only
        # what it made itself (a collection walking everything stalled every thread of that
        # worker), and its pages are not copied on write by the collector touching them.
        gc.collect()
        gc.freeze()


# Only nginx on this machine may say which address and scheme the client used.
forwarded_allow_ips = os.getenv("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.getenv("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.getenv("GUNICORN_LOG_LEVEL", "info")
# Temporary request files in memory, not on a disk that may be slow (container overlay).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
