import pytest
from django.contrib.auth.models import Permission

from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory


@pytest.fixture
def business(db):
    return BusinessFactory(
        betriebsnummer="4567890",
        name="Salon Schnittig GmbH",
        postal_code="34117",
        city="Kassel",
        email="info@schnittig.example.de",
    )


@pytest.fixture
def member(business, user_factory):
    return MembershipFactory(
        business=business, role=Membership.Role.ADMIN, user=user_factory(email="chefin@schnittig.example.de")
    ).user


@pytest.fixture
def reviewer(user_factory):
    user = user_factory(email="lehrstellen@hwk.example.de", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="review_vacancy"),
        Permission.objects.get(codename="view_vacancy"),
        Permission.objects.get(codename="change_vacancy"),
    )
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
