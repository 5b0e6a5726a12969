from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop


class NoSurroundingWhitespaceValidator:
    """A password must not begin or end with white space.

    Pasted passwords often carry a stray space; the login form strips it, so a password that really
    ended in a space could never be typed again.
    """

    def validate(self, password: str, user=None) -> None:
        if password != password.strip():
            raise ValidationError(
                _("The password must not begin or end with a space."),
                code="password_surrounding_whitespace",
            )

    def get_help_text(self) -> str:
        return _("Your password must not begin or end with a space.")


# Django's own messages the portal words differently in German (accounts/locale wins over Django's catalogue,
# since the project's apps come first in INSTALLED_APPS). Listed here so that `makemessages` keeps them.
DJANGO_MESSAGES_REWORDED = [
    gettext_noop("This password is too common."),
]
