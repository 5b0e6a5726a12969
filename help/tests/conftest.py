import pytest
from django.apps import apps

from conftest import staff_login


@pytest.fixture
def shipped_help(db):
    """The topics and answers the data migration ships. A test with transaction=True elsewhere in the run
    empties every table, so they are put back where missing (the same function the migration runs)."""
    from help.migrations._initial_content import install
    from help.models import Faq

    install(apps, only_missing=True)
    return {faq.slug: faq for faq in Faq.objects.select_related("category")}


@pytest.fixture
def staff_client(client, staff_user):
    """The root `staff_client` (logged in with a second factor, see conftest.staff_login), with its user."""
    staff_login(client, staff_user)
    client.staff_user = staff_user
    return client
