"""Makes a realistic synthetic catalogue for benchmarks (see infrastructures.generation).

    python manage.py generate_catalogue --count 100000 --seed 1

`--count` published entries, and by default 10% more that are not published (drafts, in review,
archived). Writes directly with bulk inserts, not through the services: a benchmark tool for a
throwaway database, not a way to add content.
"""

import time

from django.core.management import BaseCommand, CommandError

from infrastructures.generation import (
    PREFIX,
    StillReferenced,
    generate,
    generated_entries,
    generated_organisations,
    remove_generated,
)
from infrastructures.search import refresh_search_index
from rii_catalogue import catalogue_version


def positive(text):
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Generate a synthetic catalogue of N published entries (and unpublished ones) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=positive, required=True, help="Published entries to make.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed makes the same rows.")
        parser.add_argument(
            "--unpublished-share",
            type=float,
            default=0.1,
            help="Entries not published (drafts, in review, archived), as a share of --count.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=f"Delete the entries and organisations of an earlier run (slugs '{PREFIX}...') first.",
        )
        parser.add_argument(
            "--batch-size", type=positive, default=5000, help="Entries built and inserted at once."
        )

    def handle(self, *args, count, seed, unpublished_share, replace, batch_size, **options):
        if not 0 <= unpublished_share <= 10:
            raise CommandError("--unpublished-share is a share of --count between 0 and 10, e.g. 0.1.")
        started = time.perf_counter()
        if replace:
            self.remove()
        elif generated_entries().exists() or generated_organisations().exists():
            raise CommandError(
                f"Generated entries are already there ({generated_entries().count():,} entries with slugs "
                f"starting '{PREFIX}'). Run again with --replace to delete them and generate anew."
            )

        progress = self.stdout.write if options["verbosity"] > 1 else None
        report = generate(
            count=count,
            seed=seed,
            unpublished_share=unpublished_share,
            batch_size=batch_size,
            progress=progress,
        )
        counts, timings = report.counts, report.timings
        self.stdout.write(
            f"Reference rows: {counts['regions']} NUTS-2 regions ({counts['new regions']} new), "
            f"{counts['themes']} themes ({counts['new themes']} new), {counts['funding programmes']} "
            f"funding programmes ({counts['new funding programmes']} new) "
            f"in {timings['reference rows']:.1f} s"
        )
        self.stdout.write(f"Organisations: {counts['organisations']:,} in {timings['organisations']:.1f} s")
        per_second = counts["entries"] / max(timings["entries"], 1e-9)
        self.stdout.write(
            f"Entries: {counts['entries published']:,} published, {counts['entries draft']:,} drafts, "
            f"{counts['entries in_review']:,} in review, {counts['entries archived']:,} archived "
            f"in {timings['entries']:.1f} s ({per_second:,.0f} entries/s)"
        )
        self.stdout.write(
            f"  with {counts['equipment items']:,} equipment items, {counts['access conditions']:,} access "
            f"conditions, {counts['prices']:,} prices, {counts['funding records']:,} funding records, "
            f"{counts['theme links']:,} theme and {counts['operator links']:,} operator links"
        )

        indexing = time.perf_counter()
        refresh_search_index(report.entry_ids)
        catalogue_version.advance()  # pages that keep counts of the public catalogue count again
        self.stdout.write(
            f"Search index: {len(report.entry_ids):,} entries in {time.perf_counter() - indexing:.1f} s"
        )
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s."))

    def remove(self):
        removing = time.perf_counter()
        try:
            ids, deleted = remove_generated()
        except StillReferenced as error:
            raise CommandError(f"Nothing was removed or generated: {error}") from error
        refresh_search_index(ids)  # the removed entries leave the index
        rows = ", ".join(f"{number:,} {name}" for name, number in deleted.items() if number)
        self.stdout.write(
            f"Removed the earlier run: {rows or 'nothing'} in {time.perf_counter() - removing:.1f} s"
        )
