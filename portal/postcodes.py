"""German postcodes (PLZ) with their places and coordinates, for searches by place and radius.

The data ships with the code (`portal/data/postcodes_de.csv`, about 8,200 rows, read once per
process): nothing is fetched at run time. Each row holds a PLZ, its places (several for a PLZ that
covers villages, separated by `|`) and the WGS84 centre of the PLZ area. Sources and licences are
in the README ("Postcode data"). A PLZ without coordinates in the data falls back to the centre of
its place; a place is found by name, case- and umlaut-insensitively ("muenchen", "MÜNCHEN").

    >>> lookup_postcode("80331")
    Place(postcode='80331', name='München', lat=48.136, lon=11.5729)
    >>> distance_km(52.52, 13.405, 48.1372, 11.5755)  # Berlin - München
    504.2...

Distances are great-circle distances (haversine, earth radius 6371.0 km): what a person means by
"within 25 km", not the road distance.
"""

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "postcodes_de.csv"
EARTH_RADIUS_KM = 6371.0
POSTCODE_RE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Place:
    postcode: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class _Data:
    by_postcode: dict[str, Place]
    by_place: dict[str, Place]


def normalise_place(name: str) -> str:
    """The key a place is looked up by: lower case, umlauts and ß spelt out, only letters and digits."""
    text = name.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text)


@cache
def _data() -> _Data:
    rows = []
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            places = [p for p in row["places"].split("|") if p]
            coords = (float(row["lat"]), float(row["lon"])) if row["lat"] else None
            rows.append((row["postcode"], places, coords))

    # A place's centre: the mean of the centres of its postcodes (Berlin has about 190).
    sums: dict[str, list] = {}
    for postcode, places, coords in rows:
        for name in places:
            entry = sums.setdefault(normalise_place(name), [name, postcode, 0.0, 0.0, 0])
            if coords:
                entry[2] += coords[0]
                entry[3] += coords[1]
                entry[4] += 1
    by_place = {
        key: Place(postcode=first, name=name, lat=round(lat / n, 4), lon=round(lon / n, 4))
        for key, (name, first, lat, lon, n) in sums.items()
        if n
    }

    by_postcode = {}
    for postcode, places, coords in rows:
        name = places[0] if places else ""
        if coords is None:
            fallback = by_place.get(normalise_place(name)) if name else None
            if fallback is None:
                continue
            coords = (fallback.lat, fallback.lon)
        by_postcode[postcode] = Place(postcode=postcode, name=name, lat=coords[0], lon=coords[1])
    return _Data(by_postcode=by_postcode, by_place=by_place)


def lookup_postcode(postcode: str) -> Place | None:
    """The place and centre of a German PLZ, or None when the PLZ is unknown (or not five digits)."""
    postcode = (postcode or "").strip()
    if not POSTCODE_RE.match(postcode):
        return None
    return _data().by_postcode.get(postcode)


def lookup_place(name: str) -> Place | None:
    """A place by its name (case- and umlaut-insensitive): its centre and its first PLZ, or None."""
    key = normalise_place(name or "")
    return _data().by_place.get(key) if key else None


def lookup(text: str) -> Place | None:
    """What a person types into "PLZ oder Ort": a PLZ if it is five digits, else a place name."""
    text = (text or "").strip()
    return lookup_postcode(text) if POSTCODE_RE.match(text) else lookup_place(text)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that holds every point within `km` of (lat, lon).

    The box is slightly larger than the circle (it is cut by `distance_km` afterwards); it serves an
    index on latitude and longitude so a radius search never reads all rows.
    """
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    # Longitude degrees shrink towards the poles; use the latitude nearest the pole within the box.
    widest = min(89.9, abs(lat) + dlat)
    dlon = math.degrees(km / (EARTH_RADIUS_KM * math.cos(math.radians(widest))))
    return (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
