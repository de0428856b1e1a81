"""Where entries lie: the countries' bounding boxes, and the map's grid clustering done in the database.

Clustering: the view (bbox) is cut into square cells whose size follows the zoom (about 64 screen
pixels); one aggregate query groups the entries by cell (floor(lat / cell), floor(lng / cell)) and
returns each cell's count and mean position. The number of cells covering the view is capped, so
a response holds at most MAX_FEATURES features whether 100 or 100,000 entries match. A cell with
one entry becomes a point with the entry's name, page and city; a cell with several, a cluster.
"""

import enum
import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from django.db.models import Avg, Count, FloatField, Max, Min, Q
from django.db.models.functions import Cast, Floor
from django.utils.translation import gettext as _

MAX_FEATURES = 400
DEFAULT_ZOOM = 4
MAX_ZOOM = 22
CELL_PIXELS = 64  # a cluster icon is about 40 px wide: cells this size keep icons from overlapping
TILE_PIXELS = 256
STACK_LIST_MAX = 25  # a cluster of entries at one address lists them (zooming in cannot part them)
STACK_LIST_TOTAL = 500  # ... up to this many listed entries per response
COORDINATE_PLACES = Decimal("0.000001")  # what the model stores


@dataclass(frozen=True)
class Box:
    """West, south, east, north in degrees. West > east means the box crosses the antimeridian."""

    west: float
    south: float
    east: float
    north: float

    def contains(self, latitude, longitude):
        if not self.south <= latitude <= self.north:
            return False
        if self.west <= self.east:
            return self.west <= longitude <= self.east
        return longitude >= self.west or longitude <= self.east

    def as_list(self):
        return [self.west, self.south, self.east, self.north]


WORLD = Box(-180, -90, 180, 90)

# The EU and EEA countries, the United Kingdom and Switzerland, by ISO 3166-1 alpha-2 code.
# Extents from Natural Earth's admin-0 countries (public domain, naturalearthdata.com), rounded
# outwards with about half a degree of margin; islands and the outermost regions that have ERDF
# programmes (Canaries, Azores, Madeira, the French overseas departments, Caribbean Netherlands)
# have boxes of their own. Generous on purpose: they catch a point on the wrong continent or with
# latitude and longitude swapped, not a point a few kilometres across a border.
COUNTRY_BOXES = {
    "AT": (Box(9.0, 46.0, 17.7, 49.5),),
    "BE": (Box(2.0, 49.0, 7.0, 52.0),),
    "BG": (Box(21.8, 40.7, 29.1, 44.7),),
    "CH": (Box(5.5, 45.3, 11.0, 48.3),),
    "CY": (Box(31.8, 34.0, 35.0, 36.0),),
    "CZ": (Box(11.6, 48.0, 19.3, 51.6),),
    "DE": (Box(5.3, 47.0, 15.6, 55.6),),
    "DK": (Box(7.5, 54.0, 15.7, 58.2),),
    "EE": (Box(21.2, 57.0, 28.7, 60.2),),
    "ES": (
        Box(-9.8, 35.1, 4.9, 44.3),  # the mainland, the Balearic Islands, Ceuta and Melilla
        Box(-18.7, 27.1, -12.8, 29.9),  # the Canary Islands
    ),
    "FI": (Box(19.0, 59.3, 32.1, 70.6),),
    "FR": (
        Box(-5.7, 41.0, 10.0, 51.6),  # the mainland and Corsica
        Box(-63.3, 15.7, -60.7, 18.2),  # Guadeloupe, Martinique, Saint-Martin
        Box(-55.0, 2.0, -51.3, 6.0),  # French Guiana
        Box(55.0, -21.6, 56.0, -20.7),  # Réunion
        Box(44.9, -13.1, 45.4, -12.5),  # Mayotte
    ),
    "GB": (Box(-9.0, 48.9, 2.3, 61.3),),
    "GR": (Box(19.0, 34.5, 30.0, 42.2),),
    "HR": (Box(13.0, 42.0, 19.9, 47.0),),
    "HU": (Box(15.6, 45.2, 23.4, 49.1),),
    "IE": (Box(-11.0, 51.0, -5.5, 55.9),),
    "IS": (Box(-25.0, 62.8, -13.0, 67.1),),
    "IT": (Box(6.1, 35.0, 19.0, 47.6),),
    "LI": (Box(9.3, 46.9, 9.8, 47.4),),
    "LT": (Box(20.4, 53.4, 27.3, 56.9),),
    "LU": (Box(5.4, 49.2, 6.9, 50.5),),
    "LV": (Box(20.5, 55.2, 28.7, 58.6),),
    "MT": (Box(13.9, 35.6, 14.9, 36.3),),
    "NL": (
        Box(2.8, 50.5, 7.7, 54.0),  # the European Netherlands
        Box(-68.5, 11.9, -62.8, 17.8),  # Bonaire, Sint Eustatius and Saba
    ),
    "NO": (
        Box(4.0, 57.4, 31.7, 71.7),  # the mainland
        Box(10.0, 76.0, 34.0, 81.0),  # Svalbard
    ),
    "PL": (Box(13.6, 48.5, 24.7, 55.3),),
    "PT": (
        Box(-10.0, 36.5, -5.7, 42.6),  # the mainland
        Box(-31.8, 36.4, -24.3, 40.2),  # the Azores
        Box(-17.5, 29.8, -15.7, 33.4),  # Madeira and the Savage Islands
    ),
    "RO": (Box(19.7, 43.1, 30.3, 48.8),),
    "SE": (Box(10.4, 54.8, 24.7, 69.6),),
    "SI": (Box(12.9, 44.9, 17.1, 47.4),),
    "SK": (Box(16.3, 47.2, 23.1, 50.1),),
}
# Codes people use for these countries that are not ISO's: Greece's NUTS code, the UK's domain.
COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}


class Placement(enum.Enum):
    INSIDE = "inside"
    OUTSIDE = "outside"
    SWAPPED = "swapped"  # outside, but inside with latitude and longitude exchanged
    UNCHECKED = "unchecked"  # a country without a box here


def country_code(country):
    code = (country or "").strip().upper()
    return COUNTRY_ALIASES.get(code, code)


def placement(country, latitude, longitude):
    """Where a point lies relative to its country's boxes."""
    boxes = COUNTRY_BOXES.get(country_code(country))
    if not boxes:
        return Placement.UNCHECKED
    latitude, longitude = float(latitude), float(longitude)
    if any(box.contains(latitude, longitude) for box in boxes):
        return Placement.INSIDE
    if abs(longitude) <= 90 and any(box.contains(longitude, latitude) for box in boxes):
        return Placement.SWAPPED
    return Placement.OUTSIDE


def plausible(country_field="region__country"):
    """A Q for entries whose point lies in their region's country (or in a country without a box).
    One country test per country, then its boxes: SQLite reads it three times faster than one
    test per box."""
    inside = Q()
    for code, boxes in COUNTRY_BOXES.items():
        codes = [code, *(alias for alias, target in COUNTRY_ALIASES.items() if target == code)]
        in_a_box = Q()
        for box in boxes:
            in_a_box |= Q(
                latitude__gte=box.south,
                latitude__lte=box.north,
                longitude__gte=box.west,
                longitude__lte=box.east,
            )
        inside |= Q(**{f"{country_field}__in": codes}) & in_a_box
    known = [*COUNTRY_BOXES, *COUNTRY_ALIASES]
    return ~Q(**{f"{country_field}__in": known}) | inside


# The map's parameters


class BadParameter(ValueError):
    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def _rounded(value, rounding):
    return Decimal(value).quantize(COORDINATE_PLACES, rounding=rounding)


def parse_bbox(text):
    """'west,south,east,north' in degrees; west > east crosses the antimeridian."""
    message = _("Give bbox as four numbers in degrees: west,south,east,north, e.g. 2.5,49.4,7.3,53.6.")
    text = text or ""
    parts = text.split(",")
    if len(text) > 200 or len(parts) != 4:
        raise BadParameter("bbox", message)
    try:
        values = [Decimal(part.strip()) for part in parts]
    except InvalidOperation:
        raise BadParameter("bbox", message) from None
    if not all(value.is_finite() for value in values):
        raise BadParameter("bbox", message)
    west, south, east, north = values
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise BadParameter("bbox", _("Longitudes lie between -180 and 180, latitudes between -90 and 90."))
    if south > north:
        raise BadParameter("bbox", _("The south edge of bbox lies north of its north edge."))
    # Outwards to the places the model stores, so that the database compares exact values.
    return Box(
        float(_rounded(west, ROUND_FLOOR)),
        float(_rounded(south, ROUND_FLOOR)),
        float(_rounded(east, ROUND_CEILING)),
        float(_rounded(north, ROUND_CEILING)),
    )


def parse_zoom(text):
    if text is None or text == "":
        return DEFAULT_ZOOM
    if not (text.isascii() and text.isdigit() and len(text) <= 2 and int(text) <= MAX_ZOOM):
        raise BadParameter("zoom", _("Give zoom as a whole number from 0 to %(max)s.") % {"max": MAX_ZOOM})
    return int(text)


# Clustering


def _cells_across(low, high, size):
    return math.floor(high / size) - math.floor(low / size) + 1


def cells_covering(box, size):
    rows = _cells_across(box.south, box.north, size)
    if box.west <= box.east:
        return rows * _cells_across(box.west, box.east, size)
    return rows * (_cells_across(box.west, 180, size) + _cells_across(-180, box.east, size))


def cell_size(zoom, box, cap=MAX_FEATURES):
    """The cell, in degrees, for this zoom; doubled while more than `cap` cells would cover the
    box (a huge box asked at a close zoom). Powers of two keep the grid the same as one pans."""
    size = 360 * CELL_PIXELS / (TILE_PIXELS * 2**zoom)
    while cells_covering(box, size) > cap:
        size *= 2
    return size


def in_box(queryset, box):
    queryset = queryset.with_coordinates().filter(latitude__gte=box.south, latitude__lte=box.north)
    if box.west <= box.east:
        return queryset.filter(longitude__gte=box.west, longitude__lte=box.east)
    return queryset.filter(Q(longitude__gte=box.west) | Q(longitude__lte=box.east))


def _grid(queryset, size):
    """One aggregate query: per occupied cell, its count, mean and extent."""
    return list(
        queryset.order_by()
        .annotate(
            cell_x=Floor(Cast("longitude", FloatField()) / size),
            cell_y=Floor(Cast("latitude", FloatField()) / size),
        )
        .values("cell_x", "cell_y")
        .annotate(
            count=Count("pk"),
            first=Min("pk"),
            mean_lat=Avg("latitude"),
            mean_lng=Avg("longitude"),
            south=Min("latitude"),
            north=Max("latitude"),
            west=Min("longitude"),
            east=Max("longitude"),
        )
        .order_by("-cell_y", "cell_x")
    )


def _place(value):
    return Decimal(str(value)).quantize(COORDINATE_PLACES)


def _is_stack(cell):
    return cell["count"] > 1 and cell["south"] == cell["north"] and cell["west"] == cell["east"]


def _described(entry):
    return {"name": entry.name, "url": entry.get_absolute_url(), "city": entry.city}


def _descriptions(queryset, cells):
    """Name, page and city of the single entries and of the listed stacks: one query at most."""
    singles = [cell["first"] for cell in cells if cell["count"] == 1]
    stacks, listed = [], 0
    for cell in cells:
        if _is_stack(cell) and cell["count"] <= STACK_LIST_MAX and listed + cell["count"] <= STACK_LIST_TOTAL:
            stacks.append((_place(cell["south"]), _place(cell["west"])))
            listed += cell["count"]
    if not singles and not stacks:
        return {}, {}
    wanted = Q(pk__in=singles)
    for latitude, longitude in stacks:
        wanted |= Q(latitude=latitude, longitude=longitude)
    entries = (
        queryset.order_by().filter(wanted).only("slug", "name_en", "name_nl", "city", "latitude", "longitude")
    )
    by_pk, by_place = {}, {place: [] for place in stacks}
    single_pks = set(singles)
    for entry in entries:
        if entry.pk in single_pks:
            by_pk[entry.pk] = _described(entry)
        place = (_place(entry.latitude), _place(entry.longitude))
        if place in by_place:
            by_place[place].append(_described(entry))
    for described in by_place.values():
        described.sort(key=lambda item: item["name"].casefold())
    return by_pk, by_place


def _coordinates(value):
    return round(float(value), 6)


def _feature(cell, by_pk, by_place):
    point = {"type": "Point", "coordinates": [_coordinates(cell["mean_lng"]), _coordinates(cell["mean_lat"])]}
    properties = {"count": cell["count"]}
    if cell["count"] == 1:
        properties.update(by_pk.get(cell["first"], {}))
    else:
        properties["extent"] = [_coordinates(cell[edge]) for edge in ("west", "south", "east", "north")]
        properties["stacked"] = _is_stack(cell)
        entries = by_place.get((_place(cell["south"]), _place(cell["west"])))
        if properties["stacked"] and entries is not None:
            properties["entries"] = entries
    return {"type": "Feature", "geometry": point, "properties": properties}


def extent(queryset):
    """[west, south, east, north] of the matching entries, for the map's first view; or None.

    Entries whose point lies outside their region's country (data from before the check, a typo)
    do not count, so that one wild point cannot zoom the map out to the world; unless no entry is
    plausible, then all count (a second query, only then)."""
    edges = {
        "west": Min("longitude"),
        "south": Min("latitude"),
        "east": Max("longitude"),
        "north": Max("latitude"),
    }
    located = queryset.with_coordinates().order_by()
    found = located.filter(plausible()).aggregate(**edges)
    if found["south"] is None:
        found = located.aggregate(**edges)
    if found["south"] is None:
        return None
    return [_coordinates(found[edge]) for edge in ("west", "south", "east", "north")]


def feature_collection(queryset, *, zoom=DEFAULT_ZOOM, box=None, cap=MAX_FEATURES):
    """The entries of `queryset` inside `box` as GeoJSON: points and clusters, at most `cap`.

    Without a box: the whole world, and `bounds`, the extent of the entries for a first view.
    Queries: the grid, the descriptions (when a cell holds one entry or a listed stack), the bounds
    (without a box); however many entries match."""
    size = cell_size(zoom, box or WORLD, cap)
    cells = _grid(in_box(queryset, box or WORLD), size)
    by_pk, by_place = _descriptions(queryset, cells)
    collection = {
        "type": "FeatureCollection",
        "features": [_feature(cell, by_pk, by_place) for cell in cells],
        "total": sum(cell["count"] for cell in cells),
        "zoom": zoom,
        "cell": size,
    }
    if box is None:
        collection["bounds"] = extent(queryset)
    return collection
