"""No enumeration: the forms that take an address or a Betriebsnummer answer a known and an
unknown one identically — status codes, every redirect, the page text and the response headers — once
what differs on every request anyway (CSRF token, request id, cookie values) is taken out.

The app tests check the mails behind each answer (accounts/tests/test_signup.py,
accounts/tests/test_password_reset.py, businesses/tests/test_pin_request.py); this is the one place
that holds the three public lookups, in every state an account or business can be in, to the same
strict comparison. Login and the activation-mail form have theirs in accounts/tests (test_login.py,
test_signup.py).
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.helpers import signup_data
from businesses.tests.factories import BranchFactory, BusinessFactory

pytestmark = pytest.mark.django_db

# Headers that carry a per-request value (or follow from the typed text); left out of the comparison.
# Differ between any two requests: the body is compared itself; a never-cached page's Expires is "now", which
# crosses a second between the two answers now and then (its presence is still compared, by the cache header).
PER_REQUEST_HEADERS = {"X-Request-ID", "Set-Cookie", "Content-Length", "Expires"}


@dataclass
class Answer:
    statuses: list
    locations: list
    body: str
    headers: dict
    cookies: list


def _normalised(response, typed: str) -> str:
    body = response.content.decode().replace(typed, "<typed>")  # a form that keeps what was typed
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', body)
    request_id = response.headers.get("X-Request-ID")
    if request_id:
        body = body.replace(request_id, "<request-id>")
    return body


def _answer(url: str, data: dict, django_capture_on_commit_callbacks, ip: str, typed: str = "") -> Answer:
    """What a fresh browser sees: the POST, every redirect it follows, the final page."""
    client = Client(REMOTE_ADDR=ip)  # a new visitor each time, so no session state carries over
    client.get(url)
    statuses, locations = [], []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    while True:
        statuses.append(response.status_code)
        if response.status_code not in (301, 302, 303):
            break
        locations.append(response["Location"])
        response = client.get(response["Location"])
    return Answer(
        statuses=statuses,
        locations=locations,
        body=_normalised(response, typed or "\0"),
        headers={k: v for k, v in response.headers.items() if k not in PER_REQUEST_HEADERS},
        cookies=sorted(client.cookies.keys()),
    )


def _assert_identical(known: Answer, unknown: Answer):
    assert known.statuses == unknown.statuses
    assert known.locations == unknown.locations
    assert known.headers == unknown.headers
    assert known.cookies == unknown.cookies
    assert known.body == unknown.body


# The unknown address shares its first letter and domain with the known one: the confirmation page
# shows the address masked as "m***@example.de", which is the same for both.
@pytest.mark.parametrize(
    "account",
    [
        pytest.param({}, id="active-account"),
        pytest.param({"password": False, "verified": False}, id="account-waiting-for-activation"),
        pytest.param({"is_active": False}, id="deactivated-account"),
    ],
)
def test_signup_answers_the_same_for_a_registered_and_a_new_address(
    user_factory, account, django_capture_on_commit_callbacks
):
    user_factory(email="maria@example.de", **account)
    url = reverse("account_signup")

    known = _answer(url, signup_data(email="maria@example.de"), django_capture_on_commit_callbacks, "10.1.0.1")
    unknown = _answer(url, signup_data(email="mia@example.de"), django_capture_on_commit_callbacks, "10.1.0.2")

    _assert_identical(known, unknown)
    assert known.statuses[0] == 302
    assert "m***@example.de" in known.body


@pytest.mark.parametrize(
    "account",
    [
        pytest.param({}, id="active-account"),
        pytest.param({"password": False, "verified": False}, id="account-waiting-for-activation"),
    ],
)
def test_password_reset_answers_the_same_for_a_registered_and_an_unknown_address(
    user_factory, account, django_capture_on_commit_callbacks
):
    user_factory(email="maria@example.de", **account)
    url = reverse("account_reset_password")

    known = _answer(url, {"email": "maria@example.de"}, django_capture_on_commit_callbacks, "10.2.0.1")
    unknown = _answer(url, {"email": "mia@example.de"}, django_capture_on_commit_callbacks, "10.2.0.2")

    _assert_identical(known, unknown)
    assert known.statuses[0] == 302


@pytest.mark.parametrize("kind", ["main-business", "branch", "inactive-business"])
def test_pin_request_answers_the_same_for_an_existing_and_an_unknown_betriebsnummer(
    kind, django_capture_on_commit_callbacks
):
    if kind == "branch":
        business = BranchFactory(betriebsnummer="1234567", filialnummer="2", main_business__betriebsnummer="1234567")
    else:
        business = BusinessFactory(betriebsnummer="1234567", is_active=kind == "main-business")
    url = reverse("businesses:pin_request")
    number = {"betriebsnummer": business.betriebsnummer, "filialnummer": business.filialnummer}

    known = _answer(url, number, django_capture_on_commit_callbacks, "10.3.0.1")
    unknown = _answer(url, {**number, "betriebsnummer": "7654321"}, django_capture_on_commit_callbacks, "10.3.0.2")

    _assert_identical(known, unknown)
    assert known.statuses == [302, 200]


def test_adding_an_address_answers_the_same_whether_another_account_uses_it(
    user_factory, django_capture_on_commit_callbacks
):
    """A logged-in customer cannot use the e-mail change to find out which addresses have accounts."""
    user_factory(email="maria@example.de")
    url = reverse("account_email")
    answers = []
    for n, address in enumerate(("maria@example.de", "mia@example.de")):
        client = Client(REMOTE_ADDR=f"10.6.0.{n}")
        client.force_login(user_factory(email=f"kunde{n}@example.de"))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": address, "action_add": ""}, follow=True)
        answers.append(
            (
                response.status_code,
                response.redirect_chain,
                _normalised(response, address).replace(f"kunde{n}@", "kunde@"),
            )
        )

    assert answers[0] == answers[1]
