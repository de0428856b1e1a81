"""Health endpoints for load balancers and monitoring (django-health-check).

- /health/live: the process answers. Nothing else is asked, so a database outage does not make
  the load balancer restart healthy web processes.
- /health/ready: every database alias (the read replica too, when configured), the default cache
  and the job queue's table answer. 503 takes the process out of rotation until they do.
- /health/worker: for monitoring, not the load balancer: 503 when jobs have waited longer than
  JOB_QUEUE_STALL_MINUTES to be picked up, which means no `db_worker` is running.

200 or 503 (the library answers 500), plain text or JSON (`Accept: application/json`). A check
says "ok" or "unavailable" and nothing more: a driver's message names hosts and ports."""

import dataclasses
import datetime
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, router
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.module_loading import import_string
from django.views import View
from django.views.decorators.cache import never_cache
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import HealthCheckException, ServiceUnavailable

logger = logging.getLogger("rii_catalogue.health")
RETRY_AFTER_SECONDS = 5


def _queue_in_database():
    return any(
        issubclass(import_string(task["BACKEND"]), DatabaseBackend) for task in settings.TASKS.values()
    )


def _queue():
    # The primary, where jobs are written and taken: a replica may lag behind it.
    return DBTaskResult.objects.using(router.db_for_write(DBTaskResult))


@dataclasses.dataclass
class Cache(HealthCheck):
    """A value written to the cache is read back (the library's check is asynchronous only; the
    database cache's database being down is "unavailable", not an unexpected error)."""

    alias: str = "default"
    name = "cache"

    def run(self):
        key = f"health-check-{uuid.uuid4().hex}"
        try:
            cache = caches[self.alias]
            cache.set(key, "ok", 10)
            answered = cache.get(key)
            cache.delete(key)
        except Exception as error:  # a cache backend raises its own client's errors
            raise ServiceUnavailable("unavailable") from error
        if answered != "ok":
            raise ServiceUnavailable("unavailable")


@dataclasses.dataclass
class JobQueue(HealthCheck):
    """The job queue's table answers (django-tasks-db keeps the queue in the database)."""

    name = "job_queue"

    def run(self):
        try:
            _queue().exists()
        except DatabaseError as error:
            raise ServiceUnavailable("unavailable") from error


@dataclasses.dataclass
class JobWorker(HealthCheck):
    """No job has waited to be picked up for longer than `stall_after`."""

    stall_after: datetime.timedelta
    name = "job_worker"

    def run(self):
        cutoff = timezone.now() - self.stall_after
        # A job is due when queued, or at its run_after (the latest possible date when it has none).
        overdue = Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
        try:
            stalled = _queue().filter(overdue, status=TaskResultStatus.READY).exists()
        except DatabaseError as error:
            raise ServiceUnavailable("unavailable") from error
        if stalled:
            raise ServiceUnavailable("stalled")


class HealthView(View):
    """django-health-check's checks, run one after the other in the request's thread and on its
    connections (the library's view gathers them in an event loop, which a sync server gains nothing
    from and a thread with a running loop cannot call), answering 503 rather than 500."""

    def get_checks(self):
        return ()  # the process answers; subclasses add theirs

    @method_decorator(never_cache)
    def get(self, request, *args, **kwargs):
        failed = {_name(check): _failed(check) for check in self.get_checks()}
        healthy = not any(failed.values())
        body = {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: "unavailable" if error else "ok" for name, error in failed.items()},
        }
        status = 200 if healthy else 503
        for name, state in body["checks"].items():
            if state != "ok":  # one line, no traceback: load balancers probe every few seconds
                logger.warning("Health check %s: %s", name, state, extra={"path": request.path})
        if request.GET.get("format") == "json" or "application/json" in request.headers.get("Accept", ""):
            response = JsonResponse(body, status=status)
        else:
            lines = [body["status"], *(f"{name}: {state}" for name, state in body["checks"].items())]
            response = HttpResponse(
                "\n".join(lines) + "\n", status=status, content_type="text/plain; charset=utf-8"
            )
        if not healthy:
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response._has_been_logged = True  # Django would log a 503 again, as an error
        return response


class ReadyView(HealthView):
    def get_checks(self):
        for alias in connections:
            yield checks.Database(alias=alias)
        yield Cache(alias="default")
        if _queue_in_database():
            yield JobQueue()


class WorkerView(HealthView):
    def get_checks(self):
        if _queue_in_database():
            yield JobWorker(stall_after=datetime.timedelta(minutes=settings.JOB_QUEUE_STALL_MINUTES))


def _failed(check):
    """True when the check says its service is not there (or fails in a way it did not foresee)."""
    try:
        check.run()
    except HealthCheckException:
        return True
    except Exception:
        logger.exception("Health check %s failed unexpectedly", _name(check))
        return True
    return False


def _name(check):
    alias = getattr(check, "alias", None)
    kind = getattr(check, "name", type(check).__name__.lower())
    return f"{kind}:{alias}" if alias else kind


live = HealthView.as_view()  # no checks: the process answers
ready = ReadyView.as_view()
worker = WorkerView.as_view()
