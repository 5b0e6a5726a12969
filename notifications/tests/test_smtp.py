"""A mail leaves through the real SMTP backend to a real SMTP server and arrives whole."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from courses.tests.factories import CourseFactory
from notifications.models import OutboundEmail
from notifications.services import email_deliver


class Inbox:
    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.mark.django_db
def test_a_booking_confirmation_arrives_over_smtp_with_both_parts_and_the_calendar(
    smtp_server, user_factory, django_capture_on_commit_callbacks
):
    from courses import services as course_services

    user = user_factory(first_name="Erika", last_name="Muster", salutation="frau")
    course = CourseFactory(title="Meistervorbereitung <Teil I>", price=120)
    with django_capture_on_commit_callbacks(execute=False):
        course_services.booking_create(
            course_id=course.pk,
            booked_by=user,
            participant_name="Erika Muster",
            participant_email=user.email,
            billing_address="Erika Muster, Hauptstraße 1, 12345 Musterstadt",
        )
    row = OutboundEmail.objects.get(template="courses/mail/booking_confirmed")

    assert email_deliver(email_id=row.pk) is True

    [(sender, recipients, raw)] = smtp_server.messages
    message = email.message_from_bytes(raw, policy=policy.default)
    assert recipients == [user.email]
    assert message["To"] == user.email
    assert sender in message["From"]
    assert "Meistervorbereitung <Teil I>" in message["Subject"]
    assert message["Message-ID"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Guten Tag Erika Muster," in text
    assert "Meistervorbereitung <Teil I>" in text
    assert "Meistervorbereitung &lt;Teil I&gt;" in html and "<Teil I>" not in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename().endswith(".ics")
    assert "BEGIN:VCALENDAR" in attachment.get_content()
    row.refresh_from_db()
    assert row.status == OutboundEmail.Status.SENT
