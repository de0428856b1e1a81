"""gunicorn's settings for the catalogue; gunicorn reads ./gunicorn.conf.py from the directory it
starts in, so `gunicorn rii_catalogue.wsgi` is the whole command. Each figure can be changed from
the environment (GUNICORN_*), as Django's settings are.

Measured with bin/load on 2 cores, PostgreSQL on the same machine, 50 clients: sync workers, 2 per
core and one more. Threads (gthread, 3 processes of 4) did not serve more: the requests are short
and use the CPU, which threads of one process share under the GIL; and a gthread worker serves the
connection that just sent a request before those waiting, so some clients got 20 times as many
answers as others (p95 of every page 1.5 to 2 times that of sync workers). Sync workers need a
buffering proxy in front (nginx does), or a slow client would hold a worker.
"""

import os
from pathlib import Path


def _cores():
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (a container's limit)
    except AttributeError:
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Processes: two per core, so that one waits for PostgreSQL or the cache while the other computes,
# and one more for the one being replaced (max_requests below). GUNICORN_THREADS above 1 switches to
# gthread workers, worth measuring when the database is on another machine (longer waits to overlap).
# Each process (each thread) that reaches the database holds a connection of its own: PostgreSQL's
# max_connections must exceed workers * threads, plus the job worker and the health checks.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * _cores() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# A request that runs for 30 s is stuck (the slowest page takes well under a second): its worker is
# killed and replaced. On a restart or a deploy, a worker gets that long to finish what it serves.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
# gthread only (a sync worker closes each connection after its answer): seconds an idle connection
# of the proxy is kept open.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# A worker is replaced after this many requests (plus up to 10% at random, so that they are not
# all replaced at once): memory that a library holds on to does not grow without end.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Which addresses may tell gunicorn the request came over HTTPS (X-Forwarded-Proto): the reverse
# proxy's. Django reads the header itself (SECURE_PROXY_SSL_HEADER, DJANGO_BEHIND_PROXY).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Each request is logged once, as JSON, by the catalogue itself (with its request id, user and
# duration); gunicorn's own access log would say it twice. "-" writes it to stdout.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The workers' heartbeat file in memory: on a disk-backed /tmp, a slow disk would stall them.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# gunicorn 25+ opens a control socket (for gunicornc) at one path per user: a second gunicorn of the
# same user on the machine would take it over. Off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

# Not preloaded: each worker imports the app itself, so `kill -HUP <master>` brings new code in with
# new workers while the socket stays open (a preloaded app is fixed in the master until it restarts).
# Preloading would share some memory between workers after fork (a part of about 60 MB each).
preload_app = False
