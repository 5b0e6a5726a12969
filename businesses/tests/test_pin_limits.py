"""The PIN limits keep guessing hopeless, and no stranger who knows a Betriebsnummer can lock a business out."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from businesses import services
from businesses.models import AuditEvent, Membership, Pin, PinRequest
from businesses.services.pins import GUESSING_REVOKE_PER_BUSINESS, PINS_OPEN_MAX
from businesses.tasks import process_pending_pin_requests_task
from businesses.tests.factories import BusinessFactory, MembershipFactory, PinFactory
from notifications.models import OutboundEmail

REDEEM = "/betrieb/verknuepfen/"
REQUEST = "/betrieb/pin-anfordern/"


def _wrong_pin(client, business, n: int, ip: str = "10.9.9.9"):
    return client.post(
        REDEEM,
        {"betriebsnummer": business.betriebsnummer, "pin": f"ZZZZ-ZZ{'ABCDEFGHJKMNPQRSTUVW'[n % 20]}Z"},
        REMOTE_ADDR=ip,
    )


def test_a_stranger_cannot_stop_the_business_from_linking_with_the_pin_it_holds(
    business, pin, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    Pin.objects.filter(pk=pin.pk).update(created_at=timezone.now() - timedelta(days=2))  # the PIN it holds
    stranger = Client()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):  # three anonymous PIN requests: the daily number of PIN mails
            stranger.post(REQUEST, {"betriebsnummer": business.betriebsnummer}, REMOTE_ADDR=f"10.6.6.{n}")
        for _account in range(2):  # two throwaway accounts, five wrong PINs each
            stranger.force_login(user_factory())
            for n in range(5):
                _wrong_pin(stranger, business, n, ip="10.6.6.6")

    owner = Client()
    owner.force_login(user_factory(email="inhaberin@elektro-muster.de"))
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(REDEEM, {"betriebsnummer": business.betriebsnummer, "pin": "ABCD-EFGH"})

    assert response.status_code == 302
    membership = Membership.objects.get(user__email="inhaberin@elektro-muster.de")
    assert (membership.business, membership.status) == (business, Membership.Status.ACTIVE)
    # The PINs the stranger's requests sent went to the business, and stay valid too.
    assert Pin.objects.open().filter(business=business).count() == 3
    assert {mail.to[0] for mail in mailoutbox if "PIN:" in mail.body} == {business.email}


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_wrong_pins_of_one_account_are_evaluated_at_most_five_times_and_mailed_once(user_factory):
    business = BusinessFactory()
    PinFactory(business=business, clear="RIGHTPN2")
    user = user_factory()
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            services.pin_redeem(
                user=user, betriebsnummer=business.betriebsnummer, pin=f"WRNG{'ABCDEFGHJKMNPQRSTUVW'[n]}PN2"
            )
            result = "linked"
        except services.BusinessError as error:
            result = error.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["mismatch"] * 5 + ["rate_limited"] * 15
    evaluated = AuditEvent.objects.filter(action="businesses.pin.redeem_failed", outcome="refused")
    assert evaluated.count() == 5
    [locked] = AuditEvent.objects.filter(action="businesses.pin.account_locked", target_user=user)
    assert locked.payload["failed_attempts"] == 5  # what staff read in the audit trail
    [locked_mail] = OutboundEmail.objects.filter(template="businesses/mail/pin_account_locked")
    assert locked_mail.to == user.email
    assert "Passwort" in locked_mail.body_text
    assert "5-mal eine falsche Betriebs-PIN" in " ".join(locked_mail.body_text.split())


def test_wrong_pins_for_a_business_alert_its_address_and_admins_once_and_revoke_nothing(
    client, business, pin, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(business=business, role=Membership.Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):  # many accounts and devices: the per-account and per-client limits do not bite
            client.force_login(user_factory())
            _wrong_pin(client, business, n, ip=f"10.7.7.{n}")

    alarms = [mail for mail in mailoutbox if "falsche PIN" in mail.subject]
    assert sorted(mail.to[0] for mail in alarms) == sorted([business.email, admin.user.email])
    assert all("gültig" in mail.body for mail in alarms)
    assert AuditEvent.objects.filter(action="businesses.pin.guessing_alarm", business=business).count() == 1
    pin.refresh_from_db()
    assert pin.is_open
    client.force_login(user_factory())
    assert client.post(REDEEM, {"betriebsnummer": business.betriebsnummer, "pin": "ABCD-EFGH"}).status_code == 302


def test_open_pins_are_revoked_only_at_a_number_of_wrong_pins_that_makes_a_hit_hopeless(
    client, business, pin, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    limit = GUESSING_REVOKE_PER_BUSINESS[0]
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="businesses.pin.redeem_failed",
            business=business,
            outcome="refused",
            payload={"reason": "mismatch"},
        )
        for _ in range(limit - 2)
    )
    client.force_login(user_factory())
    with django_capture_on_commit_callbacks(execute=True):
        _wrong_pin(client, business, 1)  # limit - 1 wrong PINs: still open
    pin.refresh_from_db()
    assert pin.is_open

    with django_capture_on_commit_callbacks(execute=True):
        _wrong_pin(client, business, 2)  # the limit
    pin.refresh_from_db()
    assert pin.revoked_at is not None
    [locked] = AuditEvent.objects.filter(action="businesses.pin.locked", business=business)
    assert locked.payload["failed_attempts"] == limit
    [revoked_mail] = [mail for mail in mailoutbox if "gesperrt" in mail.subject]
    assert revoked_mail.to == [business.email]
    assert re.search(rf"{limit // 1000}\.?{limit % 1000:03d}-mal eine falsche PIN", " ".join(revoked_mail.body.split()))


def test_wrong_pins_from_one_client_address_are_limited_across_accounts(client, business, pin, user_factory):
    for n in range(20):  # four accounts, five wrong PINs each, one address
        if n % 5 == 0:
            client.force_login(user_factory())
        _wrong_pin(client, business, n, ip="10.8.8.8")
    client.force_login(user_factory())
    right = {"betriebsnummer": business.betriebsnummer, "pin": "ABCD-EFGH"}
    refused = client.post(REDEEM, right, REMOTE_ADDR="10.8.8.8")
    assert "Zu viele Fehlversuche" in refused.content.decode()
    other_address = client.post(REDEEM, right, REMOTE_ADDR="10.1.1.1")
    assert other_address.status_code == 302


def test_a_new_link_is_mailed_to_the_business_and_its_admins(
    business, pin, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(business=business, role=Membership.Role.ADMIN)
    newcomer = user_factory(first_name="Nina", last_name="Neu", email="nina.neu@example.de")
    client = Client()
    client.force_login(newcomer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(REDEEM, {"betriebsnummer": business.betriebsnummer, "pin": "ABCD-EFGH"})

    notices = [mail for mail in mailoutbox if "Neue Verknüpfung" in mail.subject]
    assert sorted(mail.to[0] for mail in notices) == sorted([business.email, admin.user.email])
    body = notices[0].body
    assert "Nina Neu (nina.neu@example.de)" in body
    assert "Mein Betrieb" in body and "/betrieb/" in body
    assert not [mail for mail in notices if mail.to == [newcomer.email]]


def test_at_most_five_pins_are_open_and_the_oldest_is_revoked_first(business):
    first = PinFactory(business=business, created_at=timezone.now() - timedelta(days=3))
    for _ in range(PINS_OPEN_MAX):
        services.pin_issue(business=business, channel=Pin.Channel.MAIL)

    first.refresh_from_db()
    assert Pin.objects.open().filter(business=business).count() == PINS_OPEN_MAX
    assert first.revoked_at is not None
    assert first.revoke_reason == "replaced by newer PINs"


def test_a_pin_request_made_while_the_broker_is_down_is_processed_by_the_sweep(
    client, business, mailoutbox, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST, {"betriebsnummer": business.betriebsnummer})
    assert response.status_code == 302
    assert PinRequest.objects.count() == 1
    assert mailoutbox == []

    PinRequest.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert process_pending_pin_requests_task() == 1

    assert PinRequest.objects.count() == 0
    assert Pin.objects.filter(business=business).count() == 1
    assert AuditEvent.objects.get(action="businesses.pin.requested").business == business


def test_the_sweep_reports_every_lost_request_it_handled_also_the_refused_ones(
    client, business, broker_down, django_capture_on_commit_callbacks
):
    """The beat task's result (worker log) counts the rows it took off the queue, not only the PINs sent."""
    no_email = BusinessFactory(email="")
    Pin.objects.bulk_create(
        Pin(business=business, pin_hash=f"h{n}", channel=Pin.Channel.SELF_SERVICE, expires_at=timezone.now())
        for n in range(3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        for n, number in enumerate(("9999999", no_email.betriebsnummer, business.betriebsnummer)):
            client.post(REQUEST, {"betriebsnummer": number}, REMOTE_ADDR=f"10.5.5.{n}")  # unknown, no e-mail, limited
    assert PinRequest.objects.count() == 3

    PinRequest.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert process_pending_pin_requests_task() == 3
    assert PinRequest.objects.count() == 0
    outcomes = AuditEvent.objects.filter(action="businesses.pin.requested").values_list("outcome", flat=True)
    assert sorted(outcomes) == ["rate_limited", "refused", "refused"]


def test_the_guessing_alarm_comes_with_the_tenth_wrong_pin_of_a_day_and_says_so(
    client, business, pin, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(9):
            client.force_login(user_factory())
            _wrong_pin(client, business, n, ip=f"10.4.4.{n}")
    assert not [mail for mail in mailoutbox if "falsche PIN" in mail.subject]

    client.force_login(user_factory())
    with django_capture_on_commit_callbacks(execute=True):
        _wrong_pin(client, business, 9, ip="10.4.4.9")
    [alarm] = [mail for mail in mailoutbox if "falsche PIN" in mail.subject]
    assert "innerhalb von 24 Stunden 10-mal eine falsche PIN" in " ".join(alarm.body.split())


def test_after_pins_are_revoked_for_guessing_the_count_starts_afresh_for_the_next_pin(
    client, business, pin, user_factory, django_capture_on_commit_callbacks
):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="businesses.pin.redeem_failed", business=business, outcome="refused", payload={"reason": "mismatch"}
        )
        for _ in range(GUESSING_REVOKE_PER_BUSINESS[0] - 1)
    )
    client.force_login(user_factory())
    with django_capture_on_commit_callbacks(execute=True):
        _wrong_pin(client, business, 1)  # the limit: the open PINs are blocked
    assert not Pin.objects.open().filter(business=business).exists()

    services.pin_issue(business=business, channel=Pin.Channel.LETTER)  # the business asks for a new one
    client.force_login(user_factory())
    with django_capture_on_commit_callbacks(execute=True):
        _wrong_pin(client, business, 2, ip="10.3.3.3")  # one more wrong PIN is far from the limit again
    assert Pin.objects.open().filter(business=business).count() == 1
