"""The shape of a business PIN: generation, display and normalisation of what a person typed."""

import re
import secrets

# No look-alikes: 0/O and 1/I/L are left out, so a PIN read from a letter is typed correctly.
PIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PIN_LENGTH = 8

_SEPARATORS = re.compile(r"[\s\-]+")


def pin_generate() -> str:
    return "".join(secrets.choice(PIN_ALPHABET) for _ in range(PIN_LENGTH))


def pin_normalize(raw: str) -> str:
    """Upper-case and drop spaces and dashes: `abcd efgh` and `ABCD-EFGH` are the same PIN."""
    return _SEPARATORS.sub("", raw or "").upper()


def pin_display(pin: str) -> str:
    """Group a PIN for reading: `ABCD-EFGH`."""
    pin = pin_normalize(pin)
    return f"{pin[:4]}-{pin[4:]}"


def pin_looks_like(raw: str) -> bool:
    """True when `raw` has the shape of a PIN (used to explain that a PIN is not a password)."""
    pin = pin_normalize(raw)
    return len(pin) == PIN_LENGTH and all(char in PIN_ALPHABET for char in pin)


def pin_hash(pin: str) -> str:
    """Keyed hash (HMAC-SHA256 with settings.PIN_HASH_KEY) of a normalised PIN: what the database keeps.

    The key lives outside the database, so a copy of the table alone does not allow trying all PINs.
    """
    import hashlib
    import hmac

    from django.conf import settings

    return hmac.new(settings.PIN_HASH_KEY.encode(), pin_normalize(pin).encode(), hashlib.sha256).hexdigest()
