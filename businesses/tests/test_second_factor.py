"""A business may require a second factor of all its members; its administrators are urged to use one."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from businesses.models import AuditEvent, Membership
from businesses.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

MINE_URL = reverse("businesses:mine")
SWITCH_URL = reverse("businesses:second_factor_policy")


def with_second_factor(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop"})
    return user


def text(response) -> str:
    return response.content.decode()


def test_administrators_without_a_second_factor_are_urged_to_set_one_up(admin_client):
    page = text(admin_client.get(MINE_URL))

    assert "Schützen Sie den Zugang Ihres Betriebs" in page
    assert reverse("mfa_index") in page


def test_the_switch_needs_a_second_factor_of_the_administrator(admin_client, admin_membership):
    response = admin_client.post(SWITCH_URL, {"required": "on"}, follow=True)

    assert "Bitte richten Sie zuerst für Ihr eigenes Konto einen zweiten Faktor ein." in text(response)
    admin_membership.business.refresh_from_db()
    assert not admin_membership.business.second_factor_required


def test_an_administrator_switches_it_on_and_off_and_it_is_audited(admin_client, admin_membership):
    with_second_factor(admin_membership.user)

    on = admin_client.post(SWITCH_URL, {"required": "on"}, follow=True)
    admin_membership.business.refresh_from_db()
    assert admin_membership.business.second_factor_required
    assert "braucht jedes Mitglied" in text(on)

    admin_client.post(SWITCH_URL, {})
    admin_membership.business.refresh_from_db()
    assert not admin_membership.business.second_factor_required
    actions = list(
        AuditEvent.objects.filter(business=admin_membership.business, action__startswith="businesses.second_factor")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("businesses.second_factor.required", admin_membership.user_id),
        ("businesses.second_factor.not_required", admin_membership.user_id),
    ]


def test_members_cannot_switch_it(client, business, user_factory):
    member = MembershipFactory(business=business, role=Membership.Role.MEMBER, user=with_second_factor(user_factory()))
    client.force_login(member.user)

    client.post(SWITCH_URL, {"required": "on"})

    business.refresh_from_db()
    assert not business.second_factor_required


def test_members_without_a_second_factor_see_what_to_do_instead_of_the_business_functions(
    client, business, user_factory
):
    business.second_factor_required = True
    business.save()
    member = MembershipFactory(business=business, role=Membership.Role.MEMBER)
    colleague = MembershipFactory(business=business, role=Membership.Role.MEMBER)
    client.force_login(member.user)

    mine = text(client.get(MINE_URL))
    assert "Ihr Betrieb verlangt die Zwei-Faktor-Anmeldung" in mine
    assert colleague.user.email not in mine, "the member list is a business function too"

    # Every view behind the business access check answers with the explanation, not the function.
    refused = client.get(reverse("businesses:leave"))
    assert refused.status_code == 403
    assert "Jetzt zweiten Faktor einrichten" in text(refused)

    with_second_factor(member.user)
    assert client.get(reverse("businesses:leave")).status_code == 200
    assert colleague.user.email in text(client.get(MINE_URL))


def test_the_rule_applies_to_the_business_that_set_it_only(client, business, user_factory):
    business.second_factor_required = True
    business.save()
    member = MembershipFactory(role=Membership.Role.MEMBER)  # of another business
    client.force_login(member.user)

    assert client.get(reverse("businesses:leave")).status_code == 200


def test_administrators_see_which_members_have_a_second_factor(admin_client, business, user_factory):
    protected = MembershipFactory(business=business, user=with_second_factor(user_factory()))
    MembershipFactory(business=business)

    page = text(admin_client.get(MINE_URL))

    assert "1 von 3 Mitgliedern hat einen zweiten Faktor." in page
    assert protected.user.email in page


def test_the_requirement_also_holds_where_no_business_page_is_in_between(business):
    """The one access rule carries the requirement: a member without a second factor can neither book for
    the business nor see its bookings, also through the services that no business page guards."""
    from businesses import access
    from courses import selectors as course_selectors
    from courses import services as course_services
    from courses.tests.factories import BookingFactory, CourseFactory

    business.second_factor_required = True
    business.save()
    member = MembershipFactory(business=business, role=Membership.Role.ADMIN).user
    booking = BookingFactory(booked_by=member, business=business)

    assert list(access.businesses_for(member)) == []
    assert course_selectors.businesses_for_booking(member) == []
    assert not course_selectors.booking_list_for_user(user=member).filter(pk=booking.pk).exists()
    with pytest.raises(course_services.CourseError) as error:
        course_services.booking_create(
            course_id=CourseFactory().pk,
            booked_by=member,
            participant_name="Erika Geselle",
            participant_email="erika@example.de",
            business=business,
        )
    assert error.value.code == "forbidden"

    with_second_factor(member)
    assert list(access.businesses_for(member)) == [business]
    assert course_selectors.booking_list_for_user(user=member).filter(pk=booking.pk).exists()
