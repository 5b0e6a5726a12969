from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal.csv_export import excel_csv
from portal.errors import refusal_shown
from portal.request_meta import base_url

from . import services
from .audit import action_label
from .forms import ReasonForm
from .letters import pin_letters_pdf
from .models import AuditEvent, Business, Invitation, Membership, Pin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "role", "status", "source", "created_at", "activated_at", "ended_at", "end_reason"]
    readonly_fields = fields
    verbose_name_plural = _("members")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").order_by("status", "-created_at")


class PinInline(ReadOnlyInline):
    """PIN rows without the PIN: after sending, the clear PIN exists nowhere in the portal."""

    model = Pin
    fields = ["channel", "sent_by", "created_at", "expires_at", "state", "used_at", "used_by", "revoked_at"]
    readonly_fields = fields
    show_change_link = False

    @admin.display(description=_("state"))
    def state(self, obj: Pin) -> str:
        return obj.state


class BranchInline(ReadOnlyInline):
    model = Business
    fk_name = "main_business"
    fields = ["filialnummer", "name", "city", "email", "is_active"]
    readonly_fields = fields
    verbose_name = _("branch")
    verbose_name_plural = _("branches")


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = [
        "betriebsnummer",
        "filialnummer",
        "name",
        "trade",
        "city",
        "email",
        "is_active",
        "members",
        "open_pins",
    ]
    list_filter = ["is_active", "trade"]
    search_fields = ["betriebsnummer", "name", "city", "email"]
    list_select_related = ["main_business"]
    autocomplete_fields = ["main_business"]
    readonly_fields = ["created_at", "updated_at", "audit_trail"]
    fieldsets = [
        (None, {"fields": ["betriebsnummer", "filialnummer", "main_business", "name", "legal_form", "trade"]}),
        (_("Address of record"), {"fields": ["street", "postal_code", "city", "email"]}),
        (_("State"), {"fields": ["is_active", "created_at", "updated_at"]}),
        (_("Audit trail"), {"fields": ["audit_trail"]}),
    ]
    inlines = [MembershipInline, PinInline, BranchInline]
    actions = ["send_pin_mail", "print_pin_letter"]

    def get_search_results(self, request, queryset, search_term):
        # "1234567-2" finds the branch 2 of Betriebsnummer 1234567.
        number, dash, branch = (part.strip() for part in search_term.strip().partition("-"))
        if dash and number.isdigit() and branch.isdigit():
            return queryset.filter(betriebsnummer=number, filialnummer=branch), False
        return super().get_search_results(request, queryset, search_term)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_members=Count(
                    "memberships", filter=Q(memberships__status=Membership.Status.ACTIVE), distinct=True
                ),
                open_pins_count=Count("pins", filter=Q(pins__in=Pin.objects.open()), distinct=True),
            )
        )

    @admin.display(description=_("active members"), ordering="active_members")
    def members(self, obj: Business) -> int:
        return obj.active_members

    @admin.display(description=_("open PINs"), ordering="open_pins_count")
    def open_pins(self, obj: Business) -> int:
        """PINs that can still link an account (at most services.pins.PINS_OPEN_MAX)."""
        return obj.open_pins_count

    @admin.display(description=_("latest events"))
    def audit_trail(self, obj: Business) -> str:
        if not obj.pk:
            return "–"
        events = obj.audit_events.select_related("actor", "target_user")[:20]
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(event.created_at).strftime("%d.%m.%Y %H:%M:%S"),
                    action_label(event.action),
                    event.get_outcome_display(),
                    event.actor or "–",
                    event.target_user or "–",
                )
                for event in events
            ),
        )
        url = reverse("admin:businesses_auditevent_changelist") + f"?business__id__exact={obj.pk}"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            '<tbody>{}</tbody></table><p><a href="{}">{}</a></p>',
            _("time"),
            _("action"),
            _("outcome"),
            _("actor"),
            _("affected user"),
            rows,
            url,
            _("Show the whole audit trail"),
        )

    @admin.action(description=_("Send PIN by e-mail"))
    def send_pin_mail(self, request, queryset):
        sent = 0
        for business in queryset:
            with refusal_shown(request, prefix=f"{business}: ") as refusal:
                services.pin_issue(
                    business=business, channel=Pin.Channel.MAIL, sent_by=request.user, base_url=base_url(request)
                )
            sent += not refusal
        if sent:
            self.message_user(
                request,
                _("A new PIN was sent to the e-mail address of record of %(count)s business(es).") % {"count": sent},
                messages.SUCCESS,
            )

    @admin.action(description=_("Print PIN letter (PDF)"))
    def print_pin_letter(self, request, queryset):
        letters = []
        for business in queryset:
            # The clear PIN exists only in this response; the database keeps its keyed hash.
            pin = services.pin_issue(business=business, channel=Pin.Channel.LETTER, sent_by=request.user)
            letters.append(
                (business, services.pin_letter_context(business=business, pin=pin, base_url=base_url(request)))
            )
        response = HttpResponse(pin_letters_pdf(letters), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="pin-brief.pdf"'
        response["Cache-Control"] = "no-store"
        return response


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "business", "role", "status", "source", "created_at", "activated_at", "ended_at"]
    list_filter = ["status", "role", "source"]
    search_fields = ["user__email", "user__last_name", "business__betriebsnummer", "business__name"]
    list_select_related = ["user", "business"]
    readonly_fields = [
        "user",
        "business",
        "role",
        "status",
        "source",
        "created_at",
        "activated_at",
        "ended_at",
        "ended_by",
        "end_reason",
    ]
    actions = ["end_memberships"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("End membership with a reason"))
    def end_memberships(self, request, queryset):
        open_ones = queryset.exclude(status=Membership.Status.ENDED).select_related("user", "business")
        form = ReasonForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            ended = 0
            for membership in open_ones:
                with refusal_shown(request, prefix=f"{membership}: ") as refusal:
                    services.membership_end_by_staff(
                        membership=membership, staff_user=request.user, reason=form.cleaned_data["reason"]
                    )
                ended += not refusal
            self.message_user(request, _("%(count)s membership(s) ended.") % {"count": ended}, messages.SUCCESS)
            return None
        return render(
            request,
            "admin/businesses/membership/end_memberships.html",
            {
                **self.admin_site.each_context(request),
                "title": _("End membership with a reason"),
                "memberships": open_ones,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Pin)
class PinAdmin(admin.ModelAdmin):
    list_display = ["business", "channel", "sent_by", "created_at", "expires_at", "used_at", "used_by", "revoked_at"]
    list_filter = ["channel"]
    search_fields = ["business__betriebsnummer", "business__name"]
    list_select_related = ["business", "sent_by", "used_by"]
    exclude = ["pin_hash"]
    readonly_fields = [
        "business",
        "channel",
        "sent_by",
        "created_at",
        "expires_at",
        "used_at",
        "used_by",
        "revoked_at",
        "revoke_reason",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "business", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "business__betriebsnummer", "business__name"]
    list_select_related = ["business", "invited_by"]
    exclude = ["token_hash"]
    readonly_fields = [
        "business",
        "email",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


class AuditActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action_display", "outcome", "business", "actor", "target_user", "ip"]
    list_filter = ["outcome", AuditActionFilter]
    search_fields = ["action", "business__betriebsnummer", "business__name", "actor__email", "target_user__email"]
    list_select_related = ["business", "actor", "target_user"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "action_display",
        "action",
        "outcome",
        "business",
        "actor",
        "target_user",
        "ip",
        "payload",
    ]
    actions = ["export_csv"]

    @admin.display(description=_("action"), ordering="action")
    def action_display(self, obj: AuditEvent) -> str:
        return action_label(obj.action)

    @admin.action(description=_("Export selected events as CSV"))
    def export_csv(self, request, queryset):
        rows = [
            [
                timezone.localtime(event.created_at).strftime("%d.%m.%Y %H:%M:%S"),
                action_label(event.action),
                event.action,
                event.get_outcome_display(),
                str(event.business or ""),
                str(event.actor or ""),
                str(event.target_user or ""),
                event.ip or "",
            ]
            for event in queryset.select_related("business", "actor", "target_user").order_by("created_at")
        ]
        header = [_("time"), _("action"), _("code"), _("outcome"), _("business"), _("actor"), _("affected user"), "IP"]
        response = HttpResponse(excel_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="protokoll.csv"'
        return response

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
