"""Two parts of the one access rule that only a broken rule would show (open gaps of the mutation run,
README "Mutation testing"): staff see customers' objects only where a view says so, and a business's news
reaches exactly its current people."""

import pytest
from django.http import Http404

from businesses.access import get_for_user, members_of
from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from conftest import staff_login
from documents.models import Document
from documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_staff_with_every_permission_get_404_for_a_foreign_business_object_unless_the_view_allows_staff(
    client, staff_user
):
    staff_login(client, staff_user)  # a second factor and every permission: the strongest staff account
    document = DocumentFactory()

    with pytest.raises(Http404):
        get_for_user(Document.objects.all(), user=staff_user, pk=document.pk)
    assert get_for_user(Document.objects.all(), user=staff_user, pk=document.pk, allow_staff=True) == document


def test_a_businesss_news_reaches_its_active_people_and_nobody_who_left_or_was_closed():
    business = BusinessFactory()
    admin = MembershipFactory(business=business, role=Membership.Role.ADMIN)
    member = MembershipFactory(business=business)
    MembershipFactory(business=business, status=Membership.Status.ENDED)
    MembershipFactory(business=business, status=Membership.Status.PENDING, activated_at=None)
    closed_account = MembershipFactory(business=business)
    closed_account.user.is_active = False
    closed_account.user.save()
    MembershipFactory()  # someone of another business

    assert {m.user for m in members_of(business_id=business.pk)} == {admin.user, member.user}

    business.is_active = False
    business.save()
    assert list(members_of(business_id=business.pk)) == []
