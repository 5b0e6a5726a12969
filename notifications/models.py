from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """A mail waiting for delivery, or already delivered.

    Written in the same transaction as the change that causes it, so that no mail is lost when the
    broker or the SMTP server is down, and none is sent for a change that was rolled back.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    to = models.TextField(_("recipients"), help_text=_("Comma-separated addresses."))
    from_email = models.CharField(_("sender"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Extra header lines, e.g. List-Unsubscribe of the job board's alerts.
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    template = models.CharField(_("template"), max_length=120, blank=True, db_index=True)
    contains_secret = models.BooleanField(
        _("contains a secret"),
        default=False,
        help_text=_("PIN, activation or reset link: the text is removed once the mail has been delivered."),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @property
    def recipients(self) -> list[str]:
        return [address for address in self.to.split(",") if address]
