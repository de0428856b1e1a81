"""The Django side of bin/load, run in the loaded database's environment as
`python -m benchmarks.load_probe <command> ...`, answering JSON on stdout (the driver itself never
imports Django, as benchmarks.probe for bin/bench).

    setup WRITERS        what the clients ask for: the words, regions and kinds that find published
                         entries, the slugs of published entries, and for the writers a regional
                         manager's API token with draft entries of that manager's region to change
    verify WRITES-FILE   what the database holds of the writes listed in the file (JSON): each
                         entry's summary now and every summary its history recorded, and the access
                         requests that carry the run's values
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rii_catalogue.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db.models import Count  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from access.models import AccessRequest  # noqa: E402
from infrastructures.models import Infrastructure  # noqa: E402
from regions import roles  # noqa: E402
from regions.models import RegionAssignment  # noqa: E402

# Words of generate_catalogue's topics (infrastructures/generation/vocabulary.py); those that find
# nothing in the loaded catalogue are left out.
WORDS = [
    "laser",
    "welding",
    "photonics",
    "battery",
    "hydrogen",
    "robotics",
    "microscopy",
    "sensors",
    "printing",
    "coatings",
    "semiconductors",
    "drones",
    "genomics",
    "recycling",
    "packaging",
    "polymers",
]
SLUGS = 500  # published entries whose pages the clients visit
CURATOR = "load-curator"
ENTRIES_PER_WRITER = 3


def setup(writers):
    published = Infrastructure.objects.published()
    regions = list(
        published.order_by()
        .values_list("region__slug", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n", "region__slug")
    )
    kinds = list(
        published.order_by().values_list("kind", flat=True).annotate(n=Count("pk")).order_by("-n", "kind")
    )
    words = [word for word in WORDS if published.filter(name_en__icontains=word).exists()]
    total = published.count()
    step = max(1, total // SLUGS)
    slugs = list(published.order_by("pk").values_list("slug", flat=True)[::step][:SLUGS])
    return {
        "published": total,
        "regions": regions,
        "kinds": kinds,
        "words": words,
        "slugs": slugs,
        **_curator(writers),
    }


def _curator(writers):
    """A regional manager of the region with most drafts, its token, and drafts for each writer to
    change (drafts: a change of one does not change what the public sees)."""
    drafts = Infrastructure.objects.filter(publication_state=Infrastructure.PublicationState.DRAFT)
    busiest = drafts.order_by().values("region").annotate(n=Count("pk")).order_by("-n", "region").first()
    if busiest is None:
        return {"token": None, "draft_slugs": []}
    user, _created = get_user_model().objects.get_or_create(
        username=CURATOR, defaults={"email": "load-curator@example.org", "is_staff": True}
    )
    user.groups.add(Group.objects.get_or_create(name=roles.REGIONAL_MANAGER)[0])
    RegionAssignment.objects.get_or_create(user=user, region_id=busiest["region"])
    token, _created = Token.objects.get_or_create(user=user)
    wanted = writers * ENTRIES_PER_WRITER
    draft_slugs = list(
        drafts.filter(region_id=busiest["region"]).order_by("pk").values_list("slug", flat=True)
    )
    return {"token": token.key, "draft_slugs": draft_slugs[:wanted]}


def verify(path):
    with open(path) as file:
        writes = json.load(file)
    slugs = sorted(
        {write["target"].removeprefix("entry ") for write in writes if write["target"] != "access request"}
    )
    entries = Infrastructure.objects.filter(slug__in=slugs)
    current = {f"entry {slug}": summary for slug, summary in entries.values_list("slug", "summary_en")}
    history = {}
    for slug, summary in Infrastructure.history.filter(slug__in=slugs).values_list("slug", "summary_en"):
        history.setdefault(f"entry {slug}", set()).add(summary)
    values = [write["value"] for write in writes if write["target"] == "access request"]
    requests = list(AccessRequest.objects.filter(need__in=values).values_list("need", flat=True))
    return {
        "current": current,
        "history": {target: sorted(summaries) for target, summaries in history.items()},
        "requests": requests,
    }


def main(arguments):
    command, *rest = arguments
    if command == "setup":
        answer = setup(int(rest[0]))
    elif command == "verify":
        answer = verify(rest[0])
    else:
        raise SystemExit(f"unknown command {command!r}")
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
