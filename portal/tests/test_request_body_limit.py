"""A request body far above the largest upload is refused from its Content-Length, before it is read."""

import socket

import pytest
from django.test import Client

from accounts.models import SignupRequest
from accounts.tests.helpers import SIGNUP_URL, signup_data
from forms_catalog.models import Submission
from forms_catalog.tests.factories import FormDefinitionFactory, FormFieldFactory
from forms_catalog.tests.samples import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def test_an_oversized_body_is_answered_413_without_being_sent(live_server, settings):
    # The body is announced and never sent: a server that read it first would wait for it. With a CSRF
    # cookie, as a browser sends it, the CSRF check would read the form to find the token.
    limit = settings.REQUEST_BODY_MAX_BYTES
    assert limit > settings.FORMS_MAX_UPLOAD_BYTES
    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(
            (
                f"POST /accounts/signup/ HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Cookie: csrftoken={'k7' * 16}\r\n"
                "Content-Type: multipart/form-data; boundary=grenze\r\n"
                f"Content-Length: {limit + 1}\r\n\r\n"
            ).encode()
        )
        response = b""
        while b"</html>" not in response:
            chunk = connection.recv(65536)  # times out (fails) if the server waits for the body
            assert chunk, response
            response += chunk

    head, _, page = response.decode().partition("\r\n\r\n")
    assert head.startswith("HTTP/1.1 413")
    assert "Content-Security-Policy" in head
    assert '<html lang="de">' in page
    assert "Zu viele Daten" in page
    assert "höchstens 52,0\xa0MB" in page  # a whole Postfach message (50 MB) and the form's fields
    assert "höchstens 10,0\xa0MB für jede Datei" in page


def test_a_form_with_files_above_the_limit_is_refused_and_stores_nothing(client_logged_in, settings):
    definition = FormDefinitionFactory(slug="nachweise")
    FormFieldFactory(form=definition, key="nachweis", label="Nachweis", field_type="file", required=True)
    settings.REQUEST_BODY_MAX_BYTES = len(pdf_bytes()) + 100

    response = client_logged_in.post(definition.get_absolute_url(), {"nachweis": upload("Nachweis.pdf", pdf_bytes())})

    assert response.status_code == 413
    assert "Zu viele Daten" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_body_within_the_limit_is_served_as_usual(settings):
    settings.REQUEST_BODY_MAX_BYTES = 2000

    response = Client().post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert SignupRequest.objects.filter(email="maria.musterfrau@example.de").exists()


def test_the_postfach_names_its_own_file_limit(client, settings):
    from businesses.tests.factories import MembershipFactory

    client.force_login(MembershipFactory().user)
    settings.REQUEST_BODY_MAX_BYTES = len(pdf_bytes()) + 100

    response = client.post("/postfach/neu/", {"subject": "Zu groß", "files": [upload("a.pdf", pdf_bytes())]})

    assert response.status_code == 413
    assert "höchstens 20,0\xa0MB für jede Datei" in response.content.decode()
