from allauth.account.signals import password_reset
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from . import sessions
from .audit import account_audit, client_ip
from .services import email_mark_verified


@receiver(password_reset)
def verify_email_on_password_reset(sender, request, user, **kwargs) -> None:
    # Someone who set a password from a reset mail controls the address: that activates the account
    # too, so "Passwort vergessen" also rescues a lost activation mail.
    email_mark_verified(user=user)


@receiver(user_logged_in)
def record_browser_session(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.user_session_record(request=request, user=user)


@receiver(user_logged_out)
def forget_browser_session(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.user_session_forget(session_key=request.session.session_key)


# Second factors set up, removed and used wrongly go to the audit log: staff see when an account's
# protection changed, and repeated wrong codes.


@receiver(mfa_signals.authenticator_added)
def audit_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    account_audit(
        action="accounts.mfa.added",
        actor=user,
        target_user=user,
        payload={"type": authenticator.type},
        ip=client_ip(request),
    )


@receiver(mfa_signals.authenticator_removed)
def audit_authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    account_audit(
        action="accounts.mfa.removed",
        actor=user,
        target_user=authenticator.user if authenticator.user_id else user,
        payload={"type": authenticator.type},
        ip=client_ip(request),
    )


@receiver(mfa_signals.authenticator_reset)
def audit_recovery_codes_generated(sender, request, user, authenticator, **kwargs) -> None:
    account_audit(
        action="accounts.mfa.recovery_codes_generated",
        actor=user,
        target_user=user,
        payload={"type": authenticator.type},
        ip=client_ip(request),
    )


@receiver(mfa_signals.authentication_failed)
def audit_wrong_code(sender, request, user, authenticator, reauthentication=False, **kwargs) -> None:
    from businesses.models import AuditEvent

    account_audit(
        action="accounts.mfa.failed",
        target_user=user,
        payload={"type": authenticator.type, "confirmation": bool(reauthentication)},
        ip=client_ip(request),
        outcome=AuditEvent.Outcome.REFUSED,
    )
