"""Times the public search page on a catalogue of generated entries (a benchmark, not a test).

    python manage.py benchmark_search --entries 10000

Run it on a throwaway database (bin/benchmark-search makes one): it adds the entries, with slugs
starting "bench-", and removes them afterwards unless --keep. Each query is requested --repeat
times through Django's test client (URL routing, middleware, templates and all queries) after
one warm-up; the table gives the median, the 95th percentile and the slowest time.
"""

import random
import re
import statistics
import time

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from infrastructures.models import Infrastructure, Organisation, Theme
from infrastructures.search import refresh_search_index
from regions.models import Region

PREFIX = "bench-"
FOUND = re.compile(r"([\d,]+) infrastructures? found")
QUERIES = ["laser", "pilot line", "pilootlijnen", "cleanroom sensors", "fotonica", "hydrogn", "3D printing"]
# (English, Dutch) words the generated names and summaries are made of.
WORDS = [
    ("laser", "laser"),
    ("pilot line", "pilootlijn"),
    ("cleanroom", "cleanroom"),
    ("sensors", "sensoren"),
    ("photonics", "fotonica"),
    ("battery", "batterij"),
    ("hydrogen", "waterstof"),
    ("microscopy", "microscopie"),
    ("robotics", "robotica"),
    ("3D printing", "3D-printen"),
    ("test bed", "testomgeving"),
    ("wind tunnel", "windtunnel"),
    ("food processing", "voedingsverwerking"),
    ("composites", "composieten"),
    ("welding", "lassen"),
    ("drones", "drones"),
    ("greenhouse", "serre"),
    ("packaging", "verpakking"),
    ("machine learning", "machinaal leren"),
    ("materials", "materialen"),
]


class Command(BaseCommand):
    help = "Time the search page on generated entries (use a throwaway database)."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--keep", action="store_true", help="Leave the generated entries in place.")

    def handle(self, *args, entries, repeat, keep, **options):
        if Infrastructure.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("Generated entries are already there; remove them or use a fresh database.")
        started = time.perf_counter()
        generated = self.generate(entries)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Generated and indexed {generated} entries in {elapsed:.1f} s.")
        try:
            self.time_queries(repeat)
        finally:
            if not keep:
                Infrastructure.objects.filter(slug__startswith=PREFIX).delete()
                Organisation.objects.filter(slug__startswith=PREFIX).delete()

    @transaction.atomic
    def generate(self, count):
        randomly = random.Random(7)
        region = Region.objects.order_by("pk").first()
        if region is None:
            raise CommandError("Load the seed first (python manage.py load_seed).")
        owners = Organisation.objects.bulk_create(
            Organisation(
                slug=f"{PREFIX}owner-{n}",
                name_en=f"Research centre {n}",
                kind="research_centre",
                region=region,
            )
            for n in range(max(1, count // 50))
        )
        themes = list(Theme.objects.all())
        entries = []
        for n in range(count):
            first, second = randomly.sample(WORDS, 2)
            entries.append(
                Infrastructure(
                    slug=f"{PREFIX}{n}",
                    name_en=f"{first[0].capitalize()} {second[0]} lab {n}",
                    name_nl=f"Labo {first[1]} en {second[1]} {n}",
                    summary_en=f"Shared {first[0]} equipment for companies working on {second[0]}.",
                    summary_nl=f"Gedeelde {first[1]}-apparatuur voor bedrijven rond {second[1]}.",
                    kind=randomly.choice(Infrastructure.Kind.values),
                    owner=randomly.choice(owners),
                    region=region,
                    publication_state=Infrastructure.PublicationState.PUBLISHED,
                    latitude=round(randomly.uniform(50.7, 53.2), 5),
                    longitude=round(randomly.uniform(3.0, 6.9), 5),
                )
            )
        entries = Infrastructure.objects.bulk_create(entries, batch_size=1000)
        links = Infrastructure.themes.through
        links.objects.bulk_create(
            (links(infrastructure=entry, theme=randomly.choice(themes)) for entry in entries if themes),
            batch_size=1000,
        )
        refresh_search_index([entry.pk for entry in entries])
        return len(entries)

    def time_queries(self, repeat):
        client = Client()
        self.stdout.write(f"{'query':<22}{'found':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        every = []
        # Static file URLs without collectstatic's manifest: the benchmark times pages, not files.
        storages = settings.STORAGES | {
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        }
        with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
            for query in QUERIES:
                response = client.get("/search/", {"q": query})  # warm-up, and the count
                if response.status_code != 200:
                    raise CommandError(f"{query!r} answered {response.status_code}")
                found = int(FOUND.search(response.content.decode()).group(1).replace(",", ""))
                timings = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    client.get("/search/", {"q": query})
                    timings.append((time.perf_counter() - started) * 1000)
                every.extend(timings)
                self.stdout.write(f"{query:<22}{found:>8}{self.row(timings)}")
        self.stdout.write(f"{'all queries':<22}{'':>8}{self.row(every)}")

    @staticmethod
    def row(timings):
        ordered = sorted(timings)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return f"{statistics.median(ordered):>9.0f}{p95:>9.0f}{ordered[-1]:>9.0f}"
