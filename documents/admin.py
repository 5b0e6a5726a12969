"""The chamber's side of the Postfach: inbox by department (unread first), sending and replying, done, CSV."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.errors import refusal_shown
from portal.request_meta import client_ip

from . import services
from .forms import StaffDocumentForm
from .models import Department, Document, DocumentFile, DocumentReceipt, RetentionPolicy, StorageCheck

INBOX, OUTBOX, ALL = "inbox", "outbox", "all"


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "position", "is_active", "unread"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _unread=Count(
                    "documents",
                    filter=Q(documents__direction=Document.Direction.TO_CHAMBER, documents__read_at__isnull=True),
                )
            )
        )

    @admin.display(description=_("unread in the inbox"), ordering="_unread")
    def unread(self, obj) -> int:
        return obj._unread

    def has_delete_permission(self, request, obj=None) -> bool:
        # A department with documents stays (PROTECT); staff switch it off instead.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.documents.exists())


class BoxFilter(admin.SimpleListFilter):
    """Inbox (to the chamber) unless staff choose otherwise: the list opens as the inbox."""

    title = _("box")
    parameter_name = "box"

    def lookups(self, request, model_admin):
        return [(INBOX, _("Inbox (to the chamber)")), (OUTBOX, _("Sent (to businesses)")), (ALL, _("All"))]

    def value(self):
        return super().value() or INBOX

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == INBOX:
            return queryset.filter(direction=Document.Direction.TO_CHAMBER)
        if self.value() == OUTBOX:
            return queryset.filter(direction=Document.Direction.FROM_CHAMBER)
        return queryset


class DepartmentFilter(admin.SimpleListFilter):
    """By department, with the number of unread documents in the inbox."""

    title = _("department")
    parameter_name = "department"

    def lookups(self, request, model_admin):
        departments = Department.objects.annotate(
            unread=Count(
                "documents",
                filter=Q(documents__direction=Document.Direction.TO_CHAMBER, documents__read_at__isnull=True),
            )
        ).order_by("position", "name")
        return [
            (
                str(department.pk),
                gettext("%(name)s (%(count)s unread)") % {"name": department.name, "count": department.unread}
                if department.unread
                else department.name,
            )
            for department in departments
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(department_id=self.value())
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("unread", _("unread")), ("open", _("not done")), ("done", _("done"))]

    def queryset(self, request, queryset):
        match self.value():
            case "unread":
                return queryset.filter(read_at__isnull=True)
            case "open":
                return queryset.filter(done_at__isnull=True)
            case "done":
                return queryset.filter(done_at__isnull=False)
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DocumentFileInline(ReadOnlyInline):
    model = DocumentFile
    view_on_site = False
    fields = ["download", "kind", "size", "sha256", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        # Through the authorising view: audited, with a receipt.
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class DocumentReceiptInline(ReadOnlyInline):
    model = DocumentReceipt
    fields = ["at", "side", "user_name", "event", "file"]
    readonly_fields = fields
    verbose_name_plural = _("read and downloaded")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("file")


@admin.action(description=_("Mark as done"), permissions=["change"])
def mark_done(modeladmin, request, queryset):
    done = 0
    for document in queryset.filter(direction=Document.Direction.TO_CHAMBER, done_at__isnull=True):
        done += services.document_mark_done(document=document, actor=request.user, ip=client_ip(request))
    modeladmin.message_user(request, gettext("%(count)s document(s) marked as done.") % {"count": done})


@admin.action(description=_("Mark as not done"), permissions=["change"])
def mark_open(modeladmin, request, queryset):
    reopened = 0
    for document in queryset.filter(done_at__isnull=False):
        reopened += services.document_reopen(document=document, actor=request.user, ip=client_ip(request))
    modeladmin.message_user(request, gettext("%(count)s document(s) marked as not done.") % {"count": reopened})


@admin.action(description=_("Export selected documents as CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    content = services.documents_export_csv(documents=queryset.order_by("created_at", "pk"))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="postfach-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "unread_marker",
        "created_at",
        "subject",
        "business",
        "department",
        "direction",
        "file_count",
        "read_at",
        "done_at",
    ]
    list_display_links = ["created_at", "subject"]
    list_filter = [BoxFilter, DepartmentFilter, StatusFilter, ("created_at", admin.DateFieldListFilter)]
    search_fields = ["subject", "business__name", "business__betriebsnummer", "sent_by_name"]
    list_select_related = ["department", "business"]
    list_per_page = 50
    date_hierarchy = "created_at"
    actions = [mark_done, mark_open, export_csv]
    inlines = [DocumentFileInline, DocumentReceiptInline]
    change_form_template = "admin/documents/document/change_form.html"
    view_on_site = False  # the portal's page is for members of the business; staff work here
    change_list_template = "admin/documents/document/change_list.html"
    fields = [
        "business",
        "direction",
        "department",
        "subject",
        "note",
        "sent_by_name",
        "created_at",
        "submission",
        "contract",
        "in_reply_to",
        "replies_list",
        "read_at",
        "read_by",
        "done_at",
        "done_by",
    ]
    readonly_fields = fields

    def get_ordering(self, request):
        # Unread first, then the newest.
        unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
        return [unread_first.asc(), "-created_at", "-pk"]

    @admin.display(description=_("unread"), ordering="read_at")
    def unread_marker(self, obj) -> str:
        return "●" if obj.read_at is None else ""

    @admin.display(description=_("replies"))
    def replies_list(self, obj):
        replies = list(obj.replies.order_by("created_at"))
        if not replies:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:documents_document_change", args=[reply.pk]),
                        reply.subject,
                        timezone.localtime(reply.created_at).strftime("%d.%m.%Y %H:%M"),
                    )
                    for reply in replies
                ),
            ),
        )

    def changelist_view(self, request, extra_context=None):
        titles = {INBOX: _("Inbox: documents to the chamber"), OUTBOX: _("Sent to businesses"), ALL: _("All documents")}
        title = titles.get(request.GET.get("box") or INBOX, titles[INBOX])
        return super().changelist_view(request, {**(extra_context or {}), "title": title})

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:documents_document_send")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, object_id)
        if document is not None and request.method == "GET":
            services.document_mark_read(document=document, user=request.user)
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "can_reply": document is not None and document.is_to_chamber and self.has_add_permission(request),
            "can_mark_done": document is not None and document.is_to_chamber and self.has_change_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj):
        services.document_delete(document=obj, actor=request.user, reason="staff")

    def delete_queryset(self, request, queryset):
        for document in queryset.select_related("business"):
            services.document_delete(document=document, actor=request.user, reason="staff")

    def get_urls(self):
        own = [
            path("senden/", self.admin_site.admin_view(self.send_view), name="documents_document_send"),
            path("<int:pk>/antworten/", self.admin_site.admin_view(self.send_view), name="documents_document_reply"),
            path(
                "<int:pk>/erledigt/",
                self.admin_site.admin_view(require_POST(self.done_view)),
                name="documents_document_done",
            ),
        ]
        return [*own, *super().get_urls()]

    @transaction.non_atomic_requests
    def send_view(self, request, pk: int | None = None):
        """Send a document to a business, or (with pk) answer one the business sent."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        reply_to = None
        if pk is not None:
            reply_to = get_object_or_404(Document.objects.select_related("business", "department"), pk=pk)
            if not reply_to.is_to_chamber:
                messages.error(request, gettext("Only documents sent to the chamber can be answered."))
                return redirect("admin:documents_document_change", pk)
        if request.method == "POST":
            form = StaffDocumentForm(request.POST, request.FILES, admin_site=self.admin_site, reply_to=reply_to)
            if form.is_valid():
                data = form.cleaned_data
                with refusal_shown(request, form=form) as refusal:
                    document, mailed = services.document_send(
                        actor=request.user,
                        business=form.selected_business(),
                        department=data["department"],
                        subject=data["subject"],
                        note=data["note"],
                        uploads=data["files"],
                        in_reply_to=reply_to,
                        mark_answered_done=data.get("mark_done", False),
                        submission=data["submission"],
                        contract=data["contract"],
                        request=request,
                        ip=client_ip(request),
                    )
                if not refusal:
                    self.message_user(
                        request,
                        gettext(
                            "The document has been sent to %(business)s. %(count)s member(s) have been told by "
                            "e-mail that there is a new document (without its subject or files)."
                        )
                        % {"business": document.business, "count": mailed},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:documents_document_change", args=[document.pk]))
        else:
            form = StaffDocumentForm(admin_site=self.admin_site, reply_to=reply_to)
        title = gettext("Reply to the business") if reply_to else gettext("Send a document to a business")
        return TemplateResponse(
            request,
            "admin/documents/document/send.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "reply_to": reply_to,
                "opts": self.model._meta,
                "media": self.media + form.media,
            },
        )

    def done_view(self, request, pk: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        document = get_object_or_404(Document.objects.select_related("business"), pk=pk)
        with refusal_shown(request):
            if request.POST.get("reopen"):
                services.document_reopen(document=document, actor=request.user, ip=client_ip(request))
                self.message_user(request, gettext("The document is marked as not done."))
            else:
                services.document_mark_done(document=document, actor=request.user, ip=client_ip(request))
                self.message_user(request, gettext("The document is marked as done."), messages.SUCCESS)
        return redirect("admin:documents_document_change", pk)


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ["days", "updated_at", "updated_by"]
    fields = ["days", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not RetentionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        from businesses.audit import audit_record

        audit_record(
            action="documents.retention.changed", actor=request.user, payload={"days": obj.days}, ip=client_ip(request)
        )


@admin.register(StorageCheck)
class StorageCheckAdmin(admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "files_checked", "stray_count", "missing_count", "clean"]
    fields = ["started_at", "finished_at", "files_checked", "stray_count", "strays", "missing_count", "missing"]
    readonly_fields = fields
    change_list_template = "admin/documents/storagecheck/change_list.html"

    @admin.display(description=_("in order"), boolean=True)
    def clean(self, obj) -> bool:
        return obj.is_clean

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        run = path(
            "jetzt-pruefen/",
            self.admin_site.admin_view(require_POST(self.run_view)),
            name="documents_storagecheck_run",
        )
        return [run, *super().get_urls()]

    def run_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        from .tasks import check_storage_task

        transaction.on_commit(check_storage_task.delay)
        self.message_user(
            request, gettext("The check has been started; its result appears in this list when it is finished.")
        )
        return redirect("admin:documents_storagecheck_changelist")
