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
    # Not logged in: the page explains the invitation; joining needs the login.
    assert "Elektro Muster GmbH" in client.get(path).content.decode()
    assert client.post(path)["Location"].startswith("/accounts/login/")
    client.force_login(colleague)
    assert "Betrieb beitreten" in client.get(path).content.decode()
    response = client.post(path, follow=True)
    assert "Sie sind Elektro Muster GmbH als Mitglied beigetreten" in response.content.decode()
    membership = Membership.objects.get(user=colleague)
    assert (membership.role, membership.status, membership.source) == ("member", "active", "invitation")
    assert AuditEvent.objects.filter(action="businesses.invitation.accepted", target_user=colleague).exists()
    # The link is spent.
    again = client.post(path)
    assert "bereits verwendet" in again.content.decode()


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
    assert "nicht mehr gültig" in response.content.decode()


def test_members_cannot_invite_and_already_linked_people_are_not_invited(client, admin_client, business):
    member = MembershipFactory(business=business)
    html = admin_client.post("/betrieb/einladen/", {"email": member.user.email}).content.decode()
    assert "bereits mit dem Betrieb verknüpft" in html
    other = Client()
    other.force_login(member.user)
    response = other.post("/betrieb/einladen/", {"email": "x@example.de"}, follow=True)
    assert "Nur Administrator/-innen des Betriebs" in response.content.decode()
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


def test_invitation_journey_of_a_new_person_ends_in_the_business_without_reopening_the_mail(
    admin_client, business, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.tests.helpers import link_in

    _invite(admin_client, "neu@example.de", django_capture_on_commit_callbacks)
    invitation_path = _accept_path(mailoutbox[-1])
    inviter = Membership.objects.get(business=business).user
    visitor = Client()

    page = visitor.get(invitation_path).content.decode()
    assert "Elektro Muster GmbH" in page
    assert f"Die Einladung kommt von {inviter.get_full_name()}" in page
    assert "Registrieren" in page

    signup = visitor.post(f"{invitation_path}registrieren/", follow=True)
    assert signup.redirect_chain[-1][0] == "/accounts/signup/"
    assert 'value="neu@example.de"' in signup.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(
            "/accounts/signup/",
            {
                "salutation": "herr",
                "first_name": "Nils",
                "last_name": "Neu",
                "email": "neu@example.de",
                "privacy_consent": "on",
            },
        )
    [activation] = [
        mail for mail in mailoutbox if mail.to == ["neu@example.de"] and "/accounts/aktivieren/" in mail.body
    ]
    # The activation link opened in another browser (say, on the phone): no session of the sign-up needed.
    phone = Client()
    phone.post(link_in(activation.body))
    response = phone.post(
        "/accounts/passwort-festlegen/",
        {"password1": "Geselle-Hobelbank-77", "password2": "Geselle-Hobelbank-77"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/betrieb/"
    assert "Sie sind Elektro Muster GmbH als Mitglied beigetreten" in response.content.decode()
    membership = Membership.objects.get(user__email="neu@example.de")
    assert (membership.business, membership.status, membership.role) == (business, "active", "member")
    assert Invitation.objects.get(email="neu@example.de").accepted_at is not None


def test_an_account_registered_without_the_invitation_button_joins_nothing_on_activation(
    admin_client, business, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.tests.helpers import link_in

    _invite(admin_client, "neu@example.de", django_capture_on_commit_callbacks)
    visitor = Client()
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(
            "/accounts/signup/",
            {
                "salutation": "herr",
                "first_name": "N",
                "last_name": "Neu",
                "email": "neu@example.de",
                "privacy_consent": "on",
            },
        )
    activation = mailoutbox[-1]
    visitor.post(link_in(activation.body))
    visitor.post(
        "/accounts/passwort-festlegen/", {"password1": "Geselle-Hobelbank-77", "password2": "Geselle-Hobelbank-77"}
    )

    assert not Membership.objects.filter(user__email="neu@example.de").exists()


def test_an_expired_invitation_tells_a_logged_out_person_what_to_do(
    admin_client, business, mailoutbox, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    _invite(admin_client, "neu@example.de", django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    path = _accept_path(mailoutbox[-1])

    response = Client().get(path)
    register = Client().post(f"{path}registrieren/")

    assert response.status_code == 404
    assert "Diese Einladung ist abgelaufen. Bitte bitten Sie" in response.content.decode()
    assert "Anmelden" in response.content.decode()
    assert register.status_code == 404
    assert Invitation.objects.get().registration_started_at is None


def test_registering_from_a_guessed_invitation_link_opens_nothing(client, db):
    response = client.post("/betrieb/einladung/geraten-xxxxxxxxxxxxxxxxxxxxxxxx/registrieren/")
    page = client.get("/betrieb/einladung/geraten-xxxxxxxxxxxxxxxxxxxxxxxx/")

    assert response.status_code == page.status_code == 404
    assert "nicht mehr gültig" in page.content.decode()
    assert "accounts_signup_correction" not in client.session
