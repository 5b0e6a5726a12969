import enum

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class LinkState(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the activation link.

    The token hashes the (unusable) password, so setting the password spends it; it expires after
    PASSWORD_RESET_TIMEOUT. Unlike Django's check, `link_state` tells an expired link from a used one,
    so the page can say which it is.
    """

    key_salt = "accounts.tokens.ActivationTokenGenerator"

    def link_state(self, user, token: str) -> LinkState:
        if user is None or not token:
            return LinkState.INVALID
        if self.check_token(user, token):
            return LinkState.VALID
        try:
            timestamp = base36_to_int(token.split("-", 1)[0])
        except ValueError:
            return LinkState.INVALID
        if timestamp > self._num_seconds(self._now()):
            return LinkState.INVALID
        if user.has_usable_password():
            return LinkState.USED
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token):
                return LinkState.EXPIRED
        return LinkState.INVALID


activation_token_generator = ActivationTokenGenerator()
