"""The import page as a curator uses it: upload, let the check job run, read the job's page."""

import io

from django.test import TestCase
from django.urls import reverse


def run_after_commit():
    """Run what a request queues after its commit (the job), as the real commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def upload(client, content, name="entries.csv"):
    """Post a file to the import page; the check job runs; returns the job's page (or the refusal)."""
    file = io.BytesIO(content)
    file.name = name
    with run_after_commit():
        response = client.post(reverse("curation:import"), {"file": file})
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


def confirm(client, job_page):
    """Press "Import now" on a checked job's page; the import job runs; returns the job's page."""
    with run_after_commit():
        response = client.post(job_page.request["PATH_INFO"])
    assert response.status_code == 302
    return client.get(response["Location"])


def page_text(response):
    """The words of a page's main part, for a failing assertion to show."""
    import re

    html = response.content.decode()
    main = html[html.find("<main") :] if "<main" in html else html
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())[:4000]
