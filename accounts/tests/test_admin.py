"""Chamber staff find users in the admin, resend activation mails and lock accounts."""

import html
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User

from .factories import DEFAULT_PASSWORD
from .helpers import LOGIN_URL, MY_PORTAL_URL, link_in, text

pytestmark = pytest.mark.django_db

USERS_URL = "/admin/accounts/user/"


@pytest.fixture
def people(user_factory):
    active = user_factory(email="aktiv@example.de", first_name="Anna", last_name="Aktiv")
    waiting = user_factory(
        email="wartet@example.de", first_name="Willi", last_name="Wartend", password=False, verified=False
    )
    locked = user_factory(email="gesperrt@example.de", first_name="Gerd", last_name="Gesperrt", is_active=False)
    User.objects.filter(pk=locked.pk).update(date_joined=timezone.now() - timedelta(days=400))
    return {"active": active, "waiting": waiting, "locked": locked}


def listed(response) -> set[str]:
    return {user.email for user in response.context["cl"].result_list}


def test_user_list_search(staff_client, people):
    assert listed(staff_client.get(USERS_URL, {"q": "Wartend"})) == {"wartet@example.de"}
    assert listed(staff_client.get(USERS_URL, {"q": "aktiv@"})) == {"aktiv@example.de"}


def test_user_list_filters(staff_client, people):
    assert "E-Mail bestätigt" in text(staff_client.get(USERS_URL))

    inactive = listed(staff_client.get(USERS_URL, {"is_active__exact": "0"}))
    assert inactive == {"gesperrt@example.de"}
    unverified = listed(staff_client.get(USERS_URL, {"verified": "no"}))
    assert unverified == {"wartet@example.de"}
    verified = listed(staff_client.get(USERS_URL, {"verified": "yes"}))
    assert "aktiv@example.de" in verified and "wartet@example.de" not in verified
    # The "joined" filter as staff click it: "Letzte 7 Tage".
    page = text(staff_client.get(USERS_URL))
    last_week = html.unescape(re.search(r'<a href="(\?date_joined__gte=[^"]+)"[^>]*>Letzte 7 Tage</a>', page).group(1))
    recent = listed(staff_client.get(USERS_URL + last_week))
    assert "gesperrt@example.de" not in recent and "aktiv@example.de" in recent


def test_resend_activation_action(staff_client, people, mailoutbox, django_capture_on_commit_callbacks):
    ids = [people["waiting"].pk, people["active"].pk]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(USERS_URL, {"action": "resend_activation", "_selected_action": ids}, follow=True)

    assert response.status_code == 200
    [mail] = mailoutbox
    assert mail.to == ["wartet@example.de"]
    assert "/accounts/aktivieren/" in mail.body
    page = text(response)
    assert "Aktivierungsmail für 1 Person in den Versand gegeben." in page


def test_deactivate_action_locks_the_account(staff_client, people):
    target = people["active"]
    customer = Client()
    customer.force_login(target)
    assert customer.get(MY_PORTAL_URL).status_code == 200

    response = staff_client.post(USERS_URL, {"action": "deactivate", "_selected_action": [target.pk]}, follow=True)

    assert "1 Konto deaktiviert." in text(response)
    target.refresh_from_db()
    assert not target.is_active
    # A session that was open loses access at once, and a new login is refused.
    assert customer.get(MY_PORTAL_URL).status_code == 302
    staff_client.post("/admin/logout/")
    staff_client.post(LOGIN_URL, {"login": target.email, "password": DEFAULT_PASSWORD})
    assert staff_client.get(MY_PORTAL_URL).status_code == 302


def test_staff_cannot_deactivate_themselves(staff_client, people):
    me = User.objects.get(email="sachbearbeitung@hwk.example")

    staff_client.post(USERS_URL, {"action": "deactivate", "_selected_action": [me.pk]})

    me.refresh_from_db()
    assert me.is_active


def test_user_detail_shows_when_the_privacy_notice_was_accepted(staff_client, people):
    accepted = timezone.make_aware(datetime(2026, 3, 14, 9, 26))
    User.objects.filter(pk=people["active"].pk).update(privacy_accepted_at=accepted)

    response = staff_client.get(f"{USERS_URL}{people['active'].pk}/change/")

    assert response.status_code == 200
    page = text(response)
    assert "aktiv@example.de" in page
    assert "Datenschutzhinweise akzeptiert am" in page
    assert "14. März 2026 09:26" in page  # the read-only field, in the chamber's time zone


def test_admin_is_closed_to_customers(client_logged_in):
    response = client_logged_in.get(USERS_URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_creates_an_account_and_the_person_activates_it(
    staff_client, client, mailoutbox, django_capture_on_commit_callbacks
):
    response = staff_client.post(f"{USERS_URL}add/", {"email": "Neu.Kunde@Example.de", "usable_password": "false"})
    assert response.status_code == 302
    created = User.objects.get(email__iexact="neu.kunde@example.de")
    assert not created.has_usable_password()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(USERS_URL, {"action": "resend_activation", "_selected_action": [created.pk]})
    [mail] = mailoutbox

    link = link_in(mail.body)
    client.post(link)
    client.post(
        "/accounts/passwort-festlegen/", {"password1": "Kunde-Werkbank-2026", "password2": "Kunde-Werkbank-2026"}
    )
    assert client.get(MY_PORTAL_URL).status_code == 200
    client.post("/accounts/logout/")
    # The person types the address in lower case, as most people do.
    client.post(LOGIN_URL, {"login": "neu.kunde@example.de", "password": "Kunde-Werkbank-2026"})
    assert client.get(MY_PORTAL_URL).status_code == 200
    created.refresh_from_db()
    assert created.email == "neu.kunde@example.de"


def test_user_list_needs_the_same_queries_for_few_and_many_users(staff_client, user_factory):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(USERS_URL).status_code == 200
        return len(captured)

    user_factory.create_batch(2)
    few = queries_for_list()
    user_factory.create_batch(40)
    assert queries_for_list() == few


def test_adding_an_address_that_exists_in_other_case_gives_one_german_message(admin_client, user_factory):
    user_factory(email="vorhanden@example.de")

    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"email": "Vorhanden@Example.de", "usable_password": "false", "password1": "", "password2": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Es gibt bereits ein Konto mit dieser E-Mail-Adresse.") == 1
    assert "accounts_user_email_ci_unique" not in html


def test_staff_reset_the_second_factor_of_someone_who_lost_the_phone(
    staff_client, people, django_capture_on_commit_callbacks
):
    from allauth.mfa.models import Authenticator

    from businesses.models import AuditEvent
    from notifications.models import OutboundEmail

    target = people["active"]
    Authenticator.objects.create(user=target, type=Authenticator.Type.WEBAUTHN, data={"name": "Altes Handy"})
    Authenticator.objects.create(
        user=target, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x", "used_mask": 0}
    )
    customer = Client()
    customer.force_login(target)
    assert "Zweiter Faktor" in text(staff_client.get(USERS_URL))

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            USERS_URL, {"action": "reset_second_factor", "_selected_action": [target.pk]}, follow=True
        )

    assert "Zweiter Faktor für 1 Konto zurückgesetzt" in text(response)
    assert not Authenticator.objects.filter(user=target).exists()
    assert customer.get(MY_PORTAL_URL).status_code == 302, "their sessions end"
    assert AuditEvent.objects.filter(action="accounts.mfa.reset_by_staff", target_user=target).exists()
    assert OutboundEmail.objects.filter(to=target.email, subject__startswith="Zweiter Faktor von der Kammer").exists()


def test_staff_set_the_period_for_inactive_accounts(staff_client):
    from accounts.models import AccountRetention

    rule = AccountRetention.objects.get()  # made by a migration, with the default of three years
    assert rule.inactive_days == 1095
    change_url = f"/admin/accounts/accountretention/{rule.pk}/change/"

    response = staff_client.post(change_url, {"inactive_days": "730", "is_active": "on"}, follow=True)

    assert response.status_code == 200
    assert AccountRetention.current().inactive_days == 730
    # One rule only: no second one can be added, and it cannot be deleted.
    assert staff_client.get("/admin/accounts/accountretention/add/").status_code == 403
    assert staff_client.get(f"/admin/accounts/accountretention/{rule.pk}/delete/").status_code == 403
    too_short = staff_client.post(change_url, {"inactive_days": "30", "is_active": "on"})
    assert "größer oder gleich 90" in text(too_short)
