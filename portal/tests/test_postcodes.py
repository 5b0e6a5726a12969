"""The shipped PLZ data answers what a radius search needs: where a PLZ or a place is, and how far."""

import math

import pytest

from portal.postcodes import bounding_box, distance_km, lookup, lookup_place, lookup_postcode


def test_a_postcode_gives_its_place_and_centre():
    place = lookup_postcode("80331")
    assert place.name == "München"
    assert place.lat == pytest.approx(48.136, abs=0.01)
    assert place.lon == pytest.approx(11.573, abs=0.01)


@pytest.mark.parametrize("typed", ["00000", "1234", "8033 1", "abcde", ""])
def test_unknown_or_malformed_postcodes_give_nothing(typed):
    assert lookup_postcode(typed) is None


def test_a_postcode_typed_with_spaces_around_is_found():
    assert lookup_postcode(" 10115 ").name == "Berlin"


def test_a_postcode_without_coordinates_in_the_data_falls_back_to_its_place():
    # 60312 (Frankfurt am Main, Innenstadt) has no centre of its own in the data.
    place = lookup_postcode("60312")
    frankfurt = lookup_place("Frankfurt am Main")
    assert (place.lat, place.lon) == (frankfurt.lat, frankfurt.lon)
    assert place.name == "Frankfurt am Main"


@pytest.mark.parametrize("typed", ["München", "muenchen", "MÜNCHEN", " münchen "])
def test_a_place_is_found_however_it_is_spelt(typed):
    assert lookup_place(typed).name == "München"


def test_lookup_takes_a_postcode_or_a_place():
    assert lookup("80331").name == "München"
    assert lookup("Köln").name == "Köln"
    assert lookup("Atlantis") is None


def test_distance_berlin_munich_is_about_504_km():
    berlin, munich = lookup_place("Berlin"), lookup_place("München")
    assert distance_km(berlin.lat, berlin.lon, munich.lat, munich.lon) == pytest.approx(504, abs=6)


@pytest.mark.parametrize("bearing", [0, 45, 90, 135, 180, 225, 270, 315])
def test_the_bounding_box_holds_every_point_within_the_radius(bearing):
    lat, lon = 54.5, 9.5  # Schleswig-Holstein: the north, where longitude degrees are shortest
    # A point 49.9 km away in the given direction (spherical destination formula).
    d = 49.9 / 6371.0
    phi1, lam1, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(theta))
    lam2 = lam1 + math.atan2(
        math.sin(theta) * math.sin(d) * math.cos(phi1), math.cos(d) - math.sin(phi1) * math.sin(phi2)
    )
    point = (math.degrees(phi2), math.degrees(lam2))
    assert distance_km(lat, lon, *point) == pytest.approx(49.9, abs=0.001)
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, 50)
    assert min_lat <= point[0] <= max_lat
    assert min_lon <= point[1] <= max_lon
