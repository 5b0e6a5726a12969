"""The pages under "Mein Konto → Sicherheit" behind the confirmation step: strict CSP, no inline code,
and other people's passkeys out of reach."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from portal.tests.security.test_csp import inline_code_in, policy_problems

from .factories import DEFAULT_PASSWORD
from .helpers import LOGIN_URL

pytestmark = pytest.mark.django_db


def confirmed(client, user):
    client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    return client


def passkey_of(user, name="Laptop"):
    # What allauth stores for a WebAuthn credential is not needed to list, rename or remove it.
    return Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name})


def assert_strict(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy_problems(response) == [], url
        assert inline_code_in(response.content.decode()) == [], url


def test_the_setup_pages_have_a_strict_policy_and_no_inline_code(client, user):
    confirmed(client, user)
    assert_strict(
        client,
        [
            reverse("mfa_index"),
            reverse("mfa_activate_totp"),
            reverse("mfa_add_webauthn"),
            reverse("accounts:sessions"),
            reverse("accounts:my_data"),
            reverse("accounts:delete"),
            reverse("account_email"),
            reverse("account_change_password"),
            reverse("account_reauthenticate"),
        ],
    )
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    key = passkey_of(user)
    assert_strict(
        client,
        [
            reverse("mfa_view_recovery_codes"),
            reverse("mfa_generate_recovery_codes"),
            reverse("mfa_deactivate_totp"),
            reverse("mfa_list_webauthn"),
            reverse("mfa_edit_webauthn", args=[key.pk]),
            reverse("mfa_remove_webauthn", args=[key.pk]),
            reverse("mfa_reauthenticate"),
            reverse("mfa_index"),
        ],
    )


def test_the_second_login_step_has_a_strict_policy_and_no_inline_code(client, user):
    TOTP.activate(user, pyotp.random_base32())
    client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD})

    assert_strict(client, [reverse("mfa_authenticate")])


def test_another_persons_passkey_cannot_be_renamed_or_removed(client, user, user_factory):
    theirs = passkey_of(user_factory(), name="Fremder Schlüssel")
    confirmed(client, user)

    for name in ("mfa_edit_webauthn", "mfa_remove_webauthn"):
        url = reverse(name, args=[theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Übernommen"}).status_code == 404
    assert Authenticator.objects.filter(pk=theirs.pk).exists()
    assert "Fremder Schlüssel" not in client.get(reverse("mfa_list_webauthn")).content.decode()
