from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from . import services
from .definitions import definition_errors
from .display import display_value
from .forms import FormFieldAdminForm, FormFieldInlineFormSet
from .models import FormDefinition, FormField, Submission, SubmissionFile


class FormFieldInline(TranslationStackedInline):
    model = FormField
    form = FormFieldAdminForm
    formset = FormFieldInlineFormSet
    extra = 0
    ordering = ["position", "pk"]
    fieldsets = [
        (None, {"fields": [("position", "key", "field_type", "required"), ("label", "help_text")]}),
        (_("Options and limits"), {"fields": ["choices", ("min_value", "max_value", "max_length")]}),
    ]


@admin.register(FormDefinition)
class FormDefinitionAdmin(TranslationAdmin):
    list_display = [
        "title",
        "audience",
        "is_active",
        "can_be_rendered",
        "version",
        "field_count",
        "submission_count",
        "updated_at",
    ]
    list_filter = ["is_active", "audience"]
    search_fields = ["title_de", "title_en", "slug", "description_de"]
    prepopulated_fields = {"slug": ["title_de"]}
    readonly_fields = ["version", "created_at", "updated_at"]
    fields = ["title", "slug", "description", "audience", "is_active", "version", "created_at", "updated_at"]
    inlines = [FormFieldInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _field_count=Count("fields", distinct=True), _submission_count=Count("submissions", distinct=True)
            )
        )

    @admin.display(description=_("ready"), boolean=True)
    def can_be_rendered(self, obj):
        return not definition_errors(obj)

    @admin.display(description=_("fields"), ordering="_field_count")
    def field_count(self, obj):
        return obj._field_count

    @admin.display(description=_("submissions"), ordering="_submission_count")
    def submission_count(self, obj):
        return obj._submission_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            services.form_definition_bump_version(definition=form.instance)


class SubmissionFileInline(admin.TabularInline):
    model = SubmissionFile
    extra = 0
    can_delete = False
    fields = ["field_key", "download", "kind", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


@admin.action(description=_("Export selected submissions as CSV (one form)"))
def export_csv(modeladmin, request, queryset):
    form_ids = set(queryset.values_list("form_id", flat=True))
    if len(form_ids) != 1:
        modeladmin.message_user(
            request,
            _("Please select submissions of exactly one form (use the filter “form” on the right)."),
            level=messages.ERROR,
        )
        return None
    definition = FormDefinition.objects.get(pk=form_ids.pop())
    submissions = (
        queryset.select_related("user", "form", "business").prefetch_related("files").order_by("submitted_at", "pk")
    )
    content = services.submissions_export_csv(definition=definition, submissions=submissions)
    filename = f"antraege-{slugify(definition.slug)}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["reference", "form_title", "applicant", "status", "submitted_at", "status_changed_at"]
    list_filter = ["form", "status", ("submitted_at", admin.DateFieldListFilter)]
    date_hierarchy = "submitted_at"
    search_fields = [
        "reference",
        "user__email",
        "user__last_name",
        "form_title",
        "business__name",
        "business__betriebsnummer",
    ]
    list_select_related = ["user", "business"]
    actions = [export_csv]
    inlines = [SubmissionFileInline]
    # What was submitted is shown, never edited: staff change only the processing fields.
    readonly_fields = [
        "reference",
        "form",
        "form_version",
        "applicant",
        "submitted_at",
        "status_changed_at",
        "submitted_values",
    ]
    fieldsets = [
        (_("Processing"), {"fields": ["status", "staff_remark"]}),
        (_("Submission"), {"fields": readonly_fields}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("applicant"), ordering="user__email")
    def applicant(self, obj):
        if obj.user is None:
            label = _("(account deleted)")
            return f"{label} – {obj.business}" if obj.business_id else label
        name = obj.user.get_full_name()
        label = f"{name} <{obj.user.email}>" if name else obj.user.email
        return f"{label} – {obj.business}" if obj.business_id else label

    @admin.display(description=_("submitted values"))
    def submitted_values(self, obj):
        rows = []
        for row in obj.rows():
            if row["files"]:
                value = format_html_join(
                    ", ", '<a href="{}">{}</a>', ((f.get_absolute_url(), f.original_name) for f in row["files"])
                )
            else:
                value = display_value(row["value"], row["type"])
            rows.append((row["label"], value))
        return format_html(
            '<table class="submission-values">{}</table>',
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )

    def save_model(self, request, obj, form, change):
        # Status and remark go through the service, which mails the applicant.
        if form.has_changed():
            self.message_user(request, _("The applicant is informed by e-mail."), level=messages.INFO)
        services.submission_change_status(
            submission=obj,
            status=form.cleaned_data["status"],
            staff_remark=form.cleaned_data["staff_remark"],
            actor=request.user,
            request=request,
        )
