"""Files of old jobs: uploads never confirmed and exports already fetched take disk space."""

from datetime import timedelta

from django.core.management import BaseCommand
from django.utils import timezone

from infrastructures.models import Job


class Command(BaseCommand):
    help = "Delete the files (and records) of jobs older than --days (default 7). Run it daily."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        old = Job.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
        deleted = 0
        for job in old.iterator():
            for file in (job.upload, job.output):
                if file:
                    file.delete(save=False)
            job.delete()
            deleted += 1
        self.stdout.write(f"Deleted {deleted} jobs older than {days} days, with their files.")
