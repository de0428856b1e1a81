"""SQLite's full-text index of the entries (PostgreSQL keeps a tsvector on the entry instead)."""

from django.db import models
from django.db.models import Lookup

from infrastructures.models.infrastructures import Infrastructure

SQLITE_SEARCH_TABLE = "infrastructures_search"


class FullTextField(models.TextField):
    """FTS5's hidden column named after its table: `table MATCH query` searches every column."""


@FullTextField.register_lookup
class Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchEntry(models.Model):
    """One row of the FTS5 table per entry, written by infrastructures.search (never by Django:
    the migration creates the table on SQLite only, so the model is unmanaged).

    The columns hold analysed text (stems, see infrastructures.analysis); `rank` is FTS5's bm25
    with the columns weighted 10 (names), 4 (summary, keywords, themes) and 1 (the rest).
    """

    infrastructure = models.OneToOneField(
        Infrastructure,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="search_entry",
    )
    names = models.TextField()
    summary = models.TextField()
    body = models.TextField()
    document = FullTextField(db_column=SQLITE_SEARCH_TABLE)
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = SQLITE_SEARCH_TABLE

    def __str__(self):
        return f"search entry {self.pk}"
