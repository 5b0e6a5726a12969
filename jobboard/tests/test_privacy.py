"""The job board's part of the data export and of the account deletion."""

import pytest

from jobboard import privacy
from jobboard.models import SavedSearch, Vacancy
from portal.privacy import Erasure

from .factories import VacancyFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase(member, business, user_factory):
    SavedSearch.objects.create(user=member, name="Friseur Kassel", params={"where": "34117"})
    SavedSearch.objects.create(user=user_factory(), name="Fremd", params={})
    VacancyFactory(business=business, created_by=member, title="Meine Stelle")
    VacancyFactory(business=business, title="Fremde Stelle")

    part = privacy.export(member)
    assert [row["name"] for row in part.data["saved_searches"]] == ["Friseur Kassel"]
    assert [row["title"] for row in part.data["postings_created"]] == ["Meine Stelle"]

    notes = privacy.erase_notes(member)
    privacy.erase(member, erasure=Erasure(by_owner=True, reason="test"))
    member.delete()
    assert list(SavedSearch.objects.values_list("name", flat=True)) == ["Fremd"]
    assert Vacancy.objects.get(title="Meine Stelle").created_by is None
    assert notes == ["1 von Ihnen für einen Betrieb angelegte Stelle bleibt beim Betrieb, ohne Ihren Namen."]
