"""bin/load: 50 visitors at once for 60 s against the catalogue served as production serves it, and
with --fault, curators' and companies' writes during a PostgreSQL restart.

1. A throwaway PostgreSQL 15 cluster on a loopback port (`postgres.py`), filled as a region fills
   it: migrate, load_seed, generate_catalogue --count 2000 (`catalogue.py`); the static files
   collected; with --cache redis, a throwaway redis-server as the cache.
2. gunicorn with ./gunicorn.conf.py and production settings (debug off, a generated key; no redirect
   to HTTPS on the loopback), and the job worker (`manage.py db_worker`) as a process of its own.
3. --clients threads (`loadclients.py`), each from a loopback address of its own (the limits per
   address count each apart, as for visitors), keep a connection open and ask, one request after
   another, for the home page, searches with text and facets, entries' pages and the API's list, in
   English and Dutch; popular words, regions and entries more often. The first --warm-up seconds
   are not counted.
4. --fault: writers change draft entries (a regional manager's token) and send access requests
   through the API; half-way the database is stopped (fast) and started again --down-seconds
   later. After the run every acknowledged write is read back from the database.

Printed (`load_report.py`): requests, answers per second, p50/p95/p99 by kind, statuses, 5xx,
connection failures, requests per client (far apart: the server let some connections go first), the
clients' own CPU, the CPU each server process used per answer (on a shared machine, what the same
cores would serve running nothing else), the load average; with --fault, the 500s while the database
was down and outside that time, the seconds to the first 200 and to full service, and the
acknowledged writes lost. The exit status is 1 after a 500, any failure while the database was up,
or a lost write. Every process started here is stopped when the run ends, also on Ctrl-C or SIGTERM.
"""

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

from benchmarks import catalogue, postgres, servers
from benchmarks.load_report import (
    Stored,
    by_kind,
    lost_writes,
    recovery,
    split_by_outage,
    throughput,
)
from benchmarks.loadclients import Reader, Vocabulary, Writer
from benchmarks.run import say

ROOT = catalogue.ROOT
LOAD = ROOT / ".bench" / "load"  # .bench/ is kept out of git
LOGS = LOAD / "logs"  # the servers' logs, a folder per run, kept: a 500's traceback is there
# Loopback ports of our own, so that runs beside the benchmark or the tests do not collide.
POSTGRES_PORTS = range(55490, 55500)
GUNICORN_PORTS = range(8090, 8100)
REDIS_PORTS = range(6390, 6400)
READER_KINDS = ["home", "search", "detail", "api"]
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def arguments(argv):
    parser = argparse.ArgumentParser(prog="bin/load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="visitors at once (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="counted run time (default 60)")
    parser.add_argument(
        "--warm-up", type=float, default=5, help="seconds of load before counting (default 5)"
    )
    parser.add_argument(
        "--entries", type=int, default=2000, help="generated published entries (default 2000)"
    )
    parser.add_argument("--cache", choices=["database", "redis"], default="database", help="Django's cache")
    parser.add_argument("--fault", action="store_true", help="writes, and a database restart half-way")
    parser.add_argument("--writers", type=int, default=2, help="--fault: writing clients (default 2)")
    parser.add_argument("--write-pause", type=float, default=0.2, help="--fault: seconds between writes")
    parser.add_argument("--down-seconds", type=float, default=3, help="--fault: database down this long")
    parser.add_argument(
        "--anonymous-rate", help="API_ANONYMOUS_RATE, per client address (default: the setting's, 120/min)"
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        help="PUBLIC_PAGE_CACHE_SECONDS (0: pages not kept; default: the setting's)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    options = arguments(argv)
    # SIGTERM unwinds like Ctrl-C: gunicorn, the worker, redis and the cluster are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = LOAD / "work"
    postgres.Cluster(work / "postgresql").stop_leftover()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    logs = LOGS / time.strftime("%Y-%m-%d-%H%M%S")
    logs.mkdir(parents=True)
    with ExitStack() as stack:
        say("PostgreSQL cluster")
        cluster = stack.enter_context(postgres.Cluster(work / "postgresql", port=free_port(POSTGRES_PORTS)))
        env = server_environment(catalogue.django_env(cluster.create_database("catalogue"), work), options)
        roots = {"PostgreSQL": cluster.postmaster_pid}
        if options.cache == "redis":
            say("redis-server")
            cache_env, roots["redis"] = stack.enter_context(redis_server(work / "redis", logs))
            env |= cache_env
        say(f"Catalogue: seed and {options.entries:,} generated entries")
        fill(env, options.entries)
        answer = catalogue.probe(env, "setup", options.writers, module="benchmarks.load_probe")
        vocabulary = Vocabulary(**{name: answer[name] for name in Vocabulary.__dataclass_fields__})
        worker = stack.enter_context(
            background("db_worker", job_worker_command(), env, logs / "db_worker.log")
        )
        server = stack.enter_context(gunicorn(env, logs))
        roots |= {"gunicorn": server.process.pid, "job worker": worker.pid}
        say(f"gunicorn on {server.url} ({describe_gunicorn(env)}); {settings_said(env)}")
        outcome = run_load(server, cluster, vocabulary, roots, options)
        problems = print_report(outcome, options)
        if options.fault:
            problems += print_writes(env, outcome["writes"], work)
        say(f"Logs: {logs}")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def free_port(ports):
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"No free loopback port in {ports.start}-{ports.stop - 1}")


def server_environment(env, options):
    env = env | {
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # The writers stand for a regional portal that sends its visitors' requests (10/h per address
        # would stop them); the readers come each from an address of their own (loadclients).
        "ACCESS_REQUEST_RATE": "1000000/h",
        "GUNICORN_BIND": f"127.0.0.1:{free_port(GUNICORN_PORTS)}",
    }
    if options.workers:
        env["GUNICORN_WORKERS"] = str(options.workers)
    if options.threads:
        env["GUNICORN_THREADS"] = str(options.threads)
    if options.anonymous_rate:
        env["API_ANONYMOUS_RATE"] = options.anonymous_rate
    if options.page_cache_seconds is not None:
        env["PUBLIC_PAGE_CACHE_SECONDS"] = str(options.page_cache_seconds)
    return env


def settings_said(env):
    return (
        f"API_ANONYMOUS_RATE={env.get('API_ANONYMOUS_RATE', 'default')} for each client's own address, "
        f"cache {env.get('CACHE_BACKEND', 'database').rsplit('.', 1)[-1]}, "
        f"PUBLIC_PAGE_CACHE_SECONDS={env.get('PUBLIC_PAGE_CACHE_SECONDS', 'default')}"
    )


def fill(env, entries):
    catalogue.manage(env, "migrate", "--noinput", "--verbosity", "0")
    catalogue.manage(env, "load_seed", "--verbosity", "0")
    catalogue.manage(env, "generate_catalogue", "--count", entries, "--seed", 1)
    catalogue.collect_static(env)


def job_worker_command():
    return [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--verbosity", "0"]


@contextmanager
def background(name, command, env, log: Path):
    """A process of our own for the `with` block (its own session: stopping it stops its children)."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def redis_server(directory: Path, logs: Path):
    """A throwaway redis-server on a loopback port, nothing saved to disk; the settings that make it
    Django's cache."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("--cache redis needs redis-server (apt-get install -y redis-server)")
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port(REDIS_PORTS)
    command = [
        binary,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(directory),
    ]
    with background("redis", command, dict(os.environ), logs / "redis.log") as process:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"redis-server did not start; see {logs / 'redis.log'}")
        yield {"CACHE_BACKEND": REDIS_CACHE, "CACHE_LOCATION": f"redis://127.0.0.1:{port}/0"}, process.pid


def gunicorn(env, logs):
    port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
    # ./gunicorn.conf.py is read from the working directory, the repository's root.
    command = [str(Path(sys.executable).parent / "gunicorn"), "rii_catalogue.wsgi"]
    return servers.Server("gunicorn", command, env, logs / "gunicorn.log", "/", port=port)


def describe_gunicorn(env):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--print-config", "rii_catalogue.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = dict(
        (part.strip() for part in line.split("=", 1)) for line in result.stdout.splitlines() if "=" in line
    )
    return ", ".join(f"{name} {said.get(name, '?')}" for name in ("workers", "threads", "worker_class"))


# The run


def run_load(server, cluster, vocabulary, roots, options):
    host, port = "127.0.0.1", server.port
    started = time.monotonic()
    clock = lambda: time.monotonic() - started  # noqa: E731
    deadline = options.warm_up + options.seconds
    readers = [Reader(n, host, port, vocabulary, clock, deadline) for n in range(options.clients)]
    writers = []
    if options.fault:
        entries_each = max(1, len(vocabulary.draft_slugs) // max(1, options.writers))
        run_id = uuid.uuid4().hex[:8]
        writers = [
            Writer(
                n,
                host,
                port,
                vocabulary,
                vocabulary.draft_slugs[n * entries_each : (n + 1) * entries_each],
                run_id,
                clock,
                deadline,
                options.write_pause,
            )
            for n in range(options.writers)
        ]
    outage = {}
    say(
        f"{options.clients} clients{f' and {len(writers)} writers' if writers else ''} for "
        f"{options.warm_up:g} + {options.seconds:g} s"
    )
    for thread in readers + writers:
        thread.start()
    if options.fault:
        fault = threading.Thread(target=_restart, args=(cluster, clock, options, outage), daemon=True)
        fault.start()
    time.sleep(max(0.0, options.warm_up - clock()))
    before = _cpu_now(roots), _own_cpu(), _machine_cpu(), os.getloadavg()
    for thread in readers + writers:
        thread.join(timeout=deadline + 120 - clock())
    if options.fault:
        fault.join(timeout=60)
    after = _cpu_now(roots), _own_cpu(), _machine_cpu(), os.getloadavg()
    counted = [
        sample
        for thread in readers + writers
        for sample in thread.samples
        if sample.started >= options.warm_up
    ]
    return {
        "samples": counted,
        "writes": [write for writer in writers for write in writer.writes],
        "outage": outage,
        "per client": sorted(
            sum(1 for s in reader.samples if s.started >= options.warm_up) for reader in readers
        ),
        "server cpu": {name: after[0][name] - before[0][name] for name in roots},
        "client cpu": after[1] - before[1],
        "machine cpu": _machine_share(before[2], after[2]),
        "load": (before[3], after[3]),
    }


def _restart(cluster, clock, options, outage):
    """Half-way through the counted time: stop the database (fast), wait, start it again."""
    time.sleep(max(0.0, options.warm_up + options.seconds / 2 - clock()))
    outage["down_at"] = clock()
    cluster.stop()
    time.sleep(options.down_seconds)
    cluster.start()
    outage["back_at"] = clock()
    say(f"database stopped at {outage['down_at']:.1f} s, back at {outage['back_at']:.1f} s")


def _cpu_now(roots):
    """CPU seconds used so far by each named process and all its descendants (those that ended too:
    their parent counted them when it reaped them)."""
    stats = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as file:
                    fields = file.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # after the name: state ppid ... utime(12) stime(13) cutime(14) cstime(15), from field 3 on
            stats[int(name)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
    children = {}
    for pid, (parent, _ticks) in stats.items():
        children.setdefault(parent, []).append(pid)
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for label, pid in roots.items():
        root = pid() if callable(pid) else pid
        total, waiting = 0, [root] if root else []
        while waiting:
            current = waiting.pop()
            total += stats.get(current, (0, 0))[1]
            waiting.extend(children.get(current, []))
        used[label] = total / ticks
    return used


def _own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _machine_cpu():
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    with open("/proc/stat") as file:
        values = [int(value) for value in file.readline().split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


def _machine_share(before, after):
    total = after[1] - before[1]
    return (after[0] - before[0]) / total if total else 0.0


# The report


def print_report(outcome, options):
    """Prints the figures; returns what went wrong (a 500, a failure outside a database outage)."""
    samples, seconds = outcome["samples"], options.seconds
    table = by_kind(samples)
    print()
    print(
        f"{len(samples):,} requests in {seconds:g} s: {throughput(samples, seconds):.1f} answers/s "
        f"({options.clients} clients{', with writes and a database restart' if options.fault else ''})"
    )
    print(f"{'kind':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for kind, row in table.items():
        statuses = ", ".join(
            f"{'failed' if status is None else status}: {count}"
            for status, count in sorted(
                row.statuses.items(), key=lambda item: (item[0] is None, item[0] or 0)
            )
        )
        print(f"{kind:<16}{row.requests:>9,}{_ms(row.p50):>9}{_ms(row.p95):>9}{_ms(row.p99):>9}  {statuses}")
    everything = table["all"]
    print(f"5xx: {everything.server_errors}; connection failures: {everything.connection_failures}")
    per_client = outcome["per client"]
    if per_client:
        print(
            f"requests per client: fewest {per_client[0]}, median {per_client[len(per_client) // 2]}, "
            f"most {per_client[-1]}"
        )
    failures = sorted({sample.error for sample in samples if sample.error})
    if failures:
        print(f"  connection failures were: {', '.join(failures)}")
    load_before, load_after = outcome["load"]
    print(
        f"client CPU: {outcome['client cpu'] / seconds:.0%} of one core; the machine's CPU busy "
        f"{outcome['machine cpu']:.0%} (of {os.cpu_count()} cores); load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    _print_cost(outcome, samples, options)
    if options.fault:
        return _print_outage(samples, outcome["outage"])
    failed = sum(1 for sample in samples if sample.failed)
    return [f"{failed} requests failed (5xx or no answer)"] if failed else []


def _print_cost(outcome, samples, options):
    """CPU per answer, of the servers and of our clients: what the figures would be on a machine that
    ran nothing else (other work on a shared machine takes cores, not CPU time from each request)."""
    answered = sum(1 for sample in samples if sample.status is not None)
    if not answered:
        return
    used = outcome["server cpu"]
    parts = ", ".join(f"{name} {seconds * 1000 / answered:.1f}" for name, seconds in used.items())
    server = sum(used.values()) * 1000 / answered
    client = outcome["client cpu"] * 1000 / answered
    restarted = " (PostgreSQL before the restart only)" if options.fault else ""
    print(f"CPU per answer: servers {server:.1f} ms ({parts}){restarted}; clients {client:.1f} ms")
    if not options.fault:
        print(
            f"  so {os.cpu_count()} cores running nothing else would give at most about "
            f"{os.cpu_count() * 1000 / (server + client):.0f} answers/s"
        )


def _print_outage(samples, outage):
    if "back_at" not in outage:
        return ["the database restart did not complete"]
    down_at, back_at = outage["down_at"], outage["back_at"]
    during, outside = split_by_outage(samples, down_at, back_at)
    print(f"Database down {down_at:.1f}-{back_at:.1f} s ({back_at - down_at:.1f} s):")
    print(
        f"  while down: {_count(during, 500)} × 500, {_count(during, 503)} × 503, "
        f"{sum(1 for s in during if s.status is None)} connection failures, "
        f"{sum(1 for s in during if s.status == 200)} × 200"
    )
    print(
        f"  outside that time: {_count(outside, 500)} × 500, "
        f"{sum(1 for s in outside if s.failed)} failed in all"
    )
    after = recovery(samples, back_at, [*READER_KINDS, "write", "access request"])
    print(
        f"  after the database was back: first 200 in {_seconds(after.first_ok)}, full service "
        f"(every kind answering) in {_seconds(after.full_service)}"
        f"{'; never again: ' + ', '.join(after.unrecovered) if after.unrecovered else ''}"
    )
    problems = []
    if _count(during, 500):
        problems.append(f"{_count(during, 500)} × 500 while the database was down (503 expected)")
    if failed_outside := sum(1 for sample in outside if sample.failed):
        problems.append(f"{failed_outside} requests failed while the database was up")
    if after.unrecovered:
        problems.append(f"never answered again: {', '.join(after.unrecovered)}")
    return problems


def print_writes(env, writes, work):
    path = work / "writes.json"
    path.write_text(json.dumps([write.__dict__ for write in writes]))
    answer = catalogue.probe(env, "verify", path, module="benchmarks.load_probe")
    stored = Stored(
        current=answer["current"],
        history={target: set(values) for target, values in answer["history"].items()},
        requests=set(answer["requests"]),
    )
    acknowledged = sum(1 for write in writes if write.acknowledged)
    lost = lost_writes(writes, stored)
    print(f"Writes: {len(writes)} sent, {acknowledged} acknowledged, {len(lost)} acknowledged and lost")
    for write in lost[:10]:
        print(f"  lost: {write.target}: {write.value}")
    problems = [f"{len(lost)} acknowledged writes lost"] if lost else []
    if not acknowledged:
        problems.append("no write was acknowledged: nothing was checked")
    return problems


def _count(samples, status):
    return sum(1 for sample in samples if sample.status == status)


def _ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:,.0f}"


def _seconds(value):
    return "never" if value is None else f"{value:.1f} s"


if __name__ == "__main__":
    sys.exit(main())
