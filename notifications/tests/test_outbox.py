"""The mail outbox: written with its cause, delivered after commit, retried with back-off, swept, re-sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from notifications.models import OutboundEmail
from notifications.services import email_deliver, email_send_due, email_send_template

pytestmark = pytest.mark.django_db

SIGNUP = {
    "salutation": "herr",
    "first_name": "Max",
    "last_name": "Mustermann",
    "email": "max@example.de",
    "privacy_consent": "on",
}


def activation_mail_for(user: User) -> OutboundEmail:
    return email_send_template(
        template_prefix="accounts/mail/activation",
        to=[user.email],
        context={"user": user, "activation_url": "https://portal.example/x/", "valid_days": 3, "login_url": "/"},
    )


@pytest.fixture
def smtp_down(settings):
    """A real SMTP connection attempt to a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9
    settings.EMAIL_TIMEOUT = 2
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_MAX_ATTEMPTS = 3
    return settings


def test_a_rolled_back_signup_leaves_no_mail(client, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    from accounts.adapter import AccountAdapter
    from accounts.models import SignupRequest

    def fail_after_the_signup_was_stored(*args, **kwargs):
        assert SignupRequest.objects.count() == 1
        raise RuntimeError("something failed later in the same request")

    monkeypatch.setattr(AccountAdapter, "respond_email_verification_sent", fail_after_the_signup_was_stored)
    client.raise_request_exception = False

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 500
    assert not SignupRequest.objects.exists()
    assert not User.objects.filter(email="max@example.de").exists()
    assert not OutboundEmail.objects.exists()
    assert callbacks == []
    assert mailoutbox == []


def test_mail_is_delivered_after_commit_as_text_and_html(user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = activation_mail_for(user)
    assert mailoutbox == []
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.PENDING

    for callback in callbacks:
        callback()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboundEmail.Status.SENT, 1)
    assert row.sent_at is not None
    [mail] = mailoutbox
    assert mail.to == [user.email]
    assert "https://portal.example/x/" in mail.body
    [(html, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    assert 'href="https://portal.example/x/"' in html
    assert '<html lang="de">' in html


def test_delivery_is_done_once_even_if_the_task_runs_twice(user, mailoutbox):
    row = activation_mail_for(user)

    assert email_deliver(email_id=row.pk) is True
    assert email_deliver(email_id=row.pk) is False
    assert len(mailoutbox) == 1


def test_smtp_failure_is_retried_with_back_off_until_marked_failed(user, smtp_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = activation_mail_for(user)
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.PENDING
    assert row.attempts == 1
    assert "Connection refused" in row.last_error or "ConnectionRefusedError" in row.last_error
    first_retry = row.next_attempt_at
    assert timedelta(seconds=55) < first_retry - timezone.now() <= timedelta(seconds=60)

    assert email_send_due(now=first_retry - timedelta(seconds=1)) == 0
    row.refresh_from_db()
    assert row.attempts == 1

    email_send_due(now=first_retry)
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.status == OutboundEmail.Status.PENDING
    assert timedelta(seconds=115) < row.next_attempt_at - timezone.now() <= timedelta(seconds=120)

    email_send_due(now=row.next_attempt_at)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboundEmail.Status.FAILED, 3)
    assert email_send_due(now=timezone.now() + timedelta(days=1)) == 0


def test_sweep_delivers_what_is_due_and_leaves_the_rest(user, mailoutbox, django_capture_on_commit_callbacks):
    # The enqueue after commit never happened (broker down): only the sweep can deliver these.
    with django_capture_on_commit_callbacks(execute=False):
        early = activation_mail_for(user)
        late = activation_mail_for(user)
    OutboundEmail.objects.filter(pk=late.pk).update(next_attempt_at=timezone.now() + timedelta(hours=1))

    sent = email_send_due(now=timezone.now() + timedelta(minutes=1))

    assert sent == 1
    assert OutboundEmail.objects.get(pk=early.pk).status == OutboundEmail.Status.SENT
    assert OutboundEmail.objects.get(pk=late.pk).status == OutboundEmail.Status.PENDING
    assert len(mailoutbox) == 1


def test_the_periodic_sweep_is_scheduled():
    from django.conf import settings

    from portal.celery import app

    schedule = settings.CELERY_BEAT_SCHEDULE["notifications-send-due"]
    assert schedule["task"] == "notifications.tasks.send_due_emails_task"
    assert schedule["task"] in app.tasks
    assert schedule["schedule"].total_seconds() <= 300


def test_attachments_travel_with_the_mail(user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_send_template(
            template_prefix="accounts/mail/activation",
            to=[user.email],
            context={"user": user, "activation_url": "https://x/", "valid_days": 3, "login_url": "/"},
            attachments=[("termin.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )

    [mail] = mailoutbox
    [(filename, content, mimetype)] = mail.attachments
    assert filename == "termin.ics"
    assert "BEGIN:VCALENDAR" in (content if isinstance(content, str) else content.decode())
    assert mimetype == "text/calendar"


def test_an_activation_link_is_kept_only_until_the_mail_has_left(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", SIGNUP)

    [mail] = mailoutbox
    assert "/accounts/aktivieren/" in mail.body
    row = OutboundEmail.objects.get()
    assert row.status == OutboundEmail.Status.SENT
    assert "/accounts/aktivieren/" not in row.body_text + row.body_html
    assert "entfernt" in row.body_text


def test_a_secret_mail_that_never_left_loses_its_text_when_given_up(user, smtp_down, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    row = email_send_template(
        template_prefix="accounts/mail/activation",
        to=[user.email],
        context={"user": user, "activation_url": "https://portal.example/geheim/", "valid_days": 3, "login_url": "/"},
        contains_secret=True,
    )

    email_deliver(email_id=row.pk)

    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.FAILED
    assert "geheim" not in row.body_text + row.body_html
