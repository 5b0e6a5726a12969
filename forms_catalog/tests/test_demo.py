import pytest

from accounts import demo as accounts_demo
from businesses import demo as businesses_demo
from forms_catalog import demo
from forms_catalog.definitions import definition_errors
from forms_catalog.models import FormDefinition, Submission

pytestmark = pytest.mark.django_db


def test_demo_forms_can_be_rendered_and_loading_twice_changes_nothing():
    accounts_demo.load()
    businesses_demo.load()
    demo.load()
    demo.load()
    definitions = FormDefinition.objects.all()
    assert definitions.count() == 3
    assert all(definition_errors(d) == [] for d in definitions)
    assert definitions.get(slug="aenderung-betriebsanschrift").is_business_only
    copy_request = Submission.objects.get(form__slug="zweitschrift-handwerkskarte")
    assert copy_request.user.email == "kunde@example.de"
    assert copy_request.status == Submission.Status.IN_PROGRESS
    move = Submission.objects.get(form__slug="aenderung-betriebsanschrift")
    assert move.business is not None
    assert Submission.objects.count() == 2
