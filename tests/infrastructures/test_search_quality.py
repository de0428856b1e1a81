"""Search quality: what a visitor types, in English or Dutch, and the entries it must find.

Measured as recall at 10 (the share of the expected entries among the first ten results, averaged
over the queries) on the seed catalogue and on a generated one of 600 entries, where 480 of them
share words with the targets. The same cases run on SQLite and on PostgreSQL.
"""

import pytest

from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.models import Infrastructure
from tests import factories

pytestmark = pytest.mark.django_db

RECALL_FLOOR = 0.95
PILOT_LINES = {"b-phot-freeform-optics-pilot-line", "flexlines-pilot-line", "inp-photonic-chip-pilot-line"}
PREDICTIVE = {"open-test-lab-predictive-maintenance"}
PHOTONICS = {"b-phot-freeform-optics-pilot-line", "inp-photonic-chip-pilot-line"}

SEED_CASES = [
    ("pilot line", PILOT_LINES),
    ("pilot lines", PILOT_LINES),
    ("Pilot-lines", PILOT_LINES),
    ("pilootlijn", PILOT_LINES),
    ("pilootlijnen", PILOT_LINES),
    ('"pilot line"', PILOT_LINES),
    ("predictive maintenance", PREDICTIVE),
    ("predictief onderhoud", PREDICTIVE),
    ("voorspellend onderhoud", PREDICTIVE),  # the Dutch search box's own example
    ("onderhoud", PREDICTIVE),
    ("photonics", PHOTONICS),
    ("fotonica", PHOTONICS),
    ("photonic chips", {"inp-photonic-chip-pilot-line"}),
    ("fotonische chip", {"inp-photonic-chip-pilot-line"}),
    ("indiumfosfide", {"inp-photonic-chip-pilot-line"}),
    ("flexible electronics", {"flexlines-pilot-line"}),
    ("flexibele elektronica", {"flexlines-pilot-line"}),
    ("freeform optics", {"b-phot-freeform-optics-pilot-line"}),
    ("vrije-vorm optica", {"b-phot-freeform-optics-pilot-line"}),
    ("imec", {"imec-labs-heverlee"}),
    ("labo's Heverlee", {"imec-labs-heverlee"}),
    ("Eindhoven", {"flexlines-pilot-line", "inp-photonic-chip-pilot-line"}),
    ("smart factory", {"smart-factory-bnl"}),
    ("mobiel lab", {"mobile-make-lab"}),
    ("open field lab", {"flanders-make-open-field-labs"}),
    ("fotonics", PHOTONICS),  # a typo
    ("photonix", PHOTONICS),  # a typo, corrected
    ("manufactring", {"mobile-make-lab", "smart-factory-bnl"}),  # a typo, corrected
]

# (English name, Dutch name, city) of the generated targets; the cities carry accents.
TARGETS = {
    "cleanroom": ("Cleanroom for MEMS sensors", "Cleanroom voor MEMS-sensoren", "Umeå"),
    "wind-tunnel": ("Wind tunnel for drones", "Windtunnel voor drones", "Kraków"),
    "battery-line": ("Battery cell pilot line", "Pilootlijn voor batterijcellen", "Malmö"),
    "microscopy": ("Electron microscopy centre", "Centrum voor elektronenmicroscopie", "Zürich"),
    "additive": (
        "Additive manufacturing lab for metals",
        "Labo voor additieve productie van metalen",
        "Besançon",
    ),
    "hydrogen": ("Hydrogen test bed", "Testomgeving voor waterstof", "Groningen"),
    "phenotyping": ("Crop phenotyping greenhouse", "Serre voor fenotypering van gewassen", "Doñana"),
    "vessel": ("Marine research vessel", "Zeeonderzoeksschip", "Oostende"),
}
GENERATED_CASES = [
    ("cleanroom", {"cleanroom"}),
    ("MEMS sensor", {"cleanroom"}),
    ("sensoren", {"cleanroom"}),
    ("wind tunnels", {"wind-tunnel"}),
    ("windtunnel", {"wind-tunnel"}),
    ("drone", {"wind-tunnel"}),
    ("battery pilot lines", {"battery-line"}),
    ("batterijcel", {"battery-line"}),
    ('"cell pilot line"', {"battery-line"}),
    ("electron microscope", {"microscopy"}),
    ("elektronenmicroscopie", {"microscopy"}),
    ("additive manufacturing", {"additive"}),
    ("additieve productie", {"additive"}),
    ("metal", {"additive"}),
    ("hydrogen", {"hydrogen"}),
    ("waterstof", {"hydrogen"}),
    ("hydrogn", {"hydrogen"}),  # a typo
    ("greenhouse phenotyping", {"phenotyping"}),
    ("fenotypering gewassen", {"phenotyping"}),
    ("research vessel", {"vessel"}),
    ("umea", {"cleanroom"}),
    ("krakow", {"wind-tunnel"}),
    ("malmo", {"battery-line"}),
    ("zurich", {"microscopy"}),
    ("besancon", {"additive"}),
    ("donana", {"phenotyping"}),
    ("Zürich", {"microscopy"}),
]

# Words the other entries share with the targets (never all of a query's), so that the ranking and
# the need for every word matter.
NOISE_WORDS = (
    "test lab pilot line cell research centre marine electron manufacturing production cleaning "
    "plant laboratory crop bed"
).split()


def top_ten(query):
    filterset = InfrastructureFilterSet({"q": query}, queryset=Infrastructure.objects.published())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("slug", flat=True)[:10])


def recall_at_ten(cases):
    """Mean recall at 10, and the cases that missed an entry (for the failure message)."""
    recalls, misses = [], []
    for query, expected in cases:
        found = set(top_ten(query))
        recalls.append(len(found & expected) / len(expected))
        if not expected <= found:
            misses.append((query, sorted(expected - found)))
    return sum(recalls) / len(recalls), misses


def test_recall_at_ten_on_the_seed_catalogue(seed):
    recall, misses = recall_at_ten(SEED_CASES)
    assert recall >= RECALL_FLOOR, misses


@pytest.fixture
def generated_catalogue():
    owner = factories.organisation()
    for slug, (name_en, name_nl, city) in TARGETS.items():
        factories.infrastructure(slug=slug, name_en=name_en, name_nl=name_nl, city=city, owner=owner)
    for number in range(480):
        words = [NOISE_WORDS[(number * step) % len(NOISE_WORDS)] for step in (1, 3, 7)]
        factories.infrastructure(
            slug=f"noise-{number}",
            name_en=f"{words[0].title()} {words[1]} facility {number}",
            summary_en=f"Shared {words[2]} equipment for {words[0]} work.",
            owner=owner,
        )
    for number in range(112):
        factories.infrastructure(slug=f"unrelated-{number}", name_en=f"Archive {number}", owner=owner)


def test_recall_at_ten_on_a_generated_catalogue(generated_catalogue):
    recall, misses = recall_at_ten(GENERATED_CASES)
    assert recall >= RECALL_FLOOR, misses


def test_the_first_result_is_the_entry_named_so(generated_catalogue):
    assert top_ten("battery cell pilot line")[0] == "battery-line"
    assert top_ten("pilootlijn batterijcellen")[0] == "battery-line"
    assert top_ten("wind tunnel")[0] == "wind-tunnel"
