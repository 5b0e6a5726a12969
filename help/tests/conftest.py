import pytest
from django.apps import apps


@pytest.fixture
def shipped_help(db):
    """The topics and answers the data migration ships. A test with transaction=True elsewhere in the run
    empties every table, so they are put back where missing (the same function the migration runs)."""
    from help.migrations._initial_content import install
    from help.models import Faq

    install(apps, only_missing=True)
    return {faq.slug: faq for faq in Faq.objects.select_related("category")}


@pytest.fixture
def staff_client(client, user_factory):
    staff = user_factory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    client.staff_user = staff
    return client
