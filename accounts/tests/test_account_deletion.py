""" "Konto löschen" (Art. 17 GDPR): what goes, what is kept pseudonymised, and who must take over first."""

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import DataExport, User
from businesses.models import AuditEvent, Membership
from businesses.tests.factories import MembershipFactory
from courses.models import Booking
from documents.models import Document
from forms_catalog.models import Submission, SubmissionFile
from notifications.models import OutboundEmail
from notifications.services import email_enqueue
from portal.files import private_storage

from .factories import DEFAULT_PASSWORD
from .helpers import LOGIN_URL, MY_PORTAL_URL, text
from .privacy_world import confirmed_count, person_with_data

pytestmark = pytest.mark.django_db

DELETE_URL = reverse("accounts:delete")


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


def log_in(client, user):
    assert client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD}).status_code == 302
    return client


def delete(client, **extra):
    data = {"password": DEFAULT_PASSWORD, "confirm": "on", **extra}
    return client.post(DELETE_URL, data)


def test_the_page_says_what_is_deleted_and_what_is_kept(client, user_factory):
    anna = person_with_data(user_factory, tag="anna")
    MembershipFactory(business=anna.business, role=Membership.Role.ADMIN)  # a second administrator
    log_in(client, anna.user)

    page = text(client.get(DELETE_URL))

    assert "Was gelöscht wird" in page and "Was wir aufbewahren müssen" in page
    assert "Handels- und Steuerrecht" in page and "„Gelöschtes Konto“" in page
    assert "Sie haben noch 1 anstehende Buchung" in page
    assert "1 Formular, das Sie für einen Betrieb eingereicht haben, bleibt bei diesem Betrieb" in page


def test_deletion_pseudonymises_bookings_and_keeps_the_course_counts(
    client, user_factory, django_capture_on_commit_callbacks
):
    anna = person_with_data(user_factory, tag="anna")
    bernd = person_with_data(user_factory, tag="bernd", course=anna.own_booking.course)
    course = anna.own_booking.course
    before = (confirmed_count(course), course.bookings.count())
    own_file = anna.upload.file.name
    log_in(client, anna.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client)

    assert response["Location"] == reverse("accounts:deleted")
    assert not User.objects.filter(pk=anna.user.pk).exists()
    # Bookings stay, without her name or billing address: the course's figures are unchanged.
    own = Booking.objects.get(pk=anna.own_booking.pk)
    assert own.billing_address == ""
    assert own.participant_name == "Gelöschtes Konto"
    assert own.participant_email == f"geloescht-{own.pk}@konto-geloescht.invalid"
    assert own.booked_by_id is None and own.status == Booking.Status.CONFIRMED
    assert (confirmed_count(course), course.bookings.count()) == before
    # What she booked for a colleague of her business stays the business's, as it was.
    colleague = Booking.objects.get(pk=anna.colleague_booking.pk)
    assert (colleague.participant_name, colleague.booked_by_id) == ("Geselle anna", None)
    # Her own submission goes with its file; the one for the business stays, without her.
    assert not Submission.objects.filter(pk=anna.own_submission.pk).exists()
    assert not SubmissionFile.objects.filter(pk=anna.upload.pk).exists()
    assert not anna.upload.file.storage.exists(own_file)
    assert Submission.objects.get(pk=anna.business_submission.pk).user_id is None
    # The document she sent stays in the business's Postfach, without her name.
    document = Document.objects.get(pk=anna.document.pk)
    assert (document.sent_by_id, document.sent_by_name, document.file_count) == (None, "", 1)
    # Bernd is untouched.
    assert Booking.objects.get(pk=bernd.own_booking.pk).participant_email == "bernd@example.de"
    assert Submission.objects.filter(user=bernd.user).count() == 2
    # The audit log keeps the events, without the person and her address.
    event = AuditEvent.objects.get(action="accounts.account.deleted")
    assert event.payload == {"user": anna.user.pk, "by": "owner"}
    assert AuditEvent.objects.filter(action="businesses.membership.account_deleted", business=anna.business).exists()
    # A last mail confirms it.
    assert OutboundEmail.objects.filter(to="anna@example.de", subject__startswith="Ihr Konto wurde gelöscht").exists()


def test_deletion_logs_out_every_browser_at_once(client, user_factory, django_capture_on_commit_callbacks):
    user = user_factory()
    phone = log_in(Client(), user)
    log_in(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        delete(client)

    assert phone.get(MY_PORTAL_URL).status_code == 302
    assert client.get(MY_PORTAL_URL).status_code == 302
    assert "Ihr Konto wurde gelöscht" in text(client.get(reverse("accounts:deleted")))


def test_wrong_password_or_missing_confirmation_deletes_nothing(client, user):
    log_in(client, user)

    wrong = delete(client, password="Falsches-Passwort-1")
    unconfirmed = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert "Das Passwort ist nicht richtig." in text(wrong)
    assert "Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten." in text(unconfirmed)
    assert User.objects.filter(pk=user.pk).exists()


def test_password_guesses_are_rate_limited(client, user):
    log_in(client, user)
    for _attempt in range(5):
        delete(client, password="Falsches-Passwort-1")

    blocked = delete(client)

    assert "Zu viele Versuche" in text(blocked)
    assert User.objects.filter(pk=user.pk).exists()


def test_with_a_second_factor_the_code_is_needed_too(client, user, django_capture_on_commit_callbacks):
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    log_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert "Code aus Ihrer Authenticator-App" in text(client.get(DELETE_URL))

    without = delete(client)
    wrong = delete(client, code="000000")
    assert "Bitte geben Sie einen Code" in text(without)
    assert "Falscher Code" in text(wrong)
    assert User.objects.filter(pk=user.pk).exists()

    cache.clear()  # the login's code may still be the current one; the app shows the next one later
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client, code=pyotp.TOTP(secret).now())
    assert response["Location"] == reverse("accounts:deleted")
    assert not User.objects.filter(pk=user.pk).exists()


def test_staff_accounts_are_closed_by_the_chamber_not_here(client, staff_user):
    log_in(client, staff_user)

    page = text(client.get(DELETE_URL))
    refused = delete(client)

    assert "werden von der Kammer verwaltet" in page
    assert "Mein Konto endgültig löschen" not in page
    assert refused.status_code == 200
    assert User.objects.filter(pk=staff_user.pk).exists()


def test_the_last_administrator_names_a_successor_first(client, user_factory, django_capture_on_commit_callbacks):
    anna = person_with_data(user_factory, tag="anna")
    colleague = MembershipFactory(business=anna.business, role=Membership.Role.MEMBER)
    log_in(client, anna.user)

    page = text(client.get(DELETE_URL))
    assert "Sie sind die einzige Person mit der Rolle Administrator/in von Betrieb anna GmbH" in page
    assert "Mein Konto endgültig löschen" not in page
    refused = delete(client)
    assert User.objects.filter(pk=anna.user.pk).exists()
    assert "einzige Person mit der Rolle Administrator/in" in text(refused)

    named = client.post(
        reverse("accounts:delete_successor"),
        {"own": anna.membership.pk, "successor": colleague.pk},
        follow=True,
    )
    assert "ist jetzt Administrator/in von Betrieb anna GmbH" in text(named)
    colleague.refresh_from_db()
    assert colleague.role == Membership.Role.ADMIN
    assert AuditEvent.objects.filter(action="businesses.membership.role_changed", target_user=colleague.user).exists()

    with django_capture_on_commit_callbacks(execute=True):
        delete(client)
    assert not User.objects.filter(pk=anna.user.pk).exists()
    assert Membership.objects.get(pk=colleague.pk).status == Membership.Status.ACTIVE


def test_a_successor_must_be_a_colleague_of_that_business(client, user_factory):
    anna = person_with_data(user_factory, tag="anna")
    MembershipFactory(business=anna.business, role=Membership.Role.MEMBER)
    stranger = MembershipFactory(role=Membership.Role.MEMBER)  # of another business
    log_in(client, anna.user)

    response = client.post(
        reverse("accounts:delete_successor"), {"own": anna.membership.pk, "successor": stranger.pk}, follow=True
    )

    assert "Bitte wählen Sie eine Kollegin oder einen Kollegen aus diesem Betrieb." in text(response)
    stranger.refresh_from_db()
    assert stranger.role == Membership.Role.MEMBER


def test_mails_and_export_files_of_the_person_go_too(client, user, django_capture_on_commit_callbacks):
    from accounts.data_export import data_export_request

    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=user)
    export.refresh_from_db()
    name = export.file.name
    shared = email_enqueue(to=[user.email, "kollege@example.de"], subject="Gemeinsam", body_text="x")
    log_in(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        delete(client)

    assert not private_storage().exists(name)
    assert not DataExport.objects.exists()
    # Only the mail that also went to someone else remains, besides the confirmation of the deletion.
    assert sorted(OutboundEmail.objects.values_list("subject", flat=True)) == [
        "Gemeinsam",
        "Ihr Konto wurde gelöscht – Kundenportal Handwerkskammer Musterstadt",
    ]
    assert OutboundEmail.objects.filter(pk=shared.pk).exists()
