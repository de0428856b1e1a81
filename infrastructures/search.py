"""Full-text search over infrastructures.

On PostgreSQL: a weighted tsvector (English and Dutch stemming) ranked with ts_rank, plus pg_trgm
word similarity so that a typo ("fotonics") still finds the entry. On SQLite: every word must occur
in the entry's text, and a match in the name ranks above one in the summary or further down.
Both read the derived columns that `refresh_search_index` rebuilds after each committed change.
"""

import threading

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramStrictWordSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Greatest

from infrastructures.models import Infrastructure

MAX_QUERY_WORDS = 12
# pg_trgm's %> operator prefilters with the trigram index (word similarity >= 0.6); a typo match
# must then reach this *strict* word similarity, which compares whole words: "fotonics" scores
# 0.46 against "photonics" but 0.24 against "electronics" (plain word similarity: 0.67 for both).
TYPO_SIMILARITY = 0.4


def _join(*parts):
    return " ".join(part for part in parts if part)


def searchable_texts(entry):
    """The entry's text by weight (A: names, B: summary and themes, C: the rest) and language."""
    themes = list(entry.themes.all())
    equipment = list(entry.equipment.all())
    organisations = [entry.owner, *entry.operators.all()]
    neutral_a = _join(entry.acronym)
    neutral_b = _join(entry.keywords.replace(",", " "))
    neutral_c = _join(
        *(org.acronym for org in organisations), entry.city, *(e.manufacturer for e in equipment)
    )
    return {
        "A": {"english": _join(entry.name_en, neutral_a), "dutch": _join(entry.name_nl, neutral_a)},
        "B": {
            "english": _join(entry.summary_en, neutral_b, *(t.name_en for t in themes)),
            "dutch": _join(entry.summary_nl, neutral_b, *(t.name_nl for t in themes)),
        },
        "C": {
            "english": _join(
                entry.description_en,
                neutral_c,
                *(o.name_en for o in organisations),
                *(e.name_en for e in equipment),
                *(e.description_en for e in equipment),
            ),
            "dutch": _join(
                entry.description_nl,
                neutral_c,
                *(o.name_nl for o in organisations),
                *(e.name_nl for e in equipment),
                *(e.description_nl for e in equipment),
            ),
        },
    }


def _vector(texts):
    vectors = [
        SearchVector(Value(text, output_field=TextField()), config=config, weight=weight)
        for weight, by_language in texts.items()
        for config, text in by_language.items()
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


REFRESH_BATCH = 500
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
    """Rebuild the search columns of these infrastructures (one UPDATE each, no save signals)."""
    ids = sorted(infrastructure_ids)
    for start in range(0, len(ids), REFRESH_BATCH):
        _refresh_batch(ids[start : start + REFRESH_BATCH])


def _refresh_batch(ids):
    entries = (
        Infrastructure.objects.filter(pk__in=ids)
        .select_related("owner")
        .prefetch_related("themes", "operators", "equipment")
    )
    for entry in entries:
        texts = searchable_texts(entry)
        updates = {
            "search_document": " ".join(
                text for by_language in texts.values() for text in by_language.values()
            ).lower()
        }
        if connection.vendor == "postgresql":
            updates["search_vector"] = _vector(texts)
        Infrastructure.objects.filter(pk=entry.pk).update(**updates)


def normalise_query(text):
    return " ".join((text or "").split()[:MAX_QUERY_WORDS])


def search(queryset, text):
    """Filter the queryset to entries matching `text`, annotated with `rank` (higher is better)."""
    text = normalise_query(text)
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text)
    return _search_fallback(queryset, text)


def _search_postgresql(queryset, text):
    query = SearchQuery(text, config="english", search_type="websearch") | SearchQuery(
        text, config="dutch", search_type="websearch"
    )
    name_similarity = Greatest(
        TrigramWordSimilarity(Value(text), "name_en"), TrigramWordSimilarity(Value(text), "name_nl")
    )
    typo_match = Q(search_document__trigram_word_similar=text.lower()) & Q(
        document_similarity__gte=TYPO_SIMILARITY
    )
    return (
        queryset.annotate(
            document_similarity=TrigramStrictWordSimilarity(Value(text.lower()), "search_document")
        )
        .filter(Q(search_vector=query) | typo_match)
        .annotate(
            rank=SearchRank(F("search_vector"), query)
            + name_similarity * 0.5
            + F("document_similarity") * 0.1
        )
    )


def _search_fallback(queryset, text):
    words = text.lower().split()
    every_word = Q()
    for word in words:
        every_word &= Q(search_document__contains=word)
    in_name = Q(name_en__icontains=text) | Q(name_nl__icontains=text) | Q(acronym__iexact=text)
    in_summary = Q(summary_en__icontains=text) | Q(summary_nl__icontains=text)
    return queryset.filter(every_word).annotate(
        rank=Case(
            When(in_name, then=Value(3.0)),
            When(in_summary, then=Value(2.0)),
            default=Value(1.0),
            output_field=FloatField(),
        )
    )
