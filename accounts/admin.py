from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.request_meta import base_url

from . import services
from .audit import account_audit
from .mfa_policy import SECOND_FACTOR_TYPES
from .models import AccountRetention, DataExport, User


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


class SecondFactorFilter(admin.SimpleListFilter):
    title = _("second factor")
    parameter_name = "second_factor"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        factor = Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTOR_TYPES)
        if self.value() == "yes":
            return queryset.filter(Exists(factor))
        if self.value() == "no":
            return queryset.exclude(Exists(factor))
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "is_active",
        "email_verified",
        "second_factor",
        "date_joined",
        "last_login",
    ]
    list_filter = ["is_active", EmailVerifiedFilter, SecondFactorFilter, "is_staff", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    date_hierarchy = "date_joined"
    readonly_fields = [
        "date_joined",
        "last_login",
        "privacy_accepted_at",
        "activity_confirmed_at",
        "inactivity_warning_sent_at",
    ]
    actions = ["resend_activation", "deactivate", "reset_second_factor"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal data"), {"fields": ["salutation", "first_name", "last_name", "privacy_accepted_at"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (
            _("Dates"),
            {"fields": ["date_joined", "last_login", "activity_confirmed_at", "inactivity_warning_sent_at"]},
        ),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]})]

    def get_queryset(self, request):
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        factor = Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTOR_TYPES)
        return (
            super()
            .get_queryset(request)
            .annotate(has_verified_email=Exists(verified), has_second_factor=Exists(factor))
        )

    @admin.display(boolean=True, description=_("e-mail verified"), ordering="has_verified_email")
    def email_verified(self, obj: User) -> bool:
        return obj.has_verified_email

    @admin.display(boolean=True, description=_("second factor"), ordering="has_second_factor")
    def second_factor(self, obj: User) -> bool:
        return obj.has_second_factor

    @admin.action(description=_("Reset second factor (lost phone)"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        count = sum(
            1 for user in queryset if services.second_factor_reset(user=user, staff_user=request.user, request=request)
        )
        self.message_user(
            request,
            ngettext(
                "Second factor reset for %(count)d user; they were logged out and informed by mail.",
                "Second factor reset for %(count)d users; they were logged out and informed by mail.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

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


@admin.register(AccountRetention)
class AccountRetentionAdmin(admin.ModelAdmin):
    """One row: staff set the period after which accounts without login are deleted."""

    list_display = ["__str__", "inactive_days", "is_active", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AccountRetention.objects.exists()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        account_audit(
            action="accounts.retention.changed",
            actor=request.user,
            payload={"inactive_days": obj.inactive_days, "active": obj.is_active},
        )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    """Who requested an export and when — for questions; the file itself never leaves through the admin."""

    list_display = ["user", "status", "requested_at", "ready_at", "downloaded_at", "size"]
    list_filter = ["status", "requested_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    fields = ["user", "status", "requested_at", "ready_at", "expires_at", "downloaded_at", "size"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
