"""bin/bench: how fast the catalogue answers at 1,000, 10,000 and 100,000 published entries, on
SQLite and PostgreSQL, beside Datasette serving the same rows and the raw SQL that returns them.

For each database and size (`run.py`):

1. A fresh database (a SQLite file in .bench/work, or a database in a throwaway PostgreSQL 15
   cluster the command starts and stops, `postgres.py`): migrate, load_seed, generate_catalogue
   --count N --seed 1 (timed), then rebuild_search_index timed on its own (`catalogue.py`).
2. gunicorn serves it as production would: 2 sync workers, debug off (`servers.py`).
3. Datasette, from a virtual environment of its own (.bench/datasette-venv), serves the same
   published rows exported into a SQLite file with an FTS5 index and indexes on the facets
   (`probe.py export-datasette`); its query and facet time limits are raised so nothing is cut short.
4. The cases (`cases.py`), each with its peers: our search page with text and two facets (region
   and kind: the pair with most entries), and with the text alone, beside Datasette's faceted
   table page with `_search`; the same as API JSON; the page without text; the API list of 50,
   first and a deep page, beside Datasette's JSON (a deep page through `_next`); the detail page
   and API detail beside Datasette's row page; the map data; the open-data CSV beside Datasette's
   `?_stream=on` CSV (first byte, total, rows per second, peak memory growth of the worker that
   served it). The raw SQL floor (`floor.py`) runs the SQL that returns the same rows on one open
   connection.
   Each case: one warm-up, then --repeat rounds of one request of each side, interleaved, so that
   whatever else the machine does weighs on all alike. Requests go over HTTP on the loopback, a
   new connection each, accepting gzip, the body read to its end.
5. SQL queries per request of each page, counted by Django's test client (`probe.py queries`):
   they must be the same at every size.
6. A 5,000-row import job: our open-data CSV (the import's layout) with each summary changed,
   through `manage.py import_infrastructures`; then `manage.py build_open_data`, timed.

The tables (`summary.py`, `report.py`) give medians and 95th percentiles in milliseconds, and ours
as a ratio to each peer; they are printed and written as Markdown to --output with the machine,
the versions and the sizes.
"""
