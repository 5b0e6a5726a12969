"""Small helpers the account tests share: posting the sign-up form and reading links from mails."""

import re

from django.urls import reverse

from notifications.models import OutboundEmail

SIGNUP_URL = reverse("account_signup")
LOGIN_URL = reverse("account_login")
RESET_URL = reverse("account_reset_password")
MY_PORTAL_URL = reverse("portal:my_portal")


def signup_data(**overrides) -> dict:
    data = {
        "salutation": "frau",
        "first_name": "Maria",
        "last_name": "Musterfrau",
        "email": "maria.musterfrau@example.de",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def link_in(body: str) -> str:
    """The first portal link in a mail's plain-text body, as a path for the test client."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, f"no link in mail:\n{body}"
    return match.group(1)


def outbox_rows(template: str = "") -> list[OutboundEmail]:
    rows = OutboundEmail.objects.order_by("pk")
    if template:
        rows = rows.filter(template=template)
    return list(rows)


def text(response) -> str:
    return response.content.decode()


def page_without_tokens(response) -> str:
    """The page as a person sees it: CSRF tokens differ on every response and are left out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text(response))
