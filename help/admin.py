from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from portal.request_meta import base_url

from . import services
from .models import Category, ContactReply, ContactRequest, Faq, SearchMiss
from .services import HelpError

OPENED_RECENTLY_DAYS = 30


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["title", "slug", "order", "faq_count"]
    list_editable = ["order"]
    search_fields = ["title_de", "title_en", "slug"]
    fields = ["title", "slug", "order", "intro"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_faq_count=Count("faqs"))

    @admin.display(description=_("questions"), ordering="_faq_count")
    def faq_count(self, obj):
        return obj._faq_count


@admin.register(Faq)
class FaqAdmin(TranslationAdmin):
    list_display = ["question", "category", "is_published", "order", "opened_recently", "opened_total", "updated_at"]
    list_filter = ["is_published", "category"]
    list_editable = ["is_published", "order"]
    list_select_related = ["category"]
    search_fields = ["slug", "question_de", "question_en", "answer_de", "answer_en"]
    readonly_fields = ["answer_preview", "opened_recently", "opened_total", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["question", "answer", "answer_preview"]}),
        (_("Place in the help"), {"fields": ["category", "slug", "order", "is_published"]}),
        (_("Statistics"), {"fields": ["opened_recently", "opened_total", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        since = timezone.localdate() - timedelta(days=OPENED_RECENTLY_DAYS - 1)
        return (
            super()
            .get_queryset(request)
            .annotate(
                _opened_recently=Coalesce(Sum("open_days__count", filter=Q(open_days__day__gte=since)), 0),
                _opened_total=Coalesce(Sum("open_days__count"), 0),
            )
        )

    @admin.display(description=_("opened (last 30 days)"), ordering="_opened_recently")
    def opened_recently(self, obj):
        return getattr(obj, "_opened_recently", 0)

    @admin.display(description=_("opened (in total)"), ordering="_opened_total")
    def opened_total(self, obj):
        return getattr(obj, "_opened_total", 0)

    @admin.display(description=_("preview of the German answer"))
    def answer_preview(self, obj):
        # The sanitised HTML exactly as the portal shows it (saved text; edits show after saving).
        if not obj.pk:
            return "–"
        from .rendering import markdown_to_html

        return markdown_to_html(obj.answer_de)


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """What people searched in the help without finding an answer: the questions to write next."""

    list_display = ["query", "count", "first_searched_on", "last_searched_on"]
    list_filter = [("last_searched_on", admin.DateFieldListFilter)]
    search_fields = ["query"]
    readonly_fields = ["query", "count", "first_searched_on", "last_searched_on"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContactReplyInline(admin.TabularInline):
    model = ContactReply
    extra = 0
    can_delete = False
    fields = ["sent_at", "sent_by", "sent_to", "text"]
    readonly_fields = fields
    verbose_name = _("answer sent")
    verbose_name_plural = _("answers sent")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContactRequestAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Answer by e-mail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_(
            "Sent to the person's e-mail address when you save, with greeting, reference number and signature "
            "added; the request is then marked “answered”. Plain text."
        ),
    )

    class Meta:
        model = ContactRequest
        fields = ["status", "staff_note"]


@admin.action(description=_("Mark selected requests as in progress"))
def mark_in_progress(modeladmin, request, queryset):
    for contact_request in queryset:
        services.contact_request_set_status(
            contact_request=contact_request, status=ContactRequest.Status.IN_PROGRESS, staff_user=request.user
        )


@admin.action(description=_("Close selected requests"))
def mark_closed(modeladmin, request, queryset):
    for contact_request in queryset:
        services.contact_request_set_status(
            contact_request=contact_request, status=ContactRequest.Status.CLOSED, staff_user=request.user
        )


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    form = ContactRequestAdminForm
    list_display = ["reference", "created_at", "topic", "name", "email", "status", "answered_at"]
    list_filter = ["status", "topic", ("created_at", admin.DateFieldListFilter)]
    date_hierarchy = "created_at"
    search_fields = ["reference", "email", "name", "business_number", "message"]
    actions = [mark_in_progress, mark_closed]
    inlines = [ContactReplyInline]
    readonly_fields = [
        "reference",
        "created_at",
        "topic",
        "name",
        "email",
        "account",
        "business",
        "page",
        "language",
        "message_text",
        "status_changed_at",
        "status_changed_by",
        "answered_at",
    ]
    fieldsets = [
        (
            _("Request"),
            {
                "fields": [
                    "reference",
                    "created_at",
                    "topic",
                    "name",
                    "email",
                    "account",
                    "business",
                    "page",
                    "language",
                    "message_text",
                ]
            },
        ),
        (
            _("Processing"),
            {"fields": ["status", "staff_note", "status_changed_at", "status_changed_by", "answered_at"]},
        ),
        (_("Answer"), {"fields": ["reply"]}),
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("message"))
    def message_text(self, obj):
        # The template filter: escapes what the person wrote, then adds the paragraphs.
        return linebreaks_filter(obj.message, autoescape=True)

    @admin.display(description=_("account"))
    def account(self, obj):
        if obj.user_id is None:
            return _("not logged in")
        url = reverse("admin:accounts_user_change", args=[obj.user_id])
        return format_html('<a href="{}">{}</a>', url, obj.user.email)

    @admin.display(description=_("Betriebsnummer"))
    def business(self, obj):
        if not obj.business_number:
            return "–"
        from businesses.models import Business

        number, _sep, branch = obj.business_number.partition("-")
        found = Business.objects.filter(betriebsnummer=number, filialnummer=branch).first()
        if found is None:
            return format_html("{} ({})", obj.business_number, _("not in the register"))
        url = reverse("admin:businesses_business_change", args=[found.pk])
        return format_html('<a href="{}">{}</a>', url, found)

    def save_model(self, request, obj, form, change):
        if "staff_note" in form.changed_data:
            obj.save(update_fields=["staff_note"])
        reply = (form.cleaned_data.get("reply") or "").strip()
        if reply:
            try:
                services.contact_request_answer(
                    contact_request=obj, text=reply, staff_user=request.user, base_url=base_url(request)
                )
            except HelpError as error:
                self.message_user(request, error.message, level=messages.ERROR)
            else:
                self.message_user(
                    request, _("The answer was sent to %(email)s.") % {"email": obj.email}, level=messages.SUCCESS
                )
        if "status" in form.changed_data:
            services.contact_request_set_status(
                contact_request=obj, status=form.cleaned_data["status"], staff_user=request.user
            )
