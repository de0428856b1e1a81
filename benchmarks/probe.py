"""The Django side of the benchmark, run in the benchmarked database's environment as
`python -m benchmarks.probe <command> ...`, answering JSON on stdout (the driver itself never
imports Django: each database and size is a fresh environment).

    choose                      the region and kind to filter by (the pair with most published
                                entries), the entry whose pages are timed, the text queries in the
                                syntax of each database's full-text index (for the raw SQL floor)
    queries NAME=PATH ...       SQL queries per request of each page, through Django's test client
    export-datasette FILE       the published entries, as a search result shows them, into a new
                                SQLite file for Datasette
"""

import json
import math
import os
import sqlite3
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rii_catalogue.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Exists, OuterRef  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from access.models import PriceIndication  # noqa: E402
from infrastructures import analysis, geo  # noqa: E402
from infrastructures.models import Equipment, FundingRecord, Infrastructure  # noqa: E402

TEXT_QUERIES = ["laser", "laser welding"]
API_PAGE_SIZE = 50
DEEPEST_PAGE = 200
EXPORT_BATCH = 2000


def choose():
    published = Infrastructure.objects.published()
    pair = (
        published.order_by()
        .values("region_id", "region__slug", "region__name_en", "kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "region_id", "kind")
        .first()
    )
    total = published.count()
    entry = _fully_described(published)
    return {
        "published": total,
        "entries": Infrastructure.objects.count(),
        "region": {"id": pair["region_id"], "slug": pair["region__slug"], "name": pair["region__name_en"]},
        "kind": pair["kind"],
        "filtered": pair["n"],
        "deep_pages": {"narrowed": deep_page(pair["n"]), "all": deep_page(total)},
        "entry": {"id": entry["pk"], "slug": entry["slug"]},
        "text_queries": {text: full_text_queries(text) for text in TEXT_QUERIES},
        "map_cell": geo.cell_size(geo.DEFAULT_ZOOM, geo.WORLD),
    }


def _fully_described(published):
    """An entry whose detail pages show every section (themes, operators, equipment, access terms
    with prices, funding): the same queries at every size, whichever entry the data puts there.
    The middle one by id, not the first: no luckily cached row."""
    described = published.filter(
        *[
            Exists(model.objects.filter(**{link: OuterRef("pk")}))
            for model, link in [
                (Infrastructure.themes.through, "infrastructure"),
                (Infrastructure.operators.through, "infrastructure"),
                (Equipment, "infrastructure"),
                (PriceIndication, "access_condition__infrastructure"),
                (FundingRecord, "infrastructure"),
            ]
        ]
    )
    entries = described if described.exists() else published
    return entries.order_by("pk").values("pk", "slug")[entries.count() // 2]


def deep_page(count):
    """Page 200 of the API's pages of 50, or the last when there are fewer."""
    return max(1, min(DEEPEST_PAGE, math.ceil(count / API_PAGE_SIZE)))


def full_text_queries(text):
    """The query as infrastructures.search writes plain words for each index: every word must match,
    as any of its English and Dutch stems, as a prefix when long enough."""
    words = analysis.parse(text).words

    def each(word, form):
        return [form(stem, analysis.prefixable(stem)) for stem in analysis.stems(word)]

    tsquery = " & ".join(
        "(" + " | ".join(each(word, lambda stem, prefix: f"{stem}:*" if prefix else stem)) + ")"
        for word in words
    )
    fts5 = " AND ".join(
        "(" + " OR ".join(each(word, lambda stem, prefix: f'"{stem}"*' if prefix else f'"{stem}"')) + ")"
        for word in words
    )
    return {"postgresql": tsquery, "sqlite": fts5}


def queries(pairs):
    """Each page as an anonymous visitor sees it, counted the second time (the first fills what a
    running server keeps cached); a download once, read to its end (its chunks are queries too)."""
    client = Client(raise_request_exception=False)  # a failing page is a 500 in the table, not the end
    counts = {}
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for pair in pairs:
            name, path = pair.split("=", 1)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
                if response.streaming:  # a download: once, to its end
                    for _block in response.streaming_content:
                        pass
                    response.close()
            if not response.streaming:  # a page: again, warm
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
            counts[name] = {"queries": len(captured), "status": response.status_code}
    return counts


EXPORT_COLUMNS = {
    "id": "INTEGER PRIMARY KEY",  # the rowid: Datasette's row page /db/table/<id>
    "slug": "TEXT",
    "name_en": "TEXT",
    "name_nl": "TEXT",
    "summary_en": "TEXT",
    "summary_nl": "TEXT",
    "kind": "TEXT",
    "region": "TEXT",
    "owner": "TEXT",
    "city": "TEXT",
    "latitude": "REAL",
    "longitude": "REAL",
    "keywords": "TEXT",
    "themes": "TEXT",
}


def export_datasette(path):
    """The columns a search result shows, in batches: memory stays flat at 100,000 entries."""
    entries = (
        Infrastructure.objects.published()
        .select_related("owner", "region")
        .prefetch_related("themes")
        .order_by("pk")
        .iterator(chunk_size=EXPORT_BATCH)
    )
    target = sqlite3.connect(path)
    columns = ", ".join(f"{name} {kind}" for name, kind in EXPORT_COLUMNS.items())
    target.execute(f"CREATE TABLE infrastructures ({columns})")
    insert = f"INSERT INTO infrastructures VALUES ({', '.join('?' * len(EXPORT_COLUMNS))})"
    batch, written = [], 0
    for entry in entries:
        batch.append(_export_row(entry))
        if len(batch) == EXPORT_BATCH:
            target.executemany(insert, batch)
            written, batch = written + len(batch), []
    target.executemany(insert, batch)
    target.commit()
    target.close()
    return {"rows": written + len(batch)}


def _export_row(entry):
    def number(value):
        return None if value is None else float(value)

    return (
        entry.pk,
        entry.slug,
        entry.name_en,
        entry.name_nl,
        entry.summary_en,
        entry.summary_nl,
        entry.kind,
        entry.region.name_en,
        entry.owner.name_en,
        entry.city,
        number(entry.latitude),
        number(entry.longitude),
        entry.keywords,
        ", ".join(theme.name_en for theme in entry.themes.all()),
    )


def main(arguments):
    command, *rest = arguments
    if command == "choose":
        answer = choose()
    elif command == "queries":
        answer = queries(rest)
    elif command == "export-datasette":
        answer = export_datasette(rest[0])
    else:
        raise SystemExit(f"unknown command {command!r}")
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
