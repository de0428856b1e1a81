"""The floor: for each of our pages, the SQL that returns the same rows, run straight against our
database with sqlite3 or psycopg2 on one open connection. No framework, templates or HTTP: what
is left is what the database itself needs, so "ours / SQL" says how much our stack adds.

The tables and columns are the catalogue's (Django's names), written out so a reader sees the SQL.
"""

import csv
import sqlite3
import time
from urllib.parse import urlsplit

import psycopg2

from benchmarks.fetch import Sample

RESULTS_PER_PAGE = 20  # the search page
ENTRIES = "infrastructures_infrastructure i"
JOINS = "JOIN regions_region r ON r.id = i.region_id JOIN infrastructures_organisation o ON o.id = i.owner_id"
FROM = f"{ENTRIES} {JOINS}"
PUBLISHED = "i.publication_state = 'published'"
FILTERED = PUBLISHED + " AND i.region_id = %s AND i.kind = %s"
# What a result card shows, its themes joined into one text.
CARD = "i.id, i.slug, i.name_en, i.name_nl, i.summary_en, i.kind, r.name_en, o.name_en, i.city, {themes}"
THEMES = (
    "(SELECT {join}(t.{column}, ', ') FROM infrastructures_infrastructure_themes l"
    " JOIN infrastructures_theme t ON t.id = l.theme_id WHERE l.infrastructure_id = i.id)"
)
OPERATORS = (
    "(SELECT {join}(p.slug, ', ') FROM infrastructures_infrastructure_operators l"
    " JOIN infrastructures_organisation p ON p.id = l.organisation_id WHERE l.infrastructure_id = i.id)"
)
# The open-data CSV's columns (infrastructures.columns.INFRASTRUCTURES), related rows by slug.
ROW = (
    "i.slug, i.name_en, i.name_nl, i.acronym, i.summary_en, i.summary_nl, i.description_en, "
    "i.description_nl, i.kind, i.status, o.slug, {operators}, r.slug, i.street_address, i.postal_code, "
    "i.city, i.latitude, i.longitude, {themes}, i.keywords, i.trl_min, i.trl_max, i.website, "
    "i.contact_name, i.contact_email, i.contact_phone, i.last_reviewed_on, i.version"
)
# Where the two databases differ: the full-text index (an FTS5 table beside the entries, or a
# tsvector column on them) and the name of the string aggregate. On SQLite the search reads the
# matches first (CROSS JOIN keeps that order whatever the statistics say), then their entries;
# FTS5 wants its table's own name, not an alias, on the left of MATCH.
DIALECTS = {
    "sqlite": {
        "search_from": (
            f"infrastructures_search CROSS JOIN {ENTRIES} ON i.id = infrastructures_search.rowid {JOINS}"
        ),
        "matches": "infrastructures_search MATCH %s",
        "rank": "infrastructures_search.rank",  # bm25 with the columns' weights: lower is better
        "aggregate": "group_concat",
    },
    "postgresql": {
        "search_from": FROM,
        "matches": "i.search_vector @@ to_tsquery('simple', %s)",
        "rank": "ts_rank(i.search_vector, to_tsquery('simple', %s)) DESC",
        "aggregate": "string_agg",
    },
}


class Floor:
    def __init__(self, database_url, choices):
        self.vendor = "postgresql" if database_url.startswith("postgres") else "sqlite"
        self.choices = choices
        self.dialect = DIALECTS[self.vendor]
        join = self.dialect["aggregate"]
        self.themes = THEMES.format(join=join, column="name_en")
        self.row = ROW.format(
            operators=OPERATORS.format(join=join), themes=THEMES.format(join=join, column="slug")
        )
        if self.vendor == "postgresql":
            self.connection = psycopg2.connect(database_url)
        else:
            self.connection = sqlite3.connect(urlsplit(database_url).path)

    def close(self):
        self.connection.close()

    def _sql(self, sql):
        return sql.replace("%s", "?") if self.vendor == "sqlite" else sql

    def _rows(self, sql, parameters):
        cursor = self.connection.cursor()
        cursor.execute(self._sql(sql), parameters)
        rows = cursor.fetchall()
        cursor.close()
        return rows

    def _timed(self, *queries, counted=False):
        """Run (sql, parameters) pairs in order. The sample's rows: with `counted`, the count the
        last query returns (how many a visitor is told were found), else the first query's rows."""
        started = time.perf_counter()
        results = [self._rows(sql, parameters) for sql, parameters in queries]
        rows = results[-1][0][0] if counted else len(results[0])
        total = time.perf_counter() - started
        self.connection.rollback()  # reads only; no transaction stays open between samples
        return Sample(first_byte=total, total=total, rows=rows)

    def _filters(self):
        return [self.choices["region"]["id"], self.choices["kind"]]

    def _where(self, narrowed):
        return (FILTERED, self._filters()) if narrowed else (PUBLISHED, [])

    # The cases

    def search(self, text, narrowed=True, limit=RESULTS_PER_PAGE):
        """Published entries (of the region and kind) matching the text, best first, and how many."""
        match = self.choices["text_queries"][text][self.vendor]
        where, parameters = self._where(narrowed)
        where = f"{where} AND {self.dialect['matches']}"
        rank_parameters = [match] if "%s" in self.dialect["rank"] else []
        tables = self.dialect["search_from"]
        page = (
            f"SELECT {CARD.format(themes=self.themes)} FROM {tables} WHERE {where} "
            f"ORDER BY {self.dialect['rank']}, i.name_en, i.id LIMIT {limit}",
            [*parameters, match, *rank_parameters],
        )
        count = (f"SELECT count(*) FROM {tables} WHERE {where}", [*parameters, match])
        return lambda: self._timed(page, count, counted=True)

    def listing(self, limit, page=1, narrowed=True):
        """The published entries (of the region and kind) by name, one page, and how many."""
        where, parameters = self._where(narrowed)
        page_query = (
            f"SELECT {CARD.format(themes=self.themes)} FROM {FROM} WHERE {where} "
            f"ORDER BY i.name_en, i.id LIMIT {limit} OFFSET {(page - 1) * limit}",
            parameters,
        )
        count = (f"SELECT count(*) FROM {FROM} WHERE {where}", parameters)
        return lambda: self._timed(page_query, count, counted=True)

    def entry(self):
        """One published entry by slug, its related rows by slug."""
        sql = f"SELECT {self.row} FROM {FROM} WHERE {PUBLISHED} AND i.slug = %s"
        return lambda: self._timed((sql, [self.choices["entry"]["slug"]]))

    def map_cells(self):
        """The map's grid at its first zoom: per cell the count and mean position, and the extent."""
        cell = self.choices["map_cell"]
        located = f"{FILTERED} AND i.latitude IS NOT NULL AND i.longitude IS NOT NULL"
        lat, lng = "CAST(i.latitude AS REAL)", "CAST(i.longitude AS REAL)"
        if self.vendor == "postgresql":
            lat, lng = "i.latitude::float", "i.longitude::float"
        grid = (
            f"SELECT floor({lng} / {cell}), floor({lat} / {cell}), count(*), avg({lat}), avg({lng}) "
            f"FROM infrastructures_infrastructure i WHERE {located} GROUP BY 1, 2",
            self._filters(),
        )
        extent = (
            f"SELECT min({lat}), min({lng}), max({lat}), max({lng}) "
            f"FROM infrastructures_infrastructure i WHERE {located}",
            self._filters(),
        )
        return lambda: self._timed(grid, extent)

    def csv(self):
        """Every published entry's row in slug order, read through a server-side cursor and written
        as CSV to nowhere: rows per second."""
        sql = self._sql(f"SELECT {self.row} FROM {FROM} WHERE {PUBLISHED} ORDER BY i.slug")

        def run():
            started = time.perf_counter()
            if self.vendor == "postgresql":
                cursor = self.connection.cursor(name="floor_csv")  # streams: flat memory
                cursor.itersize = 2000
            else:
                cursor = self.connection.cursor()
            cursor.execute(sql)
            writer = csv.writer(_Nowhere())
            first_byte, rows = None, 0
            for row in cursor:
                if first_byte is None:
                    first_byte = time.perf_counter() - started
                writer.writerow(row)
                rows += 1
            cursor.close()
            self.connection.rollback()
            total = time.perf_counter() - started
            return Sample(first_byte=first_byte or total, total=total, rows=rows)

        return run


class _Nowhere:
    def write(self, text):
        return len(text)
