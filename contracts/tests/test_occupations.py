from contracts.models import Occupation


def test_the_catalogue_ships_the_common_handwerk_occupations_with_their_durations(db):
    assert Occupation.objects.active().count() >= 40
    assert Occupation.objects.get(name="Kraftfahrzeugmechatroniker/in").duration_months == 42
    assert Occupation.objects.get(name="Friseur/in").duration_months == 36


def test_staff_deactivate_an_occupation_instead_of_deleting_it(db):
    Occupation.objects.filter(name="Glaser/in").update(is_active=False)
    assert not Occupation.objects.active().filter(name="Glaser/in").exists()
    assert Occupation.objects.filter(name="Glaser/in").exists()
