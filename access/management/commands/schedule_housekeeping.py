from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from access import tasks


class Command(BaseCommand):
    help = (
        "Queue the daily housekeeping job of access requests (anonymising, e-mail retries) unless it "
        "is queued already. It queues itself again each day; a running `db_worker` runs it."
    )

    def handle(self, *args, **options):
        # Waiting, now or for its next day (a deferred task is not "ready" yet), or running.
        queued = DBTaskResult.objects.filter(
            task_path=tasks.housekeeping.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        if queued.exists():
            self.stdout.write("The housekeeping job is queued already.")
            return
        tasks.housekeeping.enqueue()
        self.stdout.write("Queued the housekeeping job.")
