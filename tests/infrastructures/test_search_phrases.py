"""A quoted phrase matches words next to each other in one part of an entry, in one language,
on both databases."""

import pytest

from infrastructures.models import Infrastructure
from infrastructures.search import search
from tests import factories

pytestmark = pytest.mark.django_db


def found(text):
    return sorted(entry.slug for entry in search(Infrastructure.objects.all(), text))


def test_a_phrase_does_not_run_from_the_name_into_the_summary_on_either_database():
    """PostgreSQL's tsvector concatenation (names || summary || body) shifts the next part's positions
    by the last position of the previous one, so the name's last word and the summary's first are
    adjacent: '"lab testing"' finds this entry on PostgreSQL but not on SQLite (FTS5 phrases stay
    within a column). The same data gives different results on the two databases."""
    factories.infrastructure(slug="photonics", name_en="Photonics Lab", summary_en="Testing facility")
    assert found('"lab testing"') == []
    assert found("lab-testing") == []


def test_a_phrase_does_not_match_the_words_in_the_reverse_order():
    """analysed() writes the English stems of a text, then its Dutch stems, in one column: the last
    word's English stem sits next to the first word's Dutch stem, so the phrase '"lab photonics"'
    finds "Photonics Lab" (both databases)."""
    factories.infrastructure(slug="photonics", name_en="Photonics Lab")
    assert found('"lab photonics"') == []
