"""Chamber staff reach the admin only with a second factor used in this very session."""

import time

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import staff_login

from .factories import DEFAULT_PASSWORD
from .helpers import LOGIN_URL, text

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/"
USERS_URL = "/admin/accounts/user/"


def test_staff_without_second_factor_cannot_reach_any_admin_page(client, staff_user):
    client.post(LOGIN_URL, {"login": staff_user.email, "password": DEFAULT_PASSWORD})

    for url in (ADMIN_URL, USERS_URL, f"{USERS_URL}{staff_user.pk}/change/", "/admin/businesses/auditevent/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_index"), url
    # Nor by posting to it: an admin action is refused the same way and changes nothing.
    response = client.post(USERS_URL, {"action": "deactivate", "_selected_action": [staff_user.pk]})
    assert response["Location"] == reverse("mfa_index")
    staff_user.refresh_from_db()
    assert staff_user.is_active


def test_the_first_login_of_staff_leads_to_setting_up_a_second_factor(client, staff_user):
    response = client.post(LOGIN_URL, {"login": staff_user.email, "password": DEFAULT_PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    page = text(response)
    assert "zweiten Faktor" in page
    assert "Authenticator-App einrichten" in page


def test_staff_with_a_second_factor_confirm_it_once_per_session(client, staff_user):
    secret = staff_login(Client(), staff_user)  # sets up the app (as on an earlier day)
    # A session opened before the rule, or with the password only (force_login has no second step):
    client.force_login(staff_user)

    response = client.get(USERS_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Faccounts%2Fuser%2F"
    # The password is no way to confirm here: the administration needs the second factor.
    page = text(client.get(response["Location"]))
    assert "Code aus Ihrer Authenticator-App" in page and "Mit Ihrem Passwort" not in page
    assert "Mit Ihrem Passwort" in text(client.get(reverse("mfa_reauthenticate")))
    cache.clear()  # the code the helper used may still be the current one
    confirmed = client.post(response["Location"], {"code": pyotp.TOTP(secret).now()})
    assert confirmed["Location"] == USERS_URL
    assert client.get(USERS_URL).status_code == 200


def test_a_normal_login_with_the_code_opens_the_admin(client, staff_user):
    secret = staff_login(Client(), staff_user)
    cache.clear()

    client.post(LOGIN_URL, {"login": staff_user.email, "password": DEFAULT_PASSWORD, "next": USERS_URL})
    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})

    assert response["Location"] == USERS_URL
    assert client.get(USERS_URL).status_code == 200


def test_staff_with_only_a_passkey_confirm_with_the_passkey(client, staff_user):
    Authenticator.objects.create(user=staff_user, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop"})
    client.force_login(staff_user)

    response = client.get(ADMIN_URL)

    assert response["Location"].startswith(reverse("mfa_reauthenticate_webauthn"))


def test_removing_the_last_second_factor_closes_the_admin_again(staff_client, staff_user):
    assert staff_client.get(USERS_URL).status_code == 200

    Authenticator.objects.filter(user=staff_user).delete()

    assert staff_client.get(USERS_URL)["Location"] == reverse("mfa_index")


def test_the_admin_login_form_is_replaced_by_the_portal_login(client, staff_user):
    # Django's admin login would skip the portal's rate limits and the second-factor step.
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response["Location"] == f"{LOGIN_URL}?next=%2Fadmin%2Faccounts%2Fuser%2F"

    posted = client.post("/admin/login/", {"username": staff_user.email, "password": DEFAULT_PASSWORD})
    assert posted["Location"].startswith(LOGIN_URL)
    assert "_auth_user_id" not in client.session


def test_the_admin_login_refuses_foreign_next_addresses(client):
    response = client.get("/admin/login/?next=https://boese.example/")

    assert response["Location"] == f"{LOGIN_URL}?next=%2Fadmin%2F"


def test_customers_get_a_german_refusal_instead_of_the_admin_login(client_logged_in):
    response = client_logged_in.get(USERS_URL, follow=True)

    assert response.status_code == 403
    assert "Kein Zugang zum Verwaltungsbereich" in text(response)


def test_the_staff_helper_logs_in_like_staff_do(client, staff_user):
    """The helper other tests use: a real authenticator and a session that passed it — no shortcut."""
    secret = staff_login(client, staff_user)

    authenticator = Authenticator.objects.get(user=staff_user, type=Authenticator.Type.TOTP)
    # A real authenticator app: it accepts what the phone shows next.
    assert authenticator.wrap().validate_code(pyotp.TOTP(secret).at(time.time() + 30))
    assert client.get(USERS_URL).status_code == 200
    # A second browser of the same person in the same half minute works too.
    other = Client()
    staff_login(other, staff_user)
    assert other.get(USERS_URL).status_code == 200
