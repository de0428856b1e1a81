"""Filters and facets: OR within a facet, AND across facets, counts that stay true."""

import pytest

from access.models import AccessCondition
from infrastructures.facets import facet_counts
from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.models import Infrastructure
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    flanders = factories.region(slug="flanders", name_en="Flanders")
    south = factories.region(slug="south-nl", name_en="South Netherlands")
    photonics = factories.theme(slug="photonics", name_en="Photonics")
    flex = factories.theme(slug="flex", name_en="Flexible electronics")
    owner = factories.organisation(slug="owner", region=flanders)
    other = factories.organisation(slug="other", region=south)
    entries = {
        "a": factories.infrastructure(
            slug="a", region=flanders, owner=owner, kind="pilot_line", trl_min=3, trl_max=6
        ),
        "b": factories.infrastructure(
            slug="b", region=flanders, owner=owner, kind="lab", trl_min=6, trl_max=9
        ),
        "c": factories.infrastructure(slug="c", region=south, owner=other, kind="pilot_line"),
        "draft": factories.infrastructure(
            slug="draft", region=flanders, owner=owner, kind="lab", publication_state="draft"
        ),
    }
    entries["a"].themes.add(photonics)
    entries["b"].themes.add(flex)
    entries["c"].themes.add(photonics, flex)
    open_a = AccessCondition.objects.create(
        infrastructure=entries["a"], open_to_smes=True, access_mode="market_driven"
    )
    open_a.business_models.add("pay_per_use")
    AccessCondition.objects.create(infrastructure=entries["c"], open_to_smes=False, access_mode="wide")
    return entries


def run(params):
    filterset = InfrastructureFilterSet(params, queryset=Infrastructure.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset


def slugs(params):
    return sorted(run(params).qs.values_list("slug", flat=True))


def counts(params, facet):
    facets = {f.name: f for f in facet_counts(run(params))}
    return {option.value: option.count for option in facets[facet].options}


def test_each_filter(catalogue):
    assert slugs({}) == ["a", "b", "c"]
    assert slugs({"region": ["flanders"]}) == ["a", "b"]
    assert slugs({"theme": ["photonics"]}) == ["a", "c"]
    assert slugs({"kind": ["lab"]}) == ["b"]
    assert slugs({"owner": ["other"]}) == ["c"]
    assert slugs({"access_mode": ["wide"]}) == ["c"]
    assert slugs({"business_model": ["pay_per_use"]}) == ["a"]
    assert slugs({"trl": "6"}) == ["a", "b"]
    assert slugs({"trl": "8"}) == ["b"]
    assert slugs({"sme": "true"}) == ["a"]


def test_values_of_one_facet_are_ored_and_facets_are_anded(catalogue):
    assert slugs({"theme": ["photonics", "flex"]}) == ["a", "b", "c"]
    assert slugs({"theme": ["photonics", "flex"], "region": ["south-nl"]}) == ["c"]
    assert slugs({"kind": ["lab", "pilot_line"], "region": ["flanders"]}) == ["a", "b"]


def test_facet_counts_leave_out_their_own_filter_and_apply_the_others(catalogue):
    params = {"theme": ["photonics"], "region": ["flanders"]}
    # Theme counts ignore the theme choice but respect the region: a has photonics, b has flex.
    assert counts(params, "theme") == {"photonics": 1, "flex": 1}
    # Region counts ignore the region choice but respect the theme: a (Flanders), c (South NL).
    assert counts(params, "region") == {"flanders": 1, "south-nl": 1}
    assert counts(params, "kind") == {"pilot_line": 1}
    assert counts({}, "kind") == {"pilot_line": 2, "lab": 1}
    assert counts({}, "owner") == {"owner": 2, "other": 1}
    assert counts({}, "access_mode") == {"market_driven": 1, "wide": 1}
    assert counts({}, "business_model") == {"pay_per_use": 1}
    assert counts({}, "sme") == {"true": 1}
    assert {level: n for level, n in counts({}, "trl").items() if n} == {
        "3": 1,
        "4": 1,
        "5": 1,
        "6": 2,
        "7": 1,
        "8": 1,
        "9": 1,
    }


def test_unpublished_entries_are_never_counted(catalogue):
    assert counts({}, "region")["flanders"] == 2
    assert "lab" in counts({}, "kind") and counts({}, "kind")["lab"] == 1


def test_selected_values_stay_listed_even_without_results(catalogue):
    facets = {f.name: f for f in facet_counts(run({"region": ["south-nl"], "kind": ["lab"]}))}
    lab = next(option for option in facets["kind"].options if option.value == "lab")
    assert lab.selected
    assert facets["region"].has_selection


@pytest.mark.parametrize(
    "params, field",
    [
        ({"theme": ["no-such-theme"]}, "theme"),
        ({"trl": "99"}, "trl"),
        ({"trl": "abc"}, "trl"),
        ({"kind": ["spaceship"]}, "kind"),
        ({"sort": "price"}, "sort"),
        ({"q": "x" * 5000}, "q"),
    ],
)
def test_bad_values_are_reported_per_field(catalogue, params, field):
    filterset = InfrastructureFilterSet(params, queryset=Infrastructure.objects.published())
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_only_true_means_open_to_smes(catalogue):
    assert slugs({"sme": "true"}) == ["a"]
    assert slugs({"sme": "false"}) == ["a", "b", "c"]
    assert slugs({"sme": "0"}) == ["a", "b", "c"]
