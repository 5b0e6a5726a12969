"""Accounts without login for the staff-set period are warned 30 days ahead, kept on click, or deleted."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.inactivity import inactive_accounts_process
from accounts.models import AccountRetention, User
from businesses.models import AuditEvent
from courses.models import Booking
from notifications.models import OutboundEmail

from .factories import DEFAULT_PASSWORD
from .helpers import LOGIN_URL, link_in, text
from .privacy_world import confirmed_count, person_with_data

pytestmark = pytest.mark.django_db

YEAR = timedelta(days=365)
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


def last_login(user, ago: timedelta) -> None:
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - ago, date_joined=timezone.now() - ago - YEAR)


def warnings_to(user) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=user.email, template="accounts/mail/inactivity_warning"))


def test_the_warning_goes_out_30_days_before_the_period_ends(user_factory):
    due = user_factory(email="lange-weg@example.de")
    not_yet = user_factory(email="bald@example.de")
    active = user_factory(email="aktiv@example.de")
    last_login(due, 3 * YEAR - 29 * DAY)
    last_login(not_yet, 3 * YEAR - 31 * DAY)
    last_login(active, 10 * DAY)

    assert inactive_accounts_process() == {"warned": 1, "deleted": 0}

    [mail] = warnings_to(due)
    assert mail.subject.startswith("Ihr Konto wird gelöscht")
    deletion_day = (timezone.localtime() + 30 * DAY).strftime("%d.%m.%Y")
    assert deletion_day in mail.body_text
    assert "/accounts/konto-behalten/" in mail.body_text
    assert not warnings_to(not_yet) and not warnings_to(active)
    assert AuditEvent.objects.filter(action="accounts.inactivity.warned", target_user=due).count() == 1


def test_running_twice_changes_nothing_more(user_factory):
    due = user_factory()
    last_login(due, 3 * YEAR)

    inactive_accounts_process()
    state = (list(OutboundEmail.objects.values_list("pk", flat=True)), AuditEvent.objects.count())
    second = inactive_accounts_process()

    assert second == {"warned": 0, "deleted": 0}
    assert (list(OutboundEmail.objects.values_list("pk", flat=True)), AuditEvent.objects.count()) == state


def test_opening_the_keep_link_alone_keeps_nothing(user_factory):
    """Mail scanners open links: only the button on the page keeps the account."""
    due = user_factory()
    last_login(due, 3 * YEAR)
    inactive_accounts_process()
    keep_url = link_in(warnings_to(due)[0].body_text)

    page = Client().get(keep_url)

    assert "Möchten Sie Ihr Konto behalten?" in text(page)
    assert inactive_accounts_process(now=timezone.now() + 31 * DAY)["deleted"] == 1
    assert not User.objects.filter(pk=due.pk).exists()


def test_keeping_by_button_or_login_stops_the_deletion(user_factory):
    by_button = user_factory(email="knopf@example.de")
    by_login = user_factory(email="anmeldung@example.de")
    ignored = user_factory(email="still@example.de")
    for person in (by_button, by_login, ignored):
        last_login(person, 3 * YEAR - 29 * DAY)
    inactive_accounts_process()

    keep_url = link_in(warnings_to(by_button)[0].body_text)
    visitor = Client()
    visitor.get(keep_url)  # what a mail scanner does: nothing happens
    response = visitor.post(keep_url)
    assert "Ihr Konto bleibt bestehen" in text(response)
    Client().post(LOGIN_URL, {"login": by_login.email, "password": DEFAULT_PASSWORD})

    result = inactive_accounts_process(now=timezone.now() + 31 * DAY)

    assert result == {"warned": 0, "deleted": 1}
    assert User.objects.filter(pk__in=[by_button.pk, by_login.pk]).count() == 2
    assert not User.objects.filter(pk=ignored.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.inactivity.kept", target_user=by_button).exists()
    # Kept accounts are asked again only after another full period.
    assert inactive_accounts_process(now=timezone.now() + YEAR)["warned"] == 0


def test_an_account_is_deleted_only_30_days_after_its_warning(user_factory, django_capture_on_commit_callbacks):
    anna = person_with_data(user_factory, tag="anna")
    course = anna.own_booking.course
    before = confirmed_count(course)
    last_login(anna.user, 4 * YEAR)  # long past the period: still warned first

    assert inactive_accounts_process() == {"warned": 1, "deleted": 0}
    assert inactive_accounts_process(now=timezone.now() + 29 * DAY) == {"warned": 0, "deleted": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert inactive_accounts_process(now=timezone.now() + 30 * DAY + timedelta(minutes=1)) == {
            "warned": 0,
            "deleted": 1,
        }

    assert not User.objects.filter(pk=anna.user.pk).exists()
    own = Booking.objects.get(pk=anna.own_booking.pk)
    assert own.participant_name == "Gelöschtes Konto"
    assert confirmed_count(course) == before
    event = AuditEvent.objects.get(action="accounts.account.deleted")
    assert event.payload == {"user": anna.user.pk, "by": "inactivity"}
    # No rule of the business stops it (like an unlink by staff); the business's log records it.
    assert AuditEvent.objects.filter(action="businesses.membership.account_deleted", business=anna.business).exists()
    assert OutboundEmail.objects.filter(to=anna.user.email, subject__startswith="Ihr Konto wurde gelöscht").exists()
    # And a second run finds nothing more to do.
    assert inactive_accounts_process(now=timezone.now() + 31 * DAY) == {"warned": 0, "deleted": 0}


def test_staff_accounts_are_never_deleted_automatically(user_factory):
    staff = user_factory(is_staff=True)
    last_login(staff, 5 * YEAR)

    inactive_accounts_process()

    assert not warnings_to(staff)


def test_staff_set_the_period_and_can_pause_it(user_factory):
    person = user_factory()
    last_login(person, 2 * YEAR)
    assert inactive_accounts_process()["warned"] == 0

    AccountRetention.objects.update(inactive_days=365)
    assert inactive_accounts_process()["warned"] == 1

    AccountRetention.objects.update(is_active=False)
    assert inactive_accounts_process(now=timezone.now() + 60 * DAY) == {"warned": 0, "deleted": 0}
    assert User.objects.filter(pk=person.pk).exists()


def test_a_forged_or_stale_keep_link_does_nothing(user_factory):
    response = Client().post(reverse("accounts:keep", args=["eyJ1IjoxfQ:falsch:signatur"]))

    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in text(response)
