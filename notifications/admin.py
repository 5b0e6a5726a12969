from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at", "contains_secret"]
    list_filter = ["status", "template", "contains_secret", "created_at"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [
        "to",
        "from_email",
        "subject",
        "body_text_shown",
        "body_html_shown",
        "template",
        "contains_secret",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    # The bodies only through the two methods below, which leave out those of mails with a secret.
    exclude = ["attachments", "body_text", "body_html"]

    def _body(self, obj: OutboundEmail, body: str) -> str:
        # An activation or reset link or a PIN gives whoever reads it the account or the business link,
        # while the mail is pending as much as after: staff never see it (the text is also removed once
        # the mail is delivered). Help for a customer is a new PIN or a new activation mail.
        if obj.contains_secret:
            return gettext("Not shown: this e-mail carries a PIN or a personal link.")
        return body

    @admin.display(description=_("plain-text body"))
    def body_text_shown(self, obj: OutboundEmail) -> str:
        return self._body(obj, obj.body_text)

    @admin.display(description=_("HTML body"))
    def body_html_shown(self, obj: OutboundEmail) -> str:
        return self._body(obj, obj.body_html)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send selected e-mails again"), permissions=["change"])
    def send_again(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        count = services.email_resend(email_ids=selected)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued for delivery.", "%(count)d e-mails queued for delivery.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped := len(selected) - count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail not sent again: it carried a PIN or personal link whose text was removed "
                    "after delivery. Issue a new PIN or activation mail instead.",
                    "%(count)d e-mails not sent again: they carried a PIN or personal link whose text was removed "
                    "after delivery. Issue a new PIN or activation mail instead.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
