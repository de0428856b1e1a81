"""Health endpoints for load balancers and monitoring (django-health-check).

- /health/live: the process answers. Nothing else is asked, so a database outage does not make
  the load balancer restart healthy web processes.
- /health/ready: every database alias (the read replica too, when configured), the default cache
  and the job queue's table answer. 503 takes the process out of rotation until they do.
- /health/worker: for monitoring, not the load balancer: 503 when jobs have waited longer than
  JOB_QUEUE_STALL_MINUTES to be picked up, which means no `db_worker` is running.

200 or 503 (the library answers 500), plain text or JSON (`Accept: application/json`). A check
says "ok" or "unavailable" and nothing more: a driver's message names hosts and ports."""

import asyncio
import dataclasses
import datetime
import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, connections, router
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

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
class Cache(checks.Cache):
    """The library's cache check, also for the database cache while its database is down (the
    library would report that as an unexpected error, with a traceback at every probe)."""

    async def run(self):
        try:
            await super().run()
        except DatabaseError as error:
            raise ServiceUnavailable("unavailable") from error


@dataclasses.dataclass
class JobQueue(HealthCheck):
    """The job queue's table answers (django-tasks-db keeps the queue in the database)."""

    name = "job_queue"

    async def run(self):
        # In the request's thread, on its connection (Django closes it), not in an executor thread.
        await sync_to_async(self.probe)()

    def probe(self):
        try:
            _queue().exists()
        except DatabaseError as error:
            raise ServiceUnavailable("unavailable") from error


@dataclasses.dataclass
class JobWorker(HealthCheck):
    """No job has waited to be picked up for longer than `stall_after`."""

    stall_after: datetime.timedelta
    name = "job_worker"

    async def run(self):
        await sync_to_async(self.probe)()

    def probe(self):
        cutoff = timezone.now() - self.stall_after
        # A job is due when queued, or at its run_after (the latest possible date when it has none).
        overdue = Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
        try:
            stalled = _queue().filter(overdue, status=TaskResultStatus.READY).exists()
        except DatabaseError as error:
            raise ServiceUnavailable("unavailable") from error
        if stalled:
            raise ServiceUnavailable("stalled")


class HealthView(HealthCheckView):
    """django-health-check's view, answering 503 rather than 500, in text or JSON only."""

    checks = ()  # the process answers; subclasses add theirs

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        healthy = not any(result.error for result in results)
        body = {
            "status": "ok" if healthy else "unavailable",
            "checks": {_name(result.check): "unavailable" if result.error else "ok" for result in results},
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


def _name(check):
    alias = getattr(check, "alias", None)
    kind = getattr(check, "name", type(check).__name__.lower())
    return f"{kind}:{alias}" if alias else kind


live = HealthView.as_view()  # no checks: the process answers
ready = ReadyView.as_view()
worker = WorkerView.as_view()
