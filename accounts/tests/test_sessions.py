""" "Angemeldete Geräte": the browsers a person is logged in with, and logging them out from elsewhere."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserSession
from businesses.models import AuditEvent

from .factories import DEFAULT_PASSWORD
from .helpers import LOGIN_URL, MY_PORTAL_URL, text

pytestmark = pytest.mark.django_db

SESSIONS_URL = reverse("accounts:sessions")
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


def browser(user_agent: str, address: str = "203.0.113.57") -> Client:
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)


def log_in(client: Client, user) -> Client:
    response = client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def test_the_page_lists_each_browser_with_device_and_time(user):
    office = log_in(browser(FIREFOX_WINDOWS), user)
    log_in(browser(SAFARI_IPHONE, "198.51.100.23"), user)

    page = text(office.get(SESSIONS_URL))

    assert "Firefox unter Windows" in page and "Safari unter iOS" in page
    assert "dieses Gerät" in page
    # Only the network, never the whole address.
    assert "203.0.113.0" in page and "203.0.113.57" not in page
    assert "198.51.100.0" in page


def test_ending_another_session_logs_that_browser_out_on_its_next_request(user):
    office = log_in(browser(FIREFOX_WINDOWS), user)
    phone = log_in(browser(SAFARI_IPHONE), user)
    assert phone.get(MY_PORTAL_URL).status_code == 200
    phone_session = UserSession.objects.get(user=user, user_agent=SAFARI_IPHONE)

    response = office.post(reverse("accounts:session_end", args=[phone_session.pk]), follow=True)

    assert "Safari unter iOS wurde abgemeldet." in text(response)
    next_request = phone.get(MY_PORTAL_URL)
    assert next_request.status_code == 302
    assert next_request["Location"].startswith(LOGIN_URL)
    assert office.get(MY_PORTAL_URL).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.session.ended", target_user=user).exists()


def test_log_out_all_other_devices_keeps_this_one(user):
    office = log_in(browser(FIREFOX_WINDOWS), user)
    others = [log_in(browser(SAFARI_IPHONE), user), log_in(browser(FIREFOX_WINDOWS), user)]

    response = office.post(reverse("accounts:sessions_end_others"), follow=True)

    assert "2 andere Geräte wurden abgemeldet." in text(response)
    assert all(other.get(MY_PORTAL_URL).status_code == 302 for other in others)
    assert office.get(MY_PORTAL_URL).status_code == 200
    assert UserSession.objects.filter(user=user).count() == 1


def test_another_persons_session_cannot_be_ended(user, user_factory):
    stranger = user_factory()
    theirs = log_in(browser(SAFARI_IPHONE), stranger)
    mine = log_in(browser(FIREFOX_WINDOWS), user)
    row = UserSession.objects.get(user=stranger)

    assert mine.post(reverse("accounts:session_end", args=[row.pk])).status_code == 404
    assert theirs.get(MY_PORTAL_URL).status_code == 200
    assert stranger.email not in text(mine.get(SESSIONS_URL))


def test_the_current_session_is_ended_by_logging_out_not_here(user):
    office = log_in(browser(FIREFOX_WINDOWS), user)
    row = UserSession.objects.get(user=user)

    office.post(reverse("accounts:session_end", args=[row.pk]))

    assert office.get(MY_PORTAL_URL).status_code == 200
    office.post(reverse("account_logout"))
    assert not UserSession.objects.filter(pk=row.pk).exists()


def test_last_seen_is_written_at_most_once_a_minute(user):
    office = log_in(browser(FIREFOX_WINDOWS), user)
    row = UserSession.objects.get(user=user)
    long_ago = timezone.now() - timedelta(hours=2)
    UserSession.objects.filter(pk=row.pk).update(last_seen_at=long_ago)

    office.get(MY_PORTAL_URL)
    row.refresh_from_db()
    assert row.last_seen_at == long_ago, "within the minute nothing is written"

    session = office.session
    session["accounts_session"]["seen"] -= 61
    session.save()
    office.get(MY_PORTAL_URL)
    row.refresh_from_db()
    assert row.last_seen_at > long_ago


def test_a_session_whose_row_is_gone_is_logged_out_at_the_next_refresh(user):
    """Belt and braces: should the session survive its deletion (a cache that was unreachable then),
    the minutely refresh finds the row gone and logs the browser out."""
    phone = log_in(browser(SAFARI_IPHONE), user)
    UserSession.objects.filter(user=user).delete()
    session = phone.session
    session["accounts_session"]["seen"] -= 61
    session.save()

    assert phone.get(MY_PORTAL_URL).status_code == 302


def test_expired_sessions_are_not_listed(user):
    office = log_in(browser(FIREFOX_WINDOWS), user)
    log_in(browser(SAFARI_IPHONE), user)
    from django.contrib.sessions.models import Session

    phone_key = UserSession.objects.get(user_agent=SAFARI_IPHONE).session_key
    Session.objects.filter(session_key=phone_key).update(expire_date=timezone.now() - timedelta(minutes=1))

    assert "Safari" not in text(office.get(SESSIONS_URL))
