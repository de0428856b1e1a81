from django.core.management.base import BaseCommand

from opendata import services


class Command(BaseCommand):
    help = (
        "Build the open-data files (the downloads of /open-data/) from the published catalogue, now: "
        "after loading data, or from cron. Nothing is written when they are up to date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Build them even when up to date.")

    def handle(self, *args, force=False, **options):
        built = services.published_files_build(force=force)
        if built:
            self.stdout.write(f"Built {len(built)} files: {', '.join(built)}")
        else:
            self.stdout.write("The open-data files are up to date.")
