from allauth.account.signals import password_reset
from django.dispatch import receiver

from .services import email_mark_verified


@receiver(password_reset)
def verify_email_on_password_reset(sender, request, user, **kwargs) -> None:
    # Someone who set a password from a reset mail controls the address: that activates the account
    # too, so "Passwort vergessen" also rescues a lost activation mail.
    email_mark_verified(user=user)
