import pytest
from django.contrib.auth.models import Permission

from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from contracts.tests.factories import ContractFactory, TrainerFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture
def business(db):
    return BusinessFactory(betriebsnummer="3456789", name="Salon Schnittig GmbH", email="info@schnittig.example.de")


@pytest.fixture
def member(business, user_factory):
    """An active administrator of the business."""
    return MembershipFactory(
        business=business, role=Membership.Role.ADMIN, user=user_factory(email="chefin@schnittig.example.de")
    ).user


@pytest.fixture
def colleague(business, user_factory):
    return MembershipFactory(business=business, user=user_factory(email="geselle@schnittig.example.de")).user


@pytest.fixture
def trainer(business):
    return TrainerFactory(business=business, first_name="Meike", last_name="Meisterin")


@pytest.fixture
def contract(business, trainer):
    return ContractFactory(
        business=business,
        trainer=trainer,
        apprentice_first_name="Lena",
        apprentice_last_name="Lockenwickler",
        apprentice_email="lena@example.de",
    )


@pytest.fixture
def reviewer(user_factory):
    """Chamber staff with the permission to review and register contracts."""
    user = user_factory(email="pruefung@hwk.example.de", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="review_apprenticeshipcontract"),
        Permission.objects.get(codename="view_apprenticeshipcontract"),
        Permission.objects.get(codename="change_apprenticeshipcontract"),
    )
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
