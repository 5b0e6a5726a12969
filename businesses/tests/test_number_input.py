"""Numbers as people type or paste them: spaces around a Betriebsnummer, Filialnummer or PIN are dropped, not
refused — on every form where they are typed."""

import pytest

from businesses.models import Membership, Pin
from businesses.tests.factories import BranchFactory, PinFactory

pytestmark = pytest.mark.django_db

PIN_REQUEST_URL = "/betrieb/pin-anfordern/"
REDEEM_URL = "/betrieb/verknuepfen/"


def test_pin_request_accepts_numbers_pasted_with_surrounding_spaces_when_logged_out(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    branch = BranchFactory(email="filiale@example.de")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PIN_REQUEST_URL,
            {"betriebsnummer": f"  {branch.betriebsnummer} ", "filialnummer": f" {branch.filialnummer}\t"},
        )

    assert response.status_code == 302
    assert Pin.objects.get().business == branch
    assert [mail.to for mail in mailoutbox] == [["filiale@example.de"]]


def test_pin_request_accepts_a_number_pasted_with_surrounding_spaces_when_logged_in(
    client_logged_in, business, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(PIN_REQUEST_URL, {"betriebsnummer": f" {business.betriebsnummer}  "})

    assert response.status_code == 302
    assert Pin.objects.get().business == business


def test_the_number_fields_set_no_maxlength_that_would_cut_a_pasted_number(client):
    page = client.get(PIN_REQUEST_URL).content.decode()

    assert 'name="betriebsnummer"' in page
    assert "maxlength" not in page


def test_redeem_accepts_number_and_pin_pasted_with_surrounding_spaces(
    client_logged_in, user, business, django_capture_on_commit_callbacks
):
    PinFactory(business=business, clear="ABCDEFGH")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(
            REDEEM_URL, {"betriebsnummer": f" {business.betriebsnummer} ", "filialnummer": "  ", "pin": " abcd-efgh "}
        )

    assert response.status_code == 302
    assert Membership.objects.get(user=user, business=business).status == Membership.Status.ACTIVE


def test_a_number_with_letters_is_still_refused_after_stripping(client):
    response = client.post(PIN_REQUEST_URL, {"betriebsnummer": " 12a4567 "})

    assert response.status_code == 200
    assert "Eine Betriebsnummer besteht aus 5 bis 10 Ziffern" in response.content.decode()


def test_admin_business_search_finds_a_branch_typed_with_spaces_around_the_dash(staff_client):
    branch = BranchFactory(name="Filiale Süd")

    response = staff_client.get(
        "/admin/businesses/business/", {"q": f" {branch.betriebsnummer} - {branch.filialnummer} "}
    )

    assert response.status_code == 200
    assert "Filiale Süd" in response.content.decode()
