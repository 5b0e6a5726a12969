from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.request_meta import base_url

from . import services
from .models import User


class EmailVerifiedFilter(admin.SimpleListFilter):
    title = _("e-mail verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        if self.value() == "yes":
            return queryset.filter(Exists(verified))
        if self.value() == "no":
            return queryset.exclude(Exists(verified))
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["email", "first_name", "last_name", "is_active", "email_verified", "date_joined", "last_login"]
    list_filter = ["is_active", EmailVerifiedFilter, "is_staff", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    date_hierarchy = "date_joined"
    readonly_fields = ["date_joined", "last_login", "privacy_accepted_at"]
    actions = ["resend_activation", "deactivate"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal data"), {"fields": ["salutation", "first_name", "last_name", "privacy_accepted_at"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]})]

    def get_queryset(self, request):
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        return super().get_queryset(request).annotate(has_verified_email=Exists(verified))

    @admin.display(boolean=True, description=_("e-mail verified"), ordering="has_verified_email")
    def email_verified(self, obj: User) -> bool:
        return obj.has_verified_email

    @admin.action(description=_("Resend activation mail"), permissions=["change"])
    def resend_activation(self, request, queryset):
        pending = [user for user in queryset.filter(is_active=True) if not user.is_activated]
        for user in pending:
            services.activation_send(user=user, base_url=base_url(request))
        skipped = queryset.count() - len(pending)
        self.message_user(
            request,
            ngettext(
                "Activation mail queued for %(count)d user.",
                "Activation mail queued for %(count)d users.",
                len(pending),
            )
            % {"count": len(pending)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d user skipped: already activated or deactivated.",
                    "%(count)d users skipped: already activated or deactivated.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Deactivate selected users"), permissions=["change"])
    def deactivate(self, request, queryset):
        users = list(queryset.filter(is_active=True).exclude(pk=request.user.pk))
        for user in users:
            services.user_deactivate(user=user)
        self.message_user(
            request,
            ngettext("%(count)d user deactivated.", "%(count)d users deactivated.", len(users)) % {"count": len(users)},
            messages.SUCCESS,
        )
