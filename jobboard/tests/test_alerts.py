"""Saved searches: the daily mail holds exactly the postings new since the last one, never twice; the
one-click link in every mail stops it without login."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jobboard import services
from jobboard.models import SavedSearch
from jobboard.tasks import saved_searches_alert_task
from notifications.models import OutboundEmail

from .factories import VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def search(user_factory):
    user = user_factory(email="azubi@example.de")
    return services.saved_search_create(
        user=user, name="Friseur bei Kassel", params={"where": "34117", "radius": 25, "q": "Salon"}
    )


def _alerts():
    return list(OutboundEmail.objects.filter(template="jobboard/mail/alert").order_by("pk"))


def test_the_alert_holds_exactly_the_new_matches_and_is_not_sent_twice(search):
    now = timezone.now()
    before = VacancyFactory(title="Salon alt", live_since=search.checked_until - dt.timedelta(hours=1))
    new = VacancyFactory(title="Salon neu", live_since=now)
    VacancyFactory(title="Salon in Hamburg", site_postal_code="20095", lat=53.55, lon=10.0, live_since=now)
    VacancyFactory(title="Zimmerei neu", description="Holz", live_since=now)

    assert services.saved_searches_alert(now=now + dt.timedelta(minutes=1)) == 1
    assert services.saved_searches_alert(now=now + dt.timedelta(minutes=2)) == 0  # the task runs twice
    [alert] = _alerts()
    assert alert.to == "azubi@example.de"
    assert new.title in alert.body_text and before.title not in alert.body_text
    assert "Hamburg" not in alert.body_text and "Zimmerei" not in alert.body_text
    unsubscribe_url = services.absolute_url(reverse("jobboard:unsubscribe", args=[search.unsubscribe_token]))
    assert alert.headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert unsubscribe_url in alert.body_text
    assert alert.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_at_most_one_mail_a_day_and_nothing_is_lost_meanwhile(search):
    now = timezone.now()
    VacancyFactory(title="Salon eins", live_since=now)
    assert services.saved_searches_alert(now=now + dt.timedelta(minutes=1)) == 1
    second = VacancyFactory(title="Salon zwei", live_since=now + dt.timedelta(hours=2))
    # Within the day: no mail, and the new posting waits for the next one.
    assert services.saved_searches_alert(now=now + dt.timedelta(hours=3)) == 0
    assert services.saved_searches_alert(now=now + dt.timedelta(days=1, minutes=2)) == 1
    first_mail, second_mail = _alerts()
    assert "Salon zwei" in second_mail.body_text and "Salon eins" not in second_mail.body_text
    assert second.title not in first_mail.body_text


def test_no_mail_without_new_matches(search):
    assert services.saved_searches_alert() == 0
    assert _alerts() == []


def test_the_delivered_mail_carries_the_unsubscribe_header(search, django_capture_on_commit_callbacks):
    VacancyFactory(title="Salon neu", live_since=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        saved_searches_alert_task.delay().get()
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "Salon neu" in message.body


def test_one_click_unsubscribe_without_login(client, search):
    url = reverse("jobboard:unsubscribe", args=[search.unsubscribe_token])
    page = client.get(url)
    assert page.status_code == 200 and "Friseur bei Kassel" in page.content.decode()
    assert SavedSearch.objects.filter(pk=search.pk).exists()  # a mail scanner's GET changes nothing
    response = client.post(url)  # the button, or the mail program's one-click POST (no CSRF token)
    assert response.status_code == 200
    assert not SavedSearch.objects.filter(pk=search.pk).exists()
    assert client.post(url).status_code == 404
    assert client.get(reverse("jobboard:unsubscribe", args=["geraten"])).status_code == 404


def test_saving_a_search_from_the_search_page(client, user_factory):
    user = user_factory()
    client.force_login(user)
    page = client.get(reverse("jobboard:saved_searches"), {"where": "34117", "radius": "25", "q": "Salon"})
    assert page.status_code == 200 and "Salon" in page.content.decode()
    response = client.post(
        reverse("jobboard:saved_search_save"), {"where": "34117", "radius": "25", "q": "Salon", "name": ""}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=user)
    assert saved.params == {"where": "34117", "radius": 25, "q": "Salon"}
    # Another person's saved search cannot be deleted.
    other = user_factory()
    client.force_login(other)
    assert client.post(reverse("jobboard:saved_search_delete", args=[saved.pk])).status_code == 404
    client.force_login(user)
    client.post(reverse("jobboard:saved_search_delete", args=[saved.pk]))
    assert not SavedSearch.objects.exists()
