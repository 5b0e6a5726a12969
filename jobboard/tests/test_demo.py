from django.core.management import call_command

from jobboard.models import Vacancy

from .factories import occupation


def test_demo_data_has_published_postings_and_one_awaiting_review_and_is_idempotent(db):
    occupation()  # the shipped catalogue, in case a flushing test ran before
    call_command("demo_data")
    call_command("demo_data")
    assert Vacancy.objects.visible().count() == 3
    assert Vacancy.objects.filter(status=Vacancy.Status.REVIEW).count() == 1
    assert all(v.lat is not None for v in Vacancy.objects.all())
    # Each posting is for the occupation its title names (a missing catalogue name once fell back to another).
    for vacancy in Vacancy.objects.select_related("occupation"):
        stem = vacancy.occupation.name.split("/")[0]
        assert stem in vacancy.title or vacancy.kind != Vacancy.Kind.APPRENTICESHIP, (vacancy.title, vacancy.occupation)
