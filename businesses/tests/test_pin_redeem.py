import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from businesses import services
from businesses.models import AuditEvent, Membership, Pin
from businesses.services import BusinessError
from businesses.tests.factories import BranchFactory, BusinessFactory, PinFactory

URL = "/betrieb/verknuepfen/"


def _redeem(client, business, pin="abcd efgh", filialnummer=""):
    return client.post(URL, {"betriebsnummer": business.betriebsnummer, "filialnummer": filialnummer, "pin": pin})


def test_redeem_creates_pending_admin_membership_and_finalising_activates_it(
    client_logged_in, user, business, pin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _redeem(client_logged_in, business, pin="abcd-efgh")
    membership = Membership.objects.get(user=user, business=business)
    assert response.status_code == 302
    assert response["Location"] == f"/betrieb/verknuepfung/{membership.pk}/"
    # The eager task ran after commit: active, admin, mailed.
    assert membership.status == Membership.Status.ACTIVE
    assert membership.role == Membership.Role.ADMIN
    pin.refresh_from_db()
    assert pin.used_by == user and pin.used_at is not None
    [to_user] = [mail for mail in mailoutbox if mail.to == [user.email]]
    assert "verknüpft" in to_user.subject
    page = client_logged_in.get(response["Location"], follow=True)
    assert "Ihr Konto ist jetzt mit Elektro Muster GmbH verknüpft" in page.content.decode()
    assert page.redirect_chain[-1][0] == "/betrieb/"


def test_pending_page_says_being_set_up_and_refreshes_itself(client_logged_in, user, business, pin):
    # Without running the after-commit task the membership stays pending.
    response = _redeem(client_logged_in, business)
    membership = Membership.objects.get(user=user)
    assert membership.status == Membership.Status.PENDING
    page = client_logged_in.get(response["Location"]).content.decode()
    assert "wird eingerichtet" in page
    assert "businesses/link_status.js" in page
    assert '<meta http-equiv="refresh"' in page
    status = client_logged_in.get(f"/betrieb/verknuepfung/{membership.pk}/status.json").json()
    assert status["status"] == "pending"


def test_used_pin_is_reported_as_used(client_logged_in, business, user_factory):
    PinFactory(business=business, used_at=timezone.now(), used_by=user_factory())
    html = _redeem(client_logged_in, business).content.decode()
    assert "Diese PIN wurde bereits verwendet" in html
    assert not Membership.objects.exists()


def test_expired_pin_is_reported_as_expired(client_logged_in, business):
    PinFactory(business=business, expires_at=timezone.now() - timedelta(minutes=1))
    html = _redeem(client_logged_in, business).content.decode()
    assert "Diese PIN ist abgelaufen" in html


@pytest.mark.parametrize(
    "number, pin",
    [("7654321", "ABCD-EFGH"), ("1234567", "ABCD-EFGK")],
    ids=["unknown number", "wrong pin"],
)
def test_wrong_number_or_pin_gives_one_neutral_message(client_logged_in, business, number, pin):
    PinFactory(business=business)
    response = client_logged_in.post(URL, {"betriebsnummer": number, "pin": pin})
    html = response.content.decode()
    assert "Betriebsnummer und PIN passen nicht zusammen" in html
    assert f'value="{number}"' in html
    # The message itself tells nothing about a PIN's state (the page's help links may name the states).
    message = html.split('alert-danger">', 1)[1].split("</div>", 1)[0]
    assert "verwendet" not in message and "abgelaufen" not in message
    event = AuditEvent.objects.get(action="businesses.pin.redeem_failed")
    assert event.outcome == "refused"
    assert "pin" not in event.payload


def test_someone_with_a_used_pin_of_another_business_learns_nothing(client_logged_in, business, user_factory):
    other = BusinessFactory()
    PinFactory(business=other, used_at=timezone.now())
    html = _redeem(client_logged_in, business).content.decode()
    assert "Betriebsnummer und PIN passen nicht zusammen" in html


def test_pin_of_the_main_business_does_not_link_a_branch_and_vice_versa(client_logged_in, user, business):
    branch = BranchFactory(main_business=business, filialnummer="2")
    PinFactory(business=business, clear="MAXNPXNA")
    PinFactory(business=branch, clear="BRANCHPN")
    html = _redeem(client_logged_in, business, pin="MAXNPXNA", filialnummer="2").content.decode()
    assert "passen nicht zusammen" in html
    response = _redeem(client_logged_in, business, pin="BRANCHPN", filialnummer="2")
    assert response.status_code == 302
    assert Membership.objects.get(user=user).business == branch


def test_pin_form_explains_the_pin_shape(client_logged_in, business):
    html = _redeem(client_logged_in, business, pin="12345").content.decode()
    assert "Eine PIN besteht aus 8 Buchstaben und Ziffern" in html


def test_at_most_five_failed_tries_per_user_and_hour(client_logged_in, business, pin):
    for _ in range(5):
        assert "passen nicht zusammen" in _redeem(client_logged_in, business, pin="ZZZZ-ZZZZ").content.decode()
    # Even the right PIN is refused now.
    html = _redeem(client_logged_in, business, pin="ABCD-EFGH").content.decode()
    assert "Zu viele Fehlversuche" in html
    assert not Membership.objects.exists()
    assert AuditEvent.objects.filter(action="businesses.pin.redeem_failed", outcome="rate_limited").count() == 1


def test_a_second_link_to_the_same_business_is_refused_without_spending_the_pin(business, user_factory):
    user = user_factory()
    PinFactory(business=business, clear="AAAABBBB")
    services.pin_redeem(user=user, betriebsnummer=business.betriebsnummer, pin="AAAABBBB")
    second = PinFactory(business=business, clear="CCCCDDDD")
    with pytest.raises(BusinessError) as error:
        services.pin_redeem(user=user, betriebsnummer=business.betriebsnummer, pin="CCCCDDDD")
    assert error.value.code == "already_linked"
    second.refresh_from_db()
    assert second.used_at is None


def test_link_page_needs_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_redemptions_of_one_pin_create_exactly_one_membership(user_factory):
    business = BusinessFactory()
    PinFactory(business=business, clear="RACEPQNX")
    users = [user_factory() for _ in range(20)]
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(user):
        try:
            barrier.wait()
            services.pin_redeem(user=user, betriebsnummer=business.betriebsnummer, pin="race-pqnx")
            result = "linked"
        except BusinessError as error:
            result = error.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["linked"] + ["used"] * 19
    assert Membership.objects.count() == 1
    assert Pin.objects.get().used_by == Membership.objects.get().user


def test_a_successful_link_starts_the_count_of_wrong_pins_afresh(client_logged_in, business, pin):
    other = BusinessFactory()
    PinFactory(business=other, clear="KMNPQRST")
    for _ in range(4):
        _redeem(client_logged_in, business, pin="ZZZZ-ZZZZ")
    assert _redeem(client_logged_in, other, pin="KMNP-QRST").status_code == 302  # typed right: linked

    for _ in range(4):  # eight wrong PINs within the hour, but only four since the last link
        html = _redeem(client_logged_in, business, pin="ZZZZ-ZZZZ").content.decode()
        assert "passen nicht zusammen" in html
    assert _redeem(client_logged_in, business, pin="ABCD-EFGH").status_code == 302


def test_a_pin_link_made_while_the_broker_is_down_answers_normally_and_the_sweep_finalises_it(
    client_logged_in, user, business, pin, broker_down, django_capture_on_commit_callbacks
):
    from businesses.tasks import finalise_pending_memberships_task

    with django_capture_on_commit_callbacks(execute=True):
        response = _redeem(client_logged_in, business)
    membership = Membership.objects.get(user=user, business=business)
    assert response["Location"] == f"/betrieb/verknuepfung/{membership.pk}/"
    assert membership.status == Membership.Status.PENDING

    Membership.objects.filter(pk=membership.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert finalise_pending_memberships_task() == 1
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
