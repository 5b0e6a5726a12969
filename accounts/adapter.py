from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.rendering import mail_links
from notifications.services import absolute_url, email_enqueue_message, email_send_template
from portal.request_meta import base_url

from . import mfa_policy
from .audit import client_ip
from .services import activation_send
from .sessions import describe_user_agent

# allauth's mails whose links log someone in or prove an address: kept in the outbox only until sent.
SECRET_TEMPLATES = {
    "account/email/password_reset_key",
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
}

# allauth's security notices, told in our words: (subject, what happened). Each mail also says when,
# from which browser, and what to do if it was not the account's owner.
SECURITY_NOTICES = {
    "account/email/password_changed": (
        _("Your password was changed"),
        _("The password of your account in the customer portal was changed."),
    ),
    "account/email/password_set": (
        _("A password was set for your account"),
        _("A password was set for your account in the customer portal."),
    ),
    "account/email/password_reset": (
        _("Your password was reset"),
        _("The password of your account in the customer portal was reset with the link from a reset mail."),
    ),
    "account/email/email_deleted": (
        _("An e-mail address was removed from your account"),
        _("A pending change of your e-mail address was cancelled."),
    ),
    "mfa/email/totp_activated": (
        _("Authenticator app set up"),
        _(
            "An authenticator app was set up for your account. From now on, logging in asks for a code "
            "from this app in addition to the password."
        ),
    ),
    "mfa/email/totp_deactivated": (
        _("Authenticator app removed"),
        _("The authenticator app was removed from your account; logging in no longer asks for its code."),
    ),
    "mfa/email/recovery_codes_generated": (
        _("New recovery codes"),
        _("New recovery codes were generated for your account. The previous ones no longer work."),
    ),
    "mfa/email/webauthn_added": (
        _("Passkey added"),
        _("A passkey or security key was added to your account."),
    ),
    "mfa/email/webauthn_removed": (
        _("Passkey removed"),
        _("A passkey or security key was removed from your account."),
    ),
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

    def send_notification_mail(self, template_prefix: str, user, context: dict | None = None, email=None) -> None:
        """allauth's security notices, as the portal's own plain-text mails through the outbox."""
        if not account_settings.EMAIL_NOTIFICATIONS:
            return
        # allauth sends some notices after commit, when its request context may be gone already.
        request = self.request or allauth_context.request
        context = context or {}
        links = {
            "security_url": absolute_url(reverse("mfa_index"), request=request),
            "reset_url": absolute_url(reverse("account_reset_password"), request=request),
            "imprint_url": absolute_url(reverse("portal:imprint"), request=request),
        }
        details = {
            "user": user,
            "when": timezone.now(),
            "browser": describe_user_agent(request.META.get("HTTP_USER_AGENT", "")) if request else "",
            "ip": client_ip(request),
            **links,
        }
        if template_prefix == "account/email/email_changed":
            # To the old address: its owner may have lost the account to someone else.
            email_send_template(
                template_prefix="accounts/mail/email_changed",
                to=[context.get("from_email") or email or user.email],
                context={**details, "from_email": context.get("from_email"), "to_email": context.get("to_email")},
            )
            return
        subject, what = SECURITY_NOTICES.get(template_prefix, (_("Security notice"), _("Your account was changed.")))
        email_send_template(
            template_prefix="accounts/mail/security_notice",
            to=[email or user.email],
            context={**details, "subject_line": subject, "what_happened": what},
        )

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Chamber staff set up a second factor right after their first login (the admin needs it).
        # ("Sicherheit" says why, in a box of its own for staff without a second factor.)
        if request.user.is_staff and not mfa_policy.has_second_factor(request.user):
            return reverse("mfa_index")
        return super().get_login_redirect_url(request)
