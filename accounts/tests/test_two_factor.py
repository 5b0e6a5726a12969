"""Two-factor authentication under "Mein Konto → Sicherheit": authenticator app and recovery codes.

Codes are computed with pyotp from the secret the page shows, as an authenticator app would.
"""

import re
from urllib.parse import unquote

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from businesses.models import AuditEvent
from notifications.models import OutboundEmail

from .factories import DEFAULT_PASSWORD
from .helpers import LOGIN_URL, MY_PORTAL_URL, link_in, text

pytestmark = pytest.mark.django_db

SECURITY_URL = reverse("mfa_index")
ACTIVATE_URL = reverse("mfa_activate_totp")
AUTHENTICATE_URL = reverse("mfa_authenticate")


def login(client, user, password=DEFAULT_PASSWORD):
    return client.post(LOGIN_URL, {"login": user.email, "password": password})


def confirm_with_password(client, password=DEFAULT_PASSWORD):
    """allauth's "Bestätigen Sie, dass Sie es sind" before changing second factors."""
    return client.post(reverse("account_reauthenticate"), {"password": password})


def activate_totp(client, user) -> str:
    """Set up the authenticator app through the pages; returns the secret the page showed."""
    login(client, user)
    assert client.get(ACTIVATE_URL)["Location"].startswith(reverse("account_reauthenticate"))
    confirm_with_password(client)
    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200
    shown = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', text(page)).group(1)
    secret = shown.replace(" ", "")
    response = client.post(ACTIVATE_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, text(response)
    return secret


def test_the_security_page_explains_the_options(client, user):
    login(client, user)

    page = text(client.get(SECURITY_URL))

    assert "Authenticator-App" in page and "Passkey" in page and "Wiederherstellungscodes" in page
    assert "Microsoft Authenticator" in page
    assert "aus" in page  # Zwei-Faktor-Anmeldung: aus


def test_setting_up_the_app_shows_a_qr_code_from_our_server_and_the_key_for_typing(client, user):
    login(client, user)
    confirm_with_password(client)

    response = client.get(ACTIVATE_URL)
    page = text(response)

    image = re.search(r'<img class="totp-qr[^"]*" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page)
    assert image, "the QR code is an image made by the portal, not loaded from elsewhere"
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]{39})</code>', page).group(1).replace(" ", "")
    # The app lists the account under the portal's name and the person's address.
    app = pyotp.parse_uri(response.context["totp_url"])
    assert (app.secret, app.issuer, app.name) == (secret, "Kundenportal Handwerkskammer Musterstadt", user.email)


def test_totp_setup_then_login_needs_the_code(client, user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        secret = activate_totp(client, user)

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    # Stored encrypted: a copy of the database alone does not give the secret away.
    assert secret not in str(authenticator.data)
    assert authenticator.data["secret"].startswith("fernet:")
    # Recovery codes come with the first second factor, and the page shows them once.
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert AuditEvent.objects.filter(action="accounts.mfa.added", target_user=user).count() == 2
    notice = OutboundEmail.objects.get(template="accounts/mail/security_notice")
    assert notice.subject.startswith("Authenticator-App eingerichtet")

    client.post(reverse("account_logout"))
    response = login(client, user)
    assert response["Location"] == AUTHENTICATE_URL
    assert client.get(MY_PORTAL_URL).status_code == 302, "the password alone does not log in"

    wrong = client.post(AUTHENTICATE_URL, {"code": "000000"})
    assert "Falscher Code" in text(wrong)
    assert client.get(MY_PORTAL_URL).status_code == 302

    cache.clear()  # the app's code from the activation may be the same; the app shows the next one later
    response = client.post(AUTHENTICATE_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.get(MY_PORTAL_URL).status_code == 200


def test_a_code_cannot_be_used_twice(client, user):
    secret = activate_totp(client, user)
    cache.clear()
    code = pyotp.TOTP(secret).now()
    client.post(reverse("account_logout"))
    login(client, user)
    assert client.post(AUTHENTICATE_URL, {"code": code}).status_code == 302

    other = Client()
    login(other, user)
    replay = other.post(AUTHENTICATE_URL, {"code": code})

    assert replay.status_code == 200
    assert other.get(MY_PORTAL_URL).status_code == 302


def test_wrong_codes_are_rate_limited_per_account(client, user):
    secret = activate_totp(client, user)
    client.post(reverse("account_logout"))
    login(client, user)
    for _attempt in range(5):
        assert "Falscher Code" in text(client.post(AUTHENTICATE_URL, {"code": "123456"}))

    # The sixth try is refused before the code is even looked at, the right code included.
    cache_code = pyotp.TOTP(secret).now()
    blocked = client.post(AUTHENTICATE_URL, {"code": cache_code})

    assert "Zu viele" in text(blocked)
    assert client.get(MY_PORTAL_URL).status_code == 302
    failures = AuditEvent.objects.filter(action="accounts.mfa.failed", target_user=user)
    assert failures.count() == 5


def test_recovery_codes_are_shown_once_downloadable_and_each_works_once(client, user):
    activate_totp(client, user)
    # After the activation the portal leads to the codes, shown this one time with a download.
    first_view = text(client.get(reverse("mfa_view_recovery_codes")))
    codes = re.findall(r"<li><code>(\d{8})</code></li>", first_view)
    assert len(codes) == 10
    download = re.search(r'download="[^"]+" href="data:text/plain;charset=utf-8,([^"]+)"', first_view)
    assert [c for c in codes if c in unquote(download.group(1))] == codes

    second_view = text(client.get(reverse("mfa_view_recovery_codes")))
    assert not any(code in second_view for code in codes)
    assert "nur einmal" in second_view

    client.post(reverse("account_logout"))
    login(client, user)
    assert client.post(AUTHENTICATE_URL, {"code": codes[0]}).status_code == 302
    assert client.get(MY_PORTAL_URL).status_code == 200

    client.post(reverse("account_logout"))
    login(client, user)
    reused = client.post(AUTHENTICATE_URL, {"code": codes[0]})
    assert "Falscher Code" in text(reused)
    assert client.get(MY_PORTAL_URL).status_code == 302
    assert client.post(AUTHENTICATE_URL, {"code": codes[1]}).status_code == 302
    assert client.get(MY_PORTAL_URL).status_code == 200
    assert "8 unbenutzte Codes" in text(client.get(SECURITY_URL))


def test_new_recovery_codes_replace_the_old_ones(client, user):
    activate_totp(client, user)
    old = re.findall(r"<li><code>(\d{8})</code></li>", text(client.get(reverse("mfa_view_recovery_codes"))))

    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    new = re.findall(r"<li><code>(\d{8})</code></li>", text(client.get(reverse("mfa_view_recovery_codes"))))

    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("account_logout"))
    login(client, user)
    assert "Falscher Code" in text(client.post(AUTHENTICATE_URL, {"code": old[0]}))
    assert client.post(AUTHENTICATE_URL, {"code": new[0]}).status_code == 302


def test_password_reset_does_not_skip_the_second_factor(client, user, mailoutbox, django_capture_on_commit_callbacks):
    secret = activate_totp(client, user)
    client.post(reverse("account_logout"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    link = link_in(mailoutbox[-1].body)
    form_url = client.get(link)["Location"] if client.get(link).status_code == 302 else link

    response = client.post(form_url, {"password1": "Ganz-Neues-Passwort-9", "password2": "Ganz-Neues-Passwort-9"})

    assert response["Location"] == AUTHENTICATE_URL
    assert client.get(MY_PORTAL_URL).status_code == 302
    cache.clear()
    client.post(AUTHENTICATE_URL, {"code": pyotp.TOTP(secret).now()})
    assert client.get(MY_PORTAL_URL).status_code == 200


def test_removing_the_app_turns_two_factor_off_and_mails(client, user, django_capture_on_commit_callbacks):
    activate_totp(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user).exists(), "recovery codes go with the last factor"
    assert OutboundEmail.objects.filter(subject__startswith="Authenticator-App entfernt").exists()
    assert AuditEvent.objects.filter(action="accounts.mfa.removed", target_user=user).exists()


def test_an_unknown_secret_in_the_session_cannot_be_activated_with_a_guessed_code(client, user):
    login(client, user)
    confirm_with_password(client)
    client.get(ACTIVATE_URL)

    response = client.post(ACTIVATE_URL, {"code": "123456"})

    assert "Falscher Code" in text(response)
    assert not Authenticator.objects.filter(user=user).exists()


def test_an_activation_link_never_logs_in_past_a_second_factor(client, user_factory):
    """Staff may make an account's password unusable and resend the activation mail; if that account has
    a second factor, setting the password from the link leads to the login (which asks for the code)."""
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.tokens import activation_token_generator

    person = user_factory(password=False)
    TOTP.activate(person, pyotp.random_base32())
    link = f"/accounts/aktivieren/{urlsafe_base64_encode(force_bytes(person.pk))}/"
    link += f"{activation_token_generator.make_token(person)}/"

    client.post(link)
    response = client.post(
        "/accounts/passwort-festlegen/", {"password1": "Geselle-Hobelbank-77", "password2": "Geselle-Hobelbank-77"}
    )

    assert response["Location"] == LOGIN_URL
    assert client.get(MY_PORTAL_URL).status_code == 302
