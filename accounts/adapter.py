from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from notifications.rendering import mail_links
from notifications.services import email_enqueue_message
from portal.request_meta import base_url

from .services import activation_send

# allauth's mails whose links log someone in or prove an address: kept in the outbox only until sent.
SECRET_TEMPLATES = {
    "account/email/password_reset_key",
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
}


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's plain-text mail inside the request (it needs the request for links), deliver via the
        outbox; the HTML part is built from the text like every mail's."""
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "chamber_name": settings.PORTAL_CHAMBER_NAME,
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        email_enqueue_message(
            message=message,
            links=mail_links(ctx),
            template=template_prefix,
            contains_secret=template_prefix in SECRET_TEMPLATES,
        )

    def send_confirmation_mail(self, request: HttpRequest, emailconfirmation, signup: bool) -> None:
        user = emailconfirmation.email_address.user
        if not user.is_activated:
            # A new account has no password yet: its mail leads to "Konto aktivieren" and
            # "Passwort festlegen" instead of a bare address confirmation.
            activation_send(user=user, base_url=base_url(request))
            return
        super().send_confirmation_mail(request, emailconfirmation, signup)

    def add_message(self, request: HttpRequest, level: int, message_template: str | None = None, *args, **kwargs):
        # After sign-up our own page shows the (masked) address; allauth's message would print it in full
        # and differ between new and existing addresses.
        if message_template == "account/messages/email_confirmation_sent.txt" and not request.user.is_authenticated:
            return
        super().add_message(request, level, message_template, *args, **kwargs)
