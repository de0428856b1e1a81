"""A synthetic catalogue for benchmarks: `python manage.py generate_catalogue --count N --seed S`.

A benchmark tool for a throwaway database. It writes straight into the tables, many rows per INSERT
and a batch of entries at a time (`inserting.Table`), and does not go through the services: they
validate, lock, tag each change for the history and queue an open-data build row by row, which a
curator's write needs and 100,000 generated entries do not. So the generated rows have no history
and no publication events, and the open-data files are not rebuilt (`manage.py build_open_data`);
the search index is (the command refreshes it at the end).

Generated entries and organisations have slugs starting with "gen-" (never the seed's). The rows
they need around them are real: NUTS-2 regions with their codes (reused when a region with the code
exists), the catalogue's themes (a set of real domain themes when it has none), its funding
programmes and the 2021-2027 programmes (created when missing).
"""

from infrastructures.generation.building import PREFIX, Report, generate
from infrastructures.generation.removal import (
    StillReferenced,
    generated_entries,
    generated_organisations,
    remove_generated,
)

__all__ = [
    "PREFIX",
    "Report",
    "StillReferenced",
    "generate",
    "generated_entries",
    "generated_organisations",
    "remove_generated",
]
