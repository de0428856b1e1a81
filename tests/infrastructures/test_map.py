"""The map at scale: clustered GeoJSON from the database, pages that no longer embed every marker,
and coordinates checked against the region's country at every door."""

import csv
import io
import random
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from infrastructures import geo
from infrastructures.models import Infrastructure
from tests import factories
from tests.admin_forms import form_data
from tests.rights import make_cast
from tests.uploads import confirm, upload

pytestmark = pytest.mark.django_db

FEATURES = reverse("catalogue:map-features")
PLACES = Decimal("0.000001")


def features(client, url=FEATURES, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def total(collection):
    return sum(feature["properties"]["count"] for feature in collection["features"])


def names(collection):
    found = []
    for feature in collection["features"]:
        properties = feature["properties"]
        found += [properties["name"]] if "name" in properties else []
        found += [entry["name"] for entry in properties.get("entries", [])]
    return found


# The endpoint, on the seed


def test_the_seed_maps_as_geojson_with_bounds_around_belgium_and_the_netherlands(client, seed):
    response = client.get(FEATURES)
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert total(collection) == Infrastructure.objects.published().with_coordinates().count() == 5
    west, south, east, north = collection["bounds"]
    assert (west, south, east, north) == (4.3955, 50.8224, 5.49, 51.448)


def test_a_close_zoom_shows_each_entry_as_a_point_with_its_page_and_city(client, seed):
    collection = features(client, zoom="12", bbox="5.3,51.3,5.6,51.5")  # Eindhoven
    points = collection["features"]
    assert [point["properties"]["count"] for point in points] == [1, 1]
    inp = next(p for p in points if p["properties"]["name"] == "InP photonic chip pilot line")
    assert inp["geometry"] == {"type": "Point", "coordinates": [5.49, 51.448]}
    assert inp["properties"]["url"] == "/infrastructures/inp-photonic-chip-pilot-line/"
    assert inp["properties"]["city"] == "Eindhoven"
    assert "bounds" not in collection  # only the first request (no bbox) needs them


def test_a_view_too_large_for_its_zoom_gets_larger_cells_not_more_features(client, seed):
    collection = features(client, zoom="14", bbox="2,49,8,54")
    assert collection["cell"] > 90 / 2**14
    assert geo.cells_covering(geo.Box(2, 49, 8, 54), collection["cell"]) <= geo.MAX_FEATURES
    assert total(collection) == 5


def test_a_far_zoom_clusters_the_two_eindhoven_entries(client, seed):
    collection = features(client, zoom="8", bbox="2,49,8,54")
    clusters = [feature for feature in collection["features"] if feature["properties"]["count"] > 1]
    assert [cluster["properties"]["count"] for cluster in clusters] == [2]
    west, south, east, north = clusters[0]["properties"]["extent"]
    assert (south, north) == (51.41, 51.448) and (west, east) == (5.459, 5.49)
    assert clusters[0]["properties"]["stacked"] is False


def test_dutch_pages_get_dutch_names_and_dutch_links(client, seed):
    with translation.override("nl"):
        url = reverse("catalogue:map-features")
    assert url == "/nl/map/features/"
    collection = features(client, url, zoom="12", bbox="5.3,51.3,5.6,51.5")
    assert "Pilootlijn voor indiumfosfide fotonische chips" in names(collection)
    urls = [f["properties"]["url"] for f in collection["features"]]
    assert all(url.startswith("/nl/infrastructures/") for url in urls)


def test_the_map_shows_what_the_search_lists(client, seed):
    params = {"q": "pilot line", "theme": "photonics", "zoom": "14", "bbox": "2,49,8,54"}
    collection = features(client, **params)
    assert sorted(names(collection)) == ["Freeform optics pilot line", "InP photonic chip pilot line"]
    search = client.get(reverse("catalogue:search"), {"q": "pilot line", "theme": "photonics"})
    assert "2 infrastructures found" in search.content.decode()


def test_drafts_never_reach_the_map(client, seed):
    owner = Infrastructure.objects.get(slug="familiar-lommel").owner
    factories.infrastructure(
        name_en="Secret draft lab", owner=owner, latitude="51.0", longitude="4.0", publication_state="draft"
    )
    collection = features(client, zoom="14", bbox="-180,-90,180,90")
    assert total(collection) == 5 and "Secret draft lab" not in names(collection)


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"theme": "teleportation"}, "theme"),
        ({"region": "\x00"}, "region"),
        ({"q": "x" * 5000}, "q"),
        ({"sort": "drop table"}, "sort"),
        ({"zoom": "many"}, "zoom"),
        ({"zoom": "23"}, "zoom"),
        ({"zoom": "-1"}, "zoom"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "nan,0,1,1"}, "bbox"),
        ({"bbox": "0,0,1,inf"}, "bbox"),
        ({"bbox": "0,0,200,1"}, "bbox"),
        ({"bbox": "0,0,1,91"}, "bbox"),
        ({"bbox": "0,10,1,5"}, "bbox"),
        ({"bbox": "1e999999,0,1,1"}, "bbox"),
        ({"bbox": "0,0,1,\x00"}, "bbox"),
        ({"bbox": "1," * 500}, "bbox"),
    ],
)
def test_bad_parameters_get_a_400_naming_the_parameter(client, seed, params, parameter):
    response = client.get(FEATURES, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [parameter]
    assert errors[parameter][0]["message"]
    assert "Cache-Control" not in response or "public" not in response["Cache-Control"]


def test_entries_at_one_address_are_listed_whatever_the_zoom(client):
    region = factories.region(country="BE")
    owner = factories.organisation(region=region)
    for name in ("Lab C", "Lab A", "Lab B"):
        factories.infrastructure(name_en=name, owner=owner, latitude="50.850000", longitude="4.350000")
    for zoom in ("3", "18"):
        (stack,) = features(client, zoom=zoom, bbox="4,50,5,51")["features"]
        assert stack["properties"]["count"] == 3 and stack["properties"]["stacked"] is True
        assert [entry["name"] for entry in stack["properties"]["entries"]] == ["Lab A", "Lab B", "Lab C"]


def test_one_wild_point_does_not_stretch_the_first_view_to_antarctica(client):
    belgium = factories.region(country="BE")
    owner = factories.organisation(region=belgium)
    factories.infrastructure(owner=owner, latitude="50.85", longitude="4.35")
    factories.infrastructure(owner=owner, latitude="51.05", longitude="3.72")
    factories.infrastructure(owner=owner, latitude="-75.0", longitude="0.0")  # stored before the check
    collection = features(client)
    assert total(collection) == 3  # drawn: it is in the data
    assert collection["bounds"] == [3.72, 50.85, 4.35, 51.05]  # but the first view fits Belgium


# The endpoint at scale


def generated_europe(count, seed=7):
    """`count` published entries spread over Europe, a tenth of them stacked on twelve city centres."""
    rng = random.Random(seed)
    region = factories.region(country="DE")
    owner = factories.organisation(region=region)
    cities = [(Decimal(rng.uniform(36, 68)).quantize(PLACES), Decimal(rng.uniform(-9, 30)).quantize(PLACES))
              for _ in range(12)]  # fmt: skip
    entries = []
    for n in range(count):
        if n % 10 == 0:
            latitude, longitude = cities[n % 12]
        else:
            latitude = Decimal(rng.uniform(35, 70)).quantize(PLACES)
            longitude = Decimal(rng.uniform(-10, 32)).quantize(PLACES)
        entries.append(
            Infrastructure(
                slug=f"generated-{n}", name=f"Generated {n}", name_en=f"Generated {n}", kind="lab",
                publication_state="published", owner=owner, region=region, latitude=latitude,
                longitude=longitude,
            )
        )  # fmt: skip
    Infrastructure.objects.bulk_create(entries, batch_size=1000)
    return [(entry.latitude, entry.longitude) for entry in entries]


def inside(points, box):
    west, south, east, north = (Decimal(str(value)) for value in box)
    return sum(
        1
        for latitude, longitude in points
        if south <= latitude <= north
        and (west <= longitude <= east if west <= east else not east < longitude < west)
    )


VIEWS = [
    (-180, -90, 180, 90),  # the world
    (-25, 34, 45, 72),  # Europe
    (2.5, 49.4, 7.3, 53.6),  # Benelux
    (170, -10, -170, 60),  # across the antimeridian
    (5.123456789, 45.000000001, 5.123457, 60),  # edges finer than the stored places
]


def test_5000_entries_give_at_most_the_cap_and_every_entry_counts_once(client):
    points = generated_europe(5000)
    for zoom in (0, 2, 4, 5, 7, 10, 14, 18, 22):
        for box in VIEWS:
            collection = features(client, zoom=str(zoom), bbox=",".join(map(str, box)))
            assert len(collection["features"]) <= geo.MAX_FEATURES, (zoom, box)
            assert total(collection) == collection["total"] == inside(points, box), (zoom, box)
            for feature in collection["features"]:
                properties = feature["properties"]
                if properties["count"] == 1:
                    assert properties["url"].startswith("/infrastructures/generated-")


def test_the_first_request_at_5000_entries_is_small_and_fits_the_entries(client):
    generated_europe(5000)
    response = client.get(FEATURES)
    collection = response.json()
    assert len(collection["features"]) <= geo.MAX_FEATURES and total(collection) == 5000
    west, south, east, north = collection["bounds"]
    assert -10 <= west and east <= 32 and 35 <= south and north <= 70
    assert len(response.content) < 60_000


@pytest.mark.parametrize("count", [100, 5000])
def test_queries_per_request_stay_flat_as_entries_grow(client, django_assert_max_num_queries, count):
    generated_europe(count)
    factories.theme(slug="photonics")
    view = {"zoom": "5", "bbox": "-25,34,45,72"}
    with django_assert_max_num_queries(2):  # the grid, the cells' single entries
        assert total(features(client, **view)) == count
    with django_assert_max_num_queries(3):  # the grid, the single entries, the bounds
        features(client)
    with django_assert_max_num_queries(3):  # the theme's slug, the grid, the single entries
        features(client, theme="photonics", **view)


# The pages


def map_attributes(page):
    match = re.search(r'<div id="map"[^>]*>', page)
    assert match, "no map container"
    return match.group(0)


def test_the_search_page_points_the_map_at_its_own_filters_and_embeds_no_markers(client, seed):
    response = client.get(reverse("catalogue:search"), {"q": "pilot line", "theme": "photonics", "page": "1"})
    page = response.content.decode()
    assert "map-points" not in page and '"lat"' not in page
    assert 'data-features-url="/map/features/?q=pilot+line&amp;theme=photonics"' in map_attributes(page)
    assert "2 places on the map. The list below gives the same entries, 20 per page." in page


def test_the_map_summary_says_how_many_results_have_no_place(client, seed):
    page = client.get(reverse("catalogue:search")).content.decode()
    published = Infrastructure.objects.published()
    assert (published.count(), published.with_coordinates().count()) == (9, 5)
    assert "5 of the 9 results have a place on the map." in page
    assert "The list below gives all 9, 20 per page." in page


@pytest.mark.parametrize(
    "name, slug, query",
    [
        ("catalogue:region", "flanders", "region=flanders"),
        ("catalogue:theme", "photonics", "theme=photonics"),
    ],
)
def test_region_and_theme_pages_map_their_own_entries(client, seed, name, slug, query):
    page = client.get(reverse(name, args=[slug])).content.decode()
    assert "map-points" not in page
    assert f'data-features-url="/map/features/?{query}"' in map_attributes(page)
    collection = features(client, **dict([query.split("=")]), zoom="14", bbox="-180,-90,180,90")
    located = Infrastructure.objects.published().with_coordinates()
    expected = (
        located.filter(region__slug=slug) if name == "catalogue:region" else located.filter(themes__slug=slug)
    )
    assert total(collection) == expected.count() > 0


def test_the_map_section_is_skippable_and_labels_leaflet_in_the_pages_language(client, seed):
    page = client.get("/nl" + reverse("catalogue:search")).content.decode()
    skip = re.search(r'<a class="skip-map" href="#([\w-]+)">', page)
    assert skip and f'id="{skip.group(1)}"' in page
    container = map_attributes(page)
    assert 'data-features-url="/nl/map/features/' in container
    for attribute in ("data-label-zoom-in", "data-label-zoom-out", "data-label-leaflet"):
        assert re.search(attribute + r'="[^"]+"', container), attribute


def test_the_detail_page_keeps_its_one_inline_point(client, seed):
    page = client.get(reverse("catalogue:infrastructure", args=["familiar-lommel"])).content.decode()
    assert 'id="map-points"' in page and "51.2306" in page
    assert "data-features-url" not in map_attributes(page)


# Coordinates checked against the region's country


@pytest.mark.parametrize(
    "country, latitude, longitude, placement",
    [
        ("BE", 50.85, 4.35, geo.Placement.INSIDE),
        ("BE", -75.0, 0.0, geo.Placement.OUTSIDE),
        ("BE", 4.35, 50.85, geo.Placement.SWAPPED),
        ("GR", 37.98, 23.73, geo.Placement.INSIDE),
        ("EL", 37.98, 23.73, geo.Placement.INSIDE),  # Greece's NUTS code
        ("FR", -21.11, 55.53, geo.Placement.INSIDE),  # Réunion
        ("ES", 28.29, -16.63, geo.Placement.INSIDE),  # Tenerife
        ("PT", 37.74, -25.67, geo.Placement.INSIDE),  # the Azores
        ("NO", 78.22, 15.65, geo.Placement.INSIDE),  # Svalbard
        ("CH", 46.52, 6.57, geo.Placement.INSIDE),
        ("GB", 57.15, -2.09, geo.Placement.INSIDE),
        ("NL", 52.37, 4.90, geo.Placement.INSIDE),
        ("NL", 48.85, 2.35, geo.Placement.OUTSIDE),  # Paris is not in the Netherlands
        ("UA", 50.45, 30.52, geo.Placement.UNCHECKED),
    ],
)
def test_points_are_placed_against_their_countrys_boxes(country, latitude, longitude, placement):
    assert geo.placement(country, latitude, longitude) == placement


def belgian_entry(**fields):
    region = factories.region(country="BE", name_en="Flanders")
    return Infrastructure(
        slug="antarctic-lab", name_en="Antarctic lab", kind="lab", region=region,
        owner=factories.organisation(region=region), **fields,
    )  # fmt: skip


def test_full_clean_refuses_a_belgian_entry_in_antarctica_on_both_coordinates():
    entry = belgian_entry(latitude=Decimal("-75.0"), longitude=Decimal("0.0"))
    with pytest.raises(Exception) as raised:
        entry.full_clean()
    errors = raised.value.message_dict
    assert set(errors) == {"latitude", "longitude"}
    assert "lies outside Belgium, the country of the region Flanders" in errors["latitude"][0]


def test_full_clean_says_when_coordinates_look_swapped():
    entry = belgian_entry(latitude=Decimal("4.35"), longitude=Decimal("50.85"))
    with pytest.raises(Exception) as raised:
        entry.full_clean()
    assert "look swapped" in raised.value.message_dict["latitude"][0]


def test_full_clean_accepts_points_in_the_country_and_countries_without_a_box():
    belgian_entry(latitude=Decimal("50.85"), longitude=Decimal("4.35")).full_clean()
    entry = belgian_entry(latitude=Decimal("50.45"), longitude=Decimal("30.52"))
    entry.region.country = "UA"
    entry.full_clean()


@pytest.fixture
def cast(db):
    return make_cast()


ANTARCTICA = {"latitude": "-75.000000", "longitude": "0.000000"}


def test_the_admin_refuses_a_belgian_entry_in_antarctica(client, cast):
    client.force_login(cast.users["manager_a"])
    url = reverse("admin:infrastructures_infrastructure_change", args=[cast.draft_a.pk])
    data = form_data(client.get(url)) | ANTARCTICA
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "lies outside Belgium" in errors["latitude"][0]
    cast.draft_a.refresh_from_db()
    assert cast.draft_a.latitude is None


def antarctic_upload(client, cast):
    client.force_login(cast.users["manager_a"])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["slug", "name_en", "kind", "owner", "region", "latitude", "longitude"])
    writer.writerow(["antarctic-lab", "Antarctic lab", "lab", "owner-a", "flanders", "-75", "0"])
    return upload(client, buffer.getvalue().encode())


def test_the_import_refuses_a_belgian_entry_in_antarctica(client, cast):
    done = confirm(client, antarctic_upload(client, cast))
    page = done.content.decode()
    assert "nothing was saved" in page
    assert "lies outside Belgium, the country of the region Flanders" in page
    assert not Infrastructure.objects.filter(slug="antarctic-lab").exists()


def test_the_imports_check_already_names_the_line_of_a_belgian_entry_in_antarctica(client, cast):
    page = antarctic_upload(client, cast)
    assert page.status_code == 400
    assert "lies outside Belgium" in page.content.decode()


def test_the_api_refuses_a_belgian_entry_in_antarctica(cast):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=cast.users["manager_a"]).key)
    before = Infrastructure.objects.count()
    payload = {"slug": "antarctic-lab", "name_en": "Antarctic lab", "kind": "lab", "owner": "owner-a",
               "region": "flanders", "latitude": "-75.0", "longitude": "0.0"}  # fmt: skip
    response = api.post("/api/v1/infrastructures/", payload, format="json")
    assert response.status_code == 400
    assert "lies outside Belgium" in response.json()["latitude"][0]
    assert Infrastructure.objects.count() == before
    swapped = api.patch(
        "/api/v1/infrastructures/draft-a/", {"latitude": "4.35", "longitude": "50.85"}, format="json"
    )
    assert swapped.status_code == 400 and "look swapped" in swapped.json()["latitude"][0]
