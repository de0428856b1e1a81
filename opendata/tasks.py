"""Background work of the open-data app (Django's tasks API), queued after each committed change of
the public catalogue (opendata.changes) and by requests that find a file stale."""

from django_tasks import task

from opendata import services


@task()
def build_files():
    """Build the open-data files from the published catalogue as it is now; nothing to do when they
    hold it already. Returns how many files it wrote."""
    return len(services.published_files_build())
