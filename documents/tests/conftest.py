import pytest

from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from documents.models import Department

from .factories import DepartmentFactory


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # Stored files go to a directory of this test only (tests with `storage_backend` choose their own).
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture
def business(db):
    return BusinessFactory(betriebsnummer="1234567", name="Elektro Muster GmbH", email="info@elektro-muster.de")


@pytest.fixture
def member(business, user_factory):
    """An administrator of the business (a member with the admin role)."""
    return MembershipFactory(
        business=business, role=Membership.Role.ADMIN, user=user_factory(first_name="Max", last_name="Muster")
    ).user


@pytest.fixture
def colleague(business, user_factory):
    return MembershipFactory(
        business=business, role=Membership.Role.MEMBER, user=user_factory(first_name="Gesa", last_name="Geselle")
    ).user


@pytest.fixture
def department(db) -> Department:
    return DepartmentFactory(name="Lehrlingsrolle")


@pytest.fixture
def staff(user_factory):
    from django.contrib.auth.models import Permission

    user = user_factory(is_staff=True, first_name="Sabine", last_name="Sachbearbeiter")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="documents"))
    return user
