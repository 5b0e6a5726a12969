"""allauth.mfa adapted: secrets encrypted at rest, the chamber's name in the authenticator app and on passkeys."""

import base64
import hashlib
from functools import cache

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings

ENCRYPTED_PREFIX = "fernet:"


@cache
def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        """TOTP secrets and recovery-code seeds: a copy of the database alone does not reveal them."""
        return ENCRYPTED_PREFIX + _fernet(settings.MFA_ENCRYPTION_KEY).encrypt(text.encode()).decode("ascii")

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(ENCRYPTED_PREFIX):
            return encrypted_text
        token = encrypted_text.removeprefix(ENCRYPTED_PREFIX).encode("ascii")
        return _fernet(settings.MFA_ENCRYPTION_KEY).decrypt(token).decode()

    def _get_site_name(self) -> str:
        # Shown in the authenticator app next to the code and by the browser when a passkey is made;
        # the host name (allauth's default) tells people nothing.
        return f"Kundenportal {settings.PORTAL_CHAMBER_NAME}"
