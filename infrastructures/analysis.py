"""How search reads text, the same for the entries it indexes and the words a visitor types.

A word is folded (lower case, accents off: "Umeå" reads "umea", "Doñana" "donana") and reduced to
its English and its Dutch Snowball stem (PyStemmer): "pilot lines" and "pilot line" both read
"pilot line", "pilootlijnen" reads "pilootlijn" like the Dutch name "Pilootlijn voor vrije-vorm
optica". Both databases index these stems (SQLite in an FTS5 table, PostgreSQL in a tsvector of
the 'simple' configuration), so an entry is found by the same words on either.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

MAX_QUERY_WORDS = 12
MIN_PREFIX_LENGTH = 3  # "3d" must not find every word that starts with "3d"; "phot" may

# Letters that carry no combining accent to strip (NFKD leaves them whole).
_UNFOLDED = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)
# The combining marks NFKD splits off a letter ("é" is "e" and an acute accent), to drop in one pass.
_COMBINING = dict.fromkeys(code for code in range(0x30000) if unicodedata.combining(chr(code)))
_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)"?')

# Words too common to decide a search ("lab for testing" needs "lab" and "testing", not "for").
# They stay in the index, so a quoted phrase still finds "lab for testing".
STOP_WORDS = frozenset(
    "a an and are as at be by for from in into is it of on or the to with "
    "de den der des het een en van voor met op te aan bij door om uit tot naar dat die is in".split()
)

_english = Stemmer.Stemmer("english")
_dutch = Stemmer.Stemmer("dutch")


def fold(text):
    text = text or ""
    if text.isascii():  # most text: nothing to decompose, and per-character work is what costs
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold().translate(_UNFOLDED)).translate(_COMBINING)


def words(text):
    return _WORD.findall(fold(text))


@lru_cache(maxsize=20_000)
def stems(word):
    """The English and the Dutch stem of a folded word (one when they agree)."""
    english, dutch = _english.stemWord(word), _dutch.stemWord(word)
    return (english,) if english == dutch else (english, dutch)


# Between the English and the Dutch stems of a text (and after each weighted part on PostgreSQL),
# so that no phrase runs from one into the other. Queries never search it (see `parse`).
SEPARATOR = "x0sepx0"


def analysed(text):
    """Text as the index holds it: the English stems of its words, then their Dutch stems, so
    that the words of a phrase stay next to each other in either language."""
    folded = words(text)
    english = [stems(word)[0] for word in folded]
    dutch = [stems(word)[-1] for word in folded]
    return " ".join([*english, SEPARATOR, *dutch])


EDGE_PUNCTUATION = " \"'()[]{}.,;:!?"


def replace_words(text, replacements):
    """`text` with some of its words replaced, punctuation and all else kept ("fotonics," →
    "photonics,")."""
    return _WORD.sub(lambda match: replacements.get(fold(match.group()), match.group()), text)


@dataclass
class Query:
    """What a visitor typed, as terms: single words (any of their stems, as a prefix) and phrases
    (quoted text, or words joined by hyphens like "roll-to-roll"), each of which must match."""

    text: str
    words: list = field(default_factory=list)
    phrases: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.words or self.phrases)


def parse(text):
    text = " ".join((text or "").split()[:MAX_QUERY_WORDS])
    query = Query(text=text)
    for position, part in enumerate(_QUOTED.split(text)):
        if position % 2:  # inside quotes
            phrase = words(part)
            if len(phrase) > 1:
                query.phrases.append(phrase)
            else:
                query.words.extend(phrase)
            continue
        for chunk in part.split():
            chunk_words = words(chunk)
            if len(chunk_words) > 1:
                query.phrases.append(chunk_words)
            else:
                query.words.extend(chunk_words)
    query.words = [word for word in query.words if word != SEPARATOR]
    query.phrases = [[word for word in phrase if word != SEPARATOR] for phrase in query.phrases]
    query.phrases = [phrase for phrase in query.phrases if phrase]
    meaningful = [word for word in query.words if word not in STOP_WORDS]
    if meaningful or query.phrases:
        query.words = meaningful
    query.words = list(dict.fromkeys(query.words))  # "lab lab" is "lab"
    return query


def prefixable(stem):
    return len(stem) >= MIN_PREFIX_LENGTH


def matches(query, text):
    """Whether a short text (a theme's names) holds every word of the query, as search reads it."""
    tokens = analysed(text).split()
    wanted = [*query.words, *(word for phrase in query.phrases for word in phrase)]
    return bool(wanted) and all(
        any(token.startswith(stem) for stem in stems(word) for token in tokens) for word in wanted
    )
