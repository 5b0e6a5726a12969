import re

from django.test import Client

from businesses.models import AuditEvent, Invitation, Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory


def _invite(admin_client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return admin_client.post("/betrieb/einladen/", {"email": email})


def _accept_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/betrieb/einladung/\S+/)", mail.body).group(1)


def test_admin_invites_colleague_who_joins_as_member_without_pin(
    admin_client, business, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = user_factory(email="geselle@example.de")
    response = _invite(admin_client, "Geselle@Example.de", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    mail = mailoutbox[-1]
    assert mail.to == ["geselle@example.de"]
    assert "Elektro Muster GmbH" in mail.subject
    path = _accept_path(mail)
    client = Client()
    # Not logged in: the link leads to the login first.
    assert client.get(path)["Location"].startswith("/accounts/login/")
    client.force_login(colleague)
    assert "Betrieb beitreten" in client.get(path).content.decode()
    response = client.post(path, follow=True)
    assert "Sie sind Elektro Muster GmbH als Mitglied beigetreten" in response.content.decode()
    membership = Membership.objects.get(user=colleague)
    assert (membership.role, membership.status, membership.source) == ("member", "active", "invitation")
    assert AuditEvent.objects.filter(action="businesses.invitation.accepted", target_user=colleague).exists()
    # The link is spent.
    again = client.post(path)
    assert "bereits angenommen" in again.content.decode()


def test_invitation_only_for_the_invited_address(
    admin_client, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(admin_client, "geselle@example.de", django_capture_on_commit_callbacks)
    path = _accept_path(mailoutbox[-1])
    client = Client()
    client.force_login(user_factory(email="fremd@example.de"))
    html = client.post(path).content.decode()
    assert "an eine andere E-Mail-Adresse gesendet" in html
    assert not Membership.objects.filter(user__email="fremd@example.de").exists()


def test_withdrawn_invitation_cannot_be_used(
    admin_client, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(admin_client, "geselle@example.de", django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    assert "geselle@example.de" in admin_client.get("/betrieb/").content.decode()
    admin_client.post(f"/betrieb/einladungen/{invitation.pk}/zurueckziehen/")
    client = Client()
    client.force_login(user_factory(email="geselle@example.de"))
    response = client.get(_accept_path(mailoutbox[-1]))
    assert response.status_code == 404
    assert "nicht (mehr) gültig" in response.content.decode()


def test_members_cannot_invite_and_already_linked_people_are_not_invited(client, admin_client, business):
    member = MembershipFactory(business=business)
    html = admin_client.post("/betrieb/einladen/", {"email": member.user.email}).content.decode()
    assert "bereits mit dem Betrieb verknüpft" in html
    other = Client()
    other.force_login(member.user)
    response = other.post("/betrieb/einladen/", {"email": "x@example.de"}, follow=True)
    assert "Nur Administratoren des Betriebs" in response.content.decode()
    assert not Invitation.objects.exists()


def test_admin_cannot_withdraw_invitations_of_another_business(admin_client, user_factory):
    from businesses import services

    other_admin = MembershipFactory(business=BusinessFactory(), role=Membership.Role.ADMIN)
    invitation = services.invitation_create(actor=other_admin.user, business=other_admin.business, email="a@example.de")
    assert admin_client.post(f"/betrieb/einladungen/{invitation.pk}/zurueckziehen/").status_code == 404


def test_invitations_are_limited_to_twenty_per_hour_per_admin_and_per_business(
    admin_client, business, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(20):
        assert _invite(admin_client, f"kollege{n}@example.de", django_capture_on_commit_callbacks).status_code == 302
    assert len(mailoutbox) == 20

    refused = _invite(admin_client, "kollege20@example.de", django_capture_on_commit_callbacks)
    assert refused.status_code == 200
    assert "Sie haben in der letzten Stunde 20 Einladungen verschickt" in refused.content.decode()
    assert 'value="kollege20@example.de"' in refused.content.decode()  # the typed address stays in the form

    # A second administrator of the same business is stopped by the business's limit, with its own words.
    colleague = Client()
    colleague.force_login(MembershipFactory(business=business, role=Membership.Role.ADMIN).user)
    refused = _invite(colleague, "kollege21@example.de", django_capture_on_commit_callbacks)
    assert "Die Administratorinnen und Administratoren Ihres Betriebs haben in der letzten Stunde 20 Einladungen" in (
        refused.content.decode()
    )
    assert not Invitation.objects.filter(email__in=["kollege20@example.de", "kollege21@example.de"]).exists()
    assert len(mailoutbox) == 20

    # Another business is not affected.
    other = Client()
    other.force_login(MembershipFactory(business=BusinessFactory(), role=Membership.Role.ADMIN).user)
    assert _invite(other, "kollege22@example.de", django_capture_on_commit_callbacks).status_code == 302
