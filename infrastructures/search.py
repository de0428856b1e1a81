"""Full-text search over infrastructures, the same on SQLite and PostgreSQL.

Entries are indexed as analysed text (infrastructures.analysis: folded words, their English and
Dutch stems) in three weighted parts: names, then summary, keywords and themes, then the rest.
SQLite keeps them in an FTS5 table (models.SearchEntry), PostgreSQL in a tsvector with a GIN
index; each query word matches any of its stems as a prefix, and every word must match.

When that finds nothing in the whole catalogue, a search tries, in order: the query with each
unknown word replaced by the closest word of the catalogue ("fotonics" → "photonics", shown as
"did you mean"), then entries matching some of the words. The decision is taken once per request
(`Search.prepare`), so the results, their count and the facet counts agree.
"""

import difflib
import threading
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import F, Value

from infrastructures import analysis
from infrastructures.models import Equipment, Infrastructure, Organisation, SearchEntry, Theme
from rii_catalogue import catalogue_version

INDEX_MIGRATION = ("infrastructures", "0009_search_stems_fts5")
VOCABULARY_CACHE_SECONDS = 600
CORRECTION_CUTOFF = 0.75  # difflib ratio: "fotonics" → "photonics" is 0.82, "laser" → "layer" 0.8
MIN_CORRECTED_LENGTH = 4


def _join(*parts):
    return " ".join(part for part in parts if part)


ENTRY_COLUMNS = (
    "pk", "name_en", "name_nl", "acronym", "summary_en", "summary_nl", "keywords",
    "description_en", "description_nl", "city", "owner_id",
)  # fmt: skip
ORGANISATION_COLUMNS = ("name_en", "name_nl", "acronym")
EQUIPMENT_COLUMNS = (
    "name_en", "name_nl", "manufacturer", "model_number", "identifier", "description_en", "description_nl",
)  # fmt: skip


def searchable_texts(ids):
    """Each entry's text in both languages by weight, as {id: {part: text}}: names, then summary,
    keywords and themes, then the rest (description, organisations, city, equipment: an SME looks
    for a make and model of instrument as often as for its name).

    Read as plain rows, five queries for any number of entries: model instances and their related
    managers cost more than the text analysis itself when a whole catalogue is indexed."""
    entries = list(Infrastructure.objects.filter(pk__in=ids).values_list(*ENTRY_COLUMNS))
    themes = _grouped(
        Infrastructure.themes.through.objects.filter(infrastructure__in=ids)
        .order_by("theme__position", "theme__slug")
        .values_list("infrastructure_id", "theme__name_en", "theme__name_nl")
    )
    operators = _grouped(
        Infrastructure.operators.through.objects.filter(infrastructure__in=ids)
        .order_by("organisation__name_en", "organisation_id")
        .values_list("infrastructure_id", *(f"organisation__{column}" for column in ORGANISATION_COLUMNS))
    )
    owners = dict(
        (pk, rest)
        for pk, *rest in Organisation.objects.filter(pk__in={entry[-1] for entry in entries}).values_list(
            "pk", *ORGANISATION_COLUMNS
        )
    )
    equipment = _grouped(
        Equipment.objects.filter(infrastructure__in=ids)
        .order_by("name_en", "pk")
        .values_list("infrastructure_id", *EQUIPMENT_COLUMNS)
    )
    texts = {}
    for pk, name_en, name_nl, acronym, summary_en, summary_nl, keywords, *body, owner_id in entries:
        entry_themes = themes.get(pk, [])
        organisations = [owners[owner_id], *operators.get(pk, [])]
        items = equipment.get(pk, [])
        texts[pk] = {
            "names": _join(name_en, name_nl, acronym),
            "summary": _join(
                summary_en, summary_nl, keywords.replace(",", " "), *_columns(entry_themes, range(2))
            ),
            "body": _join(
                *body,
                *_columns(organisations, range(len(ORGANISATION_COLUMNS))),
                *_columns(items, range(len(EQUIPMENT_COLUMNS))),
            ),
        }
    return texts


def _grouped(rows):
    """{first value: [the rest of each row]} in the rows' order."""
    grouped = {}
    for key, *rest in rows:
        grouped.setdefault(key, []).append(rest)
    return grouped


def _columns(rows, positions):
    """Each column of `rows` in turn (all the English names, then all the Dutch ones, ...)."""
    return [row[position] for position in positions for row in rows]


WEIGHTS = {"names": "A", "summary": "B", "body": "C"}


REFRESH_BATCH = 2000
BULK_CHANGE = 100  # entries refreshed at once after which the planner's statistics are renewed
_pending = threading.local()


def index_after_commit(infrastructure_ids):
    """Rebuild these entries' search columns after the surrounding transaction commits, once per
    entry however many writes of the transaction named it (the services call this; no signals)."""
    ids = set(infrastructure_ids)
    if not ids:
        return
    pending = getattr(_pending, "ids", None)
    if pending is None:
        pending = _pending.ids = set()
    pending.update(ids)
    # Each call registers the flush; the first one after the commit does the work, the others find
    # nothing left. A rolled-back transaction's ids are refreshed at the next commit (harmless).
    # robust: the index is derived data; a failure to rebuild it is logged (and repaired by
    # `manage.py rebuild_search_index`), it must not turn a committed write into an error.
    transaction.on_commit(_flush_pending, robust=True)


def _flush_pending():
    ids = getattr(_pending, "ids", None)
    _pending.ids = set()
    if ids:
        refresh_search_index(ids)


def forget_pending():
    """Drop what uncommitted transactions asked for (tests: a test's transaction never commits)."""
    _pending.ids = set()


def refresh_search_index(infrastructure_ids):
    """Rebuild the search columns of these infrastructures, a batch at a time (no save signals)."""
    ids = sorted(infrastructure_ids)
    for start in range(0, len(ids), REFRESH_BATCH):
        _refresh_batch(ids[start : start + REFRESH_BATCH])
    if len(ids) >= BULK_CHANGE:
        # Without statistics SQLite's planner reads every published entry and runs the full-text
        # query once per entry (1.2 s at 10,000 entries, 0.4 s at 1,000) instead of reading the
        # matches first (2 ms); PostgreSQL's waits for autovacuum. After a bulk change (seed,
        # import, rebuild) the statistics are brought up to date at once. Whole ones on SQLite
        # (half a second at 100,000 entries): statistics from a sample (analysis_limit) led its
        # planner to sort every published entry for each chunk of the open-data CSV (31 s, not 6).
        table = connection.ops.quote_name(Infrastructure._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor == "sqlite" else f"ANALYZE {table}")


def index_missing_entries(using="default"):
    """Index the entries that have no index (see the app's post_migrate handler), once the
    migration that brought this index is applied (not after migrating back before it)."""
    if INDEX_MIGRATION not in MigrationRecorder(connections[using]).applied_migrations():
        return
    if connection.vendor == "postgresql":
        missing = Infrastructure.objects.using(using).filter(search_vector__isnull=True)
    else:
        missing = Infrastructure.objects.using(using).filter(search_entry__isnull=True)
    refresh_search_index(missing.values_list("pk", flat=True))


def _refresh_batch(ids):
    rows = [
        (pk, *(analysis.analysed(texts[part]) for part in WEIGHTS))
        for pk, texts in searchable_texts(ids).items()
    ]
    if connection.vendor == "postgresql":
        _write_postgresql_rows(rows)
    else:
        _write_sqlite_rows(ids, rows)


def _write_postgresql_rows(rows):
    """Set these entries' tsvectors in one UPDATE (one statement per entry ran at 160 entries/s).

    A separator ends each weighted part: tsvector concatenation would otherwise put the last word of
    the names next to the first of the summary, and a phrase must stay inside one part, as FTS5's
    columns keep it on SQLite."""
    if not rows:
        return
    table = connection.ops.quote_name(Infrastructure._meta.db_table)
    parts = " || ".join(
        f"setweight(to_tsvector('simple', texts.{part} || ' {analysis.SEPARATOR}'), '{weight}')"
        for part, weight in WEIGHTS.items()
    )
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET search_vector = {parts} "
            f"FROM (VALUES {values}) AS texts (id, names, summary, body) WHERE {table}.id = texts.id",
            [value for row in rows for value in row],
        )


def _write_sqlite_rows(ids, rows):
    """Replace these entries' rows of the FTS5 table (deleted entries lose theirs)."""
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    placeholders = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:  # never two rows for one entry
        cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({placeholders})", list(ids))
        cursor.executemany(f"INSERT INTO {table} (rowid, names, summary, body) VALUES (%s, %s, %s, %s)", rows)


# Querying

ALL, ANY = "all", "any"


def _alternatives(word):
    return [(stem, analysis.prefixable(stem)) for stem in analysis.stems(word)]


def _phrases(words):
    """A phrase in each language: its words' English stems, or their Dutch stems."""
    by_language = [[analysis.stems(word)[0] for word in words], [analysis.stems(word)[-1] for word in words]]
    unique = []
    for stems in by_language:
        if stems not in unique:
            unique.append(stems)
    return unique


@dataclass(frozen=True)
class QuerySyntax:
    """How a database's full-text query language writes a stem, a prefix, OR, AND and "next to"."""

    stem: str
    prefix: str
    either: str
    both: str
    next_to: str


FTS5 = QuerySyntax(stem='"{}"', prefix='"{}"*', either=" OR ", both=" AND ", next_to=" + ")
TSQUERY = QuerySyntax(stem="{}", prefix="{}:*", either=" | ", both=" & ", next_to=" <-> ")


def _query_text(query, mode, syntax):
    """The query in the database's syntax: each word any of its stems (as a prefix when long
    enough), each phrase its stems next to each other in one language, joined by AND (or OR)."""

    def token(stem, prefix=False):
        return (syntax.prefix if prefix else syntax.stem).format(stem)

    def either(options):
        return "(" + syntax.either.join(options) + ")"

    terms = [either(token(stem, prefix) for stem, prefix in _alternatives(word)) for word in query.words]
    for words in query.phrases:
        terms.append(
            either(
                syntax.next_to.join([*map(token, head), token(last, analysis.prefixable(last))])
                for *head, last in _phrases(words)
            )
        )
    return (syntax.both if mode == ALL else syntax.either).join(terms)


def _matching(queryset, query, mode):
    """Entries matching the query, annotated with `rank` (higher is better)."""
    if query.is_empty:  # "!!!": no word to look for
        return queryset.none().annotate(rank=Value(0.0))
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(_query_text(query, mode, TSQUERY), config="simple", search_type="raw")
        return queryset.filter(search_vector=tsquery).annotate(rank=SearchRank(F("search_vector"), tsquery))
    # FTS5's bm25 is lower for better matches.
    return queryset.filter(search_entry__document__match=_query_text(query, mode, FTS5)).annotate(
        rank=-F("search_entry__rank")
    )


@dataclass
class Search:
    """How a request's text is searched, decided once on the whole catalogue it looks in."""

    query: analysis.Query
    mode: str = ALL
    corrected_from: str = ""  # what the visitor typed, when `query` is "did you mean"
    suggestion: str = ""  # a correction that found nothing either, to offer as a link

    @classmethod
    def prepare(cls, base, text):
        query = analysis.parse(text)
        if query.is_empty or _matching(base, query, ALL).exists():
            return cls(query)
        corrected = _corrected(base, query)
        if corrected and _matching(base, corrected, ALL).exists():
            return cls(corrected, corrected_from=query.text)
        if len(query.words) + len(query.phrases) > 1 and _matching(base, query, ANY).exists():
            return cls(query, mode=ANY)
        return cls(query, suggestion=corrected.text if corrected else "")

    def apply(self, queryset):
        return _matching(queryset, self.query, self.mode)


def search(queryset, text):
    """Filter the queryset to entries matching `text`, annotated with `rank` (higher is better)."""
    return Search.prepare(queryset, text).apply(queryset)


def normalise_query(text):
    return analysis.parse(text).text


# "Did you mean": the words of the catalogue's names, keywords, themes and organisations.


def _corrected(base, query):
    corrections = {}
    for word in query.words:
        if (
            len(word) < MIN_CORRECTED_LENGTH
            or _matching(base, analysis.Query(word, words=[word]), ALL).exists()
        ):
            continue
        closest = difflib.get_close_matches(word, vocabulary(), n=2, cutoff=CORRECTION_CUTOFF)
        closest = [candidate for candidate in closest if candidate != word]  # known, yet found nowhere
        if closest:
            corrections[word] = closest[0]
    if not corrections:
        return None
    return analysis.Query(
        text=analysis.replace_words(query.text, corrections).strip(analysis.EDGE_PUNCTUATION),
        words=[corrections.get(word, word) for word in query.words],
        phrases=query.phrases,
    )


def _finds(base, word):
    return _matching(base, analysis.Query(word, words=[word]), ALL).exists()


def vocabulary():
    """The distinct words worth suggesting, kept until the published catalogue changes."""
    return catalogue_version.kept("search-vocabulary", _vocabulary, VOCABULARY_CACHE_SECONDS)


def _vocabulary():
    published = Infrastructure.objects.published()
    texts = [
        *published.values_list("name_en", "name_nl", "acronym", "keywords"),
        *Theme.objects.values_list("name_en", "name_nl"),
        *Organisation.objects.filter(owned_infrastructures__in=published)
        .distinct()
        .values_list("name_en", "name_nl", "acronym"),
    ]
    return sorted({word for row in texts for text in row for word in analysis.words(text) if len(word) >= 3})
