import pytest
from django.http import Http404
from django.test import Client, RequestFactory

from businesses import access, selectors, services
from businesses.access import business_member_required
from businesses.models import AuditEvent, Business, Membership
from businesses.services import BusinessError
from businesses.tests.factories import BranchFactory, BusinessFactory, MembershipFactory


def test_mein_betrieb_shows_business_and_members(admin_client, admin_membership, business):
    colleague = MembershipFactory(business=business)
    html = admin_client.get("/betrieb/").content.decode()
    assert "Elektro Muster GmbH" in html
    assert colleague.user.email in html
    assert "Kollegin oder Kollegen einladen" in html
    assert f"/betrieb/mitglieder/{colleague.pk}/entfernen/" in html


def test_mein_betrieb_leads_to_the_business_functions(client, business):
    member = MembershipFactory(business=business)
    client.force_login(member.user)
    html = client.get("/betrieb/").content.decode()
    assert "Dienste für Ihren Betrieb" in html
    for path, title in [
        ("/lehrvertraege/", "Online-Lehrvertrag"),
        ("/postfach/", "Dateiaustausch"),
        ("/lehrstellen/betrieb/", "Lehrstellen- und Praktikumsbörse"),
    ]:
        assert f'href="{path}">{title}</a>' in html, path


def test_member_sees_colleagues_but_no_admin_actions(client, business, admin_membership):
    member = MembershipFactory(business=business)
    client.force_login(member.user)
    html = client.get("/betrieb/").content.decode()
    assert admin_membership.user.email in html
    assert "/entfernen/" not in html
    assert "Kollegin oder Kollegen einladen" not in html


def test_user_without_link_sees_how_to_link(client_logged_in):
    html = client_logged_in.get("/betrieb/").content.decode()
    assert "noch nicht mit einem Betrieb verknüpft" in html
    assert 'href="/betrieb/verknuepfen/"' in html


def test_my_portal_lists_businesses_and_opens_business_services(client, admin_membership):
    client.force_login(admin_membership.user)
    html = client.get("/mein-portal/").content.decode()
    assert "Elektro Muster GmbH (1234567)" in html
    assert 'href="/betrieb/"' in html


def test_admin_removes_member_with_reason_and_member_loses_access_on_next_request(
    admin_client, business, mailoutbox, django_capture_on_commit_callbacks
):
    member = MembershipFactory(business=business)
    client = Client()
    client.force_login(member.user)
    assert "Elektro Muster GmbH" in client.get("/betrieb/").content.decode()
    page = admin_client.get(f"/betrieb/mitglieder/{member.pk}/entfernen/")
    assert "Mitglied entfernen" in page.content.decode()
    empty = admin_client.post(f"/betrieb/mitglieder/{member.pk}/entfernen/", {"reason": ""})
    assert "Bitte geben Sie einen Grund an" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/betrieb/mitglieder/{member.pk}/entfernen/", {"reason": "Ausgeschieden"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Membership.Status.ENDED
    assert member.end_reason == "Ausgeschieden"
    assert mailoutbox[-1].to == [member.user.email]
    # The same session, next request: refused.
    html = client.get("/betrieb/").content.decode()
    assert "noch nicht mit einem Betrieb verknüpft" in html
    assert client.get("/betrieb/verlassen/")["Location"] == "/betrieb/verknuepfen/"
    event = AuditEvent.objects.get(action="businesses.membership.removed")
    assert event.actor == admin_membership_user(business)
    assert event.payload["reason"] == "Ausgeschieden"


def admin_membership_user(business):
    return Membership.objects.get(business=business, role=Membership.Role.ADMIN).user


def test_member_leaves(client, business, admin_membership):
    member = MembershipFactory(business=business)
    client.force_login(member.user)
    assert "Betrieb verlassen" in client.get("/betrieb/verlassen/").content.decode()
    client.post("/betrieb/verlassen/")
    member.refresh_from_db()
    assert member.status == Membership.Status.ENDED
    assert member.ended_by == member.user
    assert AuditEvent.objects.filter(action="businesses.membership.left", target_user=member.user).exists()


def test_last_admin_cannot_leave_while_members_remain(admin_client, admin_membership, business):
    member = MembershipFactory(business=business)
    html = admin_client.post("/betrieb/verlassen/").content.decode()
    assert "letzte Person mit der Rolle Administrator/in" in html
    admin_membership.refresh_from_db()
    assert admin_membership.status == Membership.Status.ACTIVE
    with pytest.raises(BusinessError):
        services.membership_end(
            membership=admin_membership, ended_by=member.user, reason="x", action="businesses.membership.left"
        )
    # After naming another admin, leaving works.
    admin_client.post(f"/betrieb/mitglieder/{member.pk}/rolle/", {"role": "admin"})
    member.refresh_from_db()
    assert member.role == Membership.Role.ADMIN
    admin_client.post("/betrieb/verlassen/")
    admin_membership.refresh_from_db()
    assert admin_membership.status == Membership.Status.ENDED


def test_last_admin_cannot_be_demoted_while_members_remain(admin_client, admin_membership, business):
    member = MembershipFactory(business=business)

    response = admin_client.post(f"/betrieb/mitglieder/{admin_membership.pk}/rolle/", {"role": "member"}, follow=True)

    assert "letzte Person mit der Rolle Administrator/in" in response.content.decode()
    admin_membership.refresh_from_db()
    assert admin_membership.role == Membership.Role.ADMIN
    with pytest.raises(BusinessError) as error:
        services.membership_change_role(actor=admin_membership.user, membership=admin_membership, role="member")
    assert error.value.code == "last_admin"
    # With a second admin, the first may step down.
    services.membership_change_role(actor=admin_membership.user, membership=member, role="admin")
    services.membership_change_role(actor=admin_membership.user, membership=admin_membership, role="member")
    admin_membership.refresh_from_db()
    assert admin_membership.role == Membership.Role.MEMBER


def test_last_admin_alone_may_leave(admin_client, admin_membership):
    admin_client.post("/betrieb/verlassen/")
    admin_membership.refresh_from_db()
    assert admin_membership.status == Membership.Status.ENDED


def test_admin_changes_roles_and_role_change_is_audited(admin_client, admin_membership, business):
    member = MembershipFactory(business=business)
    response = admin_client.post(f"/betrieb/mitglieder/{member.pk}/rolle/", {"role": "admin"}, follow=True)
    assert "ist jetzt Administrator" in response.content.decode()
    event = AuditEvent.objects.get(action="businesses.membership.role_changed")
    assert event.payload == {"membership": member.pk, "from": "member", "to": "admin"}


def test_member_cannot_use_admin_actions(client, business, admin_membership):
    member = MembershipFactory(business=business)
    client.force_login(member.user)
    response = client.post(f"/betrieb/mitglieder/{admin_membership.pk}/entfernen/", {"reason": "Putsch"}, follow=True)
    assert "Nur Administrator/-innen des Betriebs" in response.content.decode()
    admin_membership.refresh_from_db()
    assert admin_membership.status == Membership.Status.ACTIVE


def test_user_of_business_a_gets_404_for_business_b(admin_client, admin_membership):
    other = BusinessFactory()
    other_member = MembershipFactory(business=other)
    assert admin_client.get(f"/betrieb/mitglieder/{other_member.pk}/entfernen/").status_code == 404
    assert admin_client.post(f"/betrieb/mitglieder/{other_member.pk}/rolle/", {"role": "member"}).status_code == 404
    assert admin_client.post("/betrieb/wechseln/", {"business": other.pk}).status_code == 404
    pending_elsewhere = MembershipFactory(business=other, status=Membership.Status.PENDING)
    assert admin_client.get(f"/betrieb/verknuepfung/{pending_elsewhere.pk}/").status_code == 404
    with pytest.raises(Http404):
        selectors.membership_get_for_admin(user=admin_membership.user, pk=other_member.pk)
    assert selectors.membership_get_for_admin(user=admin_membership.user, pk=admin_membership.pk)
    assert list(access.businesses_for(admin_membership.user)) == [admin_membership.business]


def test_user_of_main_business_and_branch_switches_between_them(client, user, business):
    branch = BranchFactory(main_business=business, filialnummer="3", name="Elektro Muster Filiale Nord")
    MembershipFactory(user=user, business=business, role=Membership.Role.ADMIN)
    MembershipFactory(user=user, business=branch)
    client.force_login(user)
    html = client.get("/betrieb/").content.decode()
    assert "Betrieb wechseln" in html
    response = client.post("/betrieb/wechseln/", {"business": branch.pk}, follow=True)
    html = response.content.decode()
    assert '<h2 id="business-heading" class="h4">Elektro Muster Filiale Nord</h2>' in html
    # A later request keeps the chosen branch.
    assert "Filiale Nord</h2>" in client.get("/betrieb/").content.decode()


def test_access_decorator_sets_business_and_refuses_others(rf: RequestFactory, user, business):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore

    @business_member_required
    def view(request):
        from django.http import HttpResponse

        return HttpResponse(request.business.name)

    request = rf.get("/x/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    assert view(request)["Location"] == "/betrieb/verknuepfen/"
    membership = MembershipFactory(user=user, business=business)
    request = rf.get("/x/")
    request.user = user
    request.session = SessionStore()
    assert view(request).content.decode() == "Elektro Muster GmbH"
    membership.status = Membership.Status.ENDED
    membership.save()
    request = rf.get("/x/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    assert view(request).status_code == 302


def test_inactive_business_gives_no_access(client, user, business):
    MembershipFactory(user=user, business=business)
    business.is_active = False
    business.save()
    client.force_login(user)
    assert "noch nicht mit einem Betrieb verknüpft" in client.get("/betrieb/").content.decode()


def test_user_sees_history_of_own_links(client, business, admin_membership):
    member = MembershipFactory(business=business)
    services.membership_remove(actor=admin_membership.user, membership=member, reason="Ruhestand")
    client.force_login(member.user)
    html = client.get("/betrieb/verlauf/").content.decode()
    assert "Ruhestand" in html
    assert "Entfernt von" in html


def test_after_last_admin_is_removed_by_staff_the_next_pin_linker_becomes_admin(
    business, user_factory, admin_membership
):
    from businesses.tests.factories import PinFactory

    staff = user_factory(is_staff=True)
    member = MembershipFactory(business=business)
    services.membership_end_by_staff(membership=admin_membership, staff_user=staff, reason="Firma verlassen")
    assert not Membership.objects.filter(business=business, role="admin").exclude(status="ended").exists()
    PinFactory(business=business, clear="NEWADMNX")
    newcomer = user_factory()
    membership = services.pin_redeem(user=newcomer, betriebsnummer=business.betriebsnummer, pin="NEWADMNX")
    assert membership.role == Membership.Role.ADMIN
    assert member.role == Membership.Role.MEMBER


@pytest.mark.parametrize("colleagues", [2, 25])
def test_mein_betrieb_needs_a_bounded_number_of_queries(
    admin_client, business, colleagues, django_assert_max_num_queries
):
    for _ in range(colleagues):
        MembershipFactory(business=business)
    with django_assert_max_num_queries(14):
        response = admin_client.get("/betrieb/")
    assert response.content.decode().count("/entfernen/") == colleagues


def test_class_based_views_use_the_mixin(rf, user, business):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.http import HttpResponse
    from django.views import View

    from businesses.access import BusinessMemberMixin

    class ContractList(BusinessMemberMixin, View):
        def get(self, request):
            return HttpResponse(f"{request.business.name}/{request.membership.get_role_display()}")

    def call(who):
        request = rf.get("/vertraege/")
        request.user = who
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        return ContractList.as_view()(request)

    assert call(AnonymousUser())["Location"].startswith("/accounts/login/")
    assert call(user)["Location"] == "/betrieb/verknuepfen/"
    MembershipFactory(user=user, business=business)
    assert call(user).content.decode() == "Elektro Muster GmbH/Mitglied"


def test_business_pages_need_login(client, db):
    for path in ["/betrieb/", "/betrieb/verlassen/", "/betrieb/einladen/", "/betrieb/verlauf/"]:
        assert client.get(path)["Location"].startswith("/accounts/login/")


def test_a_branch_must_carry_its_main_business_number(business):
    from django.core.exceptions import ValidationError

    branch = Business(betriebsnummer="9999999", filialnummer="1", name="Falsch", main_business=business)
    with pytest.raises(ValidationError) as error:
        branch.full_clean()
    assert "dieselbe Betriebsnummer" in str(error.value)


def test_removing_a_colleague_who_has_already_left_says_so(business, admin_membership):
    member = MembershipFactory(business=business)
    services.membership_leave(user=member.user, membership=member)
    with pytest.raises(BusinessError) as error:
        services.membership_remove(actor=admin_membership.user, membership=member, reason="Doppelt geklickt")
    assert error.value.code == "ended"
    assert "bereits beendet" in str(error.value.message)


def test_a_reason_longer_than_the_field_is_cut_to_300_characters_in_the_membership_and_the_audit(
    business, admin_membership
):
    member = MembershipFactory(business=business)
    services.membership_remove(actor=admin_membership.user, membership=member, reason="x" * 400)
    member.refresh_from_db()
    event = AuditEvent.objects.get(action="businesses.membership.removed")
    assert member.end_reason == "x" * 300
    assert event.payload["reason"] == "x" * 300


def test_who_leaves_gets_no_mail_about_it_and_who_is_removed_does(
    business, admin_membership, mailoutbox, django_capture_on_commit_callbacks
):
    leaving, removed = MembershipFactory(business=business), MembershipFactory(business=business)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_leave(user=leaving.user, membership=leaving)
        services.membership_remove(actor=admin_membership.user, membership=removed, reason="Ausgeschieden")
    assert [mail.to for mail in mailoutbox] == [[removed.user.email]]


def test_nobody_can_leave_in_a_colleagues_name(business, admin_membership):
    member = MembershipFactory(business=business)
    with pytest.raises(BusinessError) as error:
        services.membership_leave(user=member.user, membership=admin_membership)
    assert error.value.code == "forbidden"
    admin_membership.refresh_from_db()
    assert admin_membership.status == Membership.Status.ACTIVE


def test_a_member_cannot_remove_colleagues_or_change_roles_even_through_the_services(business, admin_membership):
    member, colleague = MembershipFactory(business=business), MembershipFactory(business=business)
    with pytest.raises(access.AccessDenied):
        services.membership_remove(actor=member.user, membership=colleague, reason="Putsch")
    with pytest.raises(access.AccessDenied):
        services.membership_change_role(actor=member.user, membership=member, role=Membership.Role.ADMIN)
    member.refresh_from_db()
    colleague.refresh_from_db()
    assert (member.role, colleague.status) == (Membership.Role.MEMBER, Membership.Status.ACTIVE)


@pytest.mark.parametrize("reason", ["", "   "])
def test_removing_or_ending_a_membership_needs_a_reason_that_is_not_only_spaces(
    business, admin_membership, user_factory, reason
):
    member = MembershipFactory(business=business)
    with pytest.raises(BusinessError) as by_admin:
        services.membership_remove(actor=admin_membership.user, membership=member, reason=reason)
    with pytest.raises(BusinessError) as by_staff:
        services.membership_end_by_staff(membership=member, staff_user=user_factory(is_staff=True), reason=reason)
    assert by_admin.value.code == by_staff.value.code == "reason_missing"
    member.refresh_from_db()
    assert member.status == Membership.Status.ACTIVE


def test_only_the_known_roles_can_be_given(business, admin_membership):
    member = MembershipFactory(business=business)
    with pytest.raises(BusinessError) as error:
        services.membership_change_role(actor=admin_membership.user, membership=member, role="owner")
    assert error.value.code == "unknown_role"
    member.refresh_from_db()
    assert member.role == Membership.Role.MEMBER


@pytest.mark.parametrize("status", [Membership.Status.PENDING, Membership.Status.ENDED])
def test_a_pending_or_an_ended_member_cannot_be_made_administrator(business, admin_membership, status):
    someone = MembershipFactory(business=business, status=status)
    with pytest.raises(BusinessError) as error:
        services.membership_change_role(actor=admin_membership.user, membership=someone, role=Membership.Role.ADMIN)
    assert error.value.code == "not_active"
    someone.refresh_from_db()
    assert someone.role == Membership.Role.MEMBER


def test_giving_a_colleague_the_role_they_have_confirms_it_and_records_no_change(admin_client, business):
    second_admin = MembershipFactory(business=business, role=Membership.Role.ADMIN)
    response = admin_client.post(f"/betrieb/mitglieder/{second_admin.pk}/rolle/", {"role": "admin"}, follow=True)
    assert "ist jetzt Administrator" in response.content.decode()
    assert not AuditEvent.objects.filter(action="businesses.membership.role_changed").exists()
