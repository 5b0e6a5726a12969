"""The page the apprentice and the guardians open from their e-mail, without an account."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts import services
from contracts.models import ApprenticeshipContract, Confirmation, ContractFile
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(contract, member, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    services.contract_accept(actor=reviewer, contract_id=contract.pk)
    services.contract_confirmation_request(actor=member, contract_id=contract.pk)
    mail = OutboundEmail.objects.get(to="lena@example.de", template__contains="confirmation_request")
    return mail.body_text.split("/lehrvertraege/bestaetigen/")[1].split("/")[0]


def test_opening_the_link_shows_the_contract_and_confirms_nothing(client, token, contract):
    response = client.get(reverse("contracts:confirm", args=[token]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Guten Tag Lena Lockenwickler" in page
    assert "Friseur/in" in page and "724,00 €" in page
    assert "Empfang und Einverständnis bestätigen" in page
    record = ContractFile.objects.get(contract=contract, purpose="record")
    assert record.sha256 in page
    assert Confirmation.objects.get().confirmed_at is None  # a mail scanner opening the link confirms nothing
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_pdf_behind_the_link_is_the_document_whose_checksum_is_recorded(client, token, contract):
    response = client.get(reverse("contracts:confirm_document", args=[token]))
    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(content).hexdigest() == ContractFile.objects.get(contract=contract, purpose="record").sha256


def test_confirming_needs_the_box_and_a_button_press(client, token, contract):
    url = reverse("contracts:confirm", args=[token])
    refused = client.post(url, {})
    assert "Bitte bestätigen Sie, dass Sie den Vertrag erhalten und gelesen haben" in refused.content.decode()
    assert Confirmation.objects.get().confirmed_at is None

    done = client.post(url, {"agree": "on"}, HTTP_USER_AGENT="Mobile Safari", REMOTE_ADDR="198.51.100.4")
    assert "Vielen Dank – Ihre Bestätigung ist gespeichert" in done.content.decode()
    confirmation = Confirmation.objects.get()
    assert (confirmation.ip, confirmation.user_agent) == ("198.51.100.4", "Mobile Safari")
    assert ApprenticeshipContract.objects.get(pk=contract.pk).status == "concluded"


def test_a_used_link_says_so(client, token):
    url = reverse("contracts:confirm", args=[token])
    client.post(url, {"agree": "on"})
    again = client.get(url)
    assert again.status_code == 410
    assert "Sie haben diesen Vertrag am" in again.content.decode()
    assert "Der Link kann nicht noch einmal verwendet werden." in again.content.decode()
    assert client.post(url, {"agree": "on"}).status_code == 410
    assert client.get(reverse("contracts:confirm_document", args=[token])).status_code == 302


def test_an_expired_link_says_so(client, token):
    Confirmation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("contracts:confirm", args=[token]))
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen. Bitte bitten Sie den Ausbildungsbetrieb" in response.content.decode()
    assert client.post(reverse("contracts:confirm", args=[token]), {"agree": "on"}).status_code == 410
    assert Confirmation.objects.get().confirmed_at is None


def test_a_wrong_link_says_so_and_guessing_is_limited_per_client(client, token):
    wrong = reverse("contracts:confirm", args=["geraten-" + "x" * 30])
    response = client.get(wrong)
    assert response.status_code == 404
    assert "Dieser Link ist ungültig." in response.content.decode()
    for _attempt in range(30):
        client.get(wrong)
    assert client.get(wrong).status_code == 429
    # The person the link belongs to is never locked out by someone else's guessing.
    assert client.get(reverse("contracts:confirm", args=[token])).status_code == 200
