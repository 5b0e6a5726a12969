import pytest

from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory, PinFactory


@pytest.fixture
def business(db):
    return BusinessFactory(betriebsnummer="1234567", name="Elektro Muster GmbH", email="info@elektro-muster.de")


@pytest.fixture
def pin(business):
    return PinFactory(business=business, clear="ABCDEFGH")


@pytest.fixture
def admin_membership(business, user_factory):
    return MembershipFactory(business=business, user=user_factory(), role=Membership.Role.ADMIN)


@pytest.fixture
def admin_client(client, admin_membership):
    client.force_login(admin_membership.user)
    return client
