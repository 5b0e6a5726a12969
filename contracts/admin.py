"""The chamber's side of the Online-Lehrvertrag: the review queue, the review page with every check's result
next to the data, the workflow steps (through contracts.services), the CSV export, and the catalogues staff
maintain (occupations, minimum remuneration, trainers)."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, DateTimeField, F, IntegerField, Value, When
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.csv_export import excel_csv
from portal.errors import refusal_shown
from portal.request_meta import client_ip

from . import document, rules, selectors, services, workflow
from .forms import RegisterForm, RemarksForm
from .models import ApprenticeshipContract, MinimumRemuneration, Occupation, Trainer

Status = ApprenticeshipContract.Status

# A contract waiting for the chamber (submitted, in review, or concluded and waiting for registration) is
# overdue after this many days — the chamber's promise on its web pages is "within two weeks".
OVERDUE_DAYS = 14


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_months", "is_active"]
    list_filter = ["is_active", "duration_months"]
    search_fields = ["name"]
    list_editable = ["is_active"]


@admin.register(MinimumRemuneration)
class MinimumRemunerationAdmin(admin.ModelAdmin):
    list_display = ["start_year", "year_1", "year_2", "year_3", "year_4"]
    ordering = ["-start_year"]
    # Staff type amounts as Germans do: "1.014,00".
    formfield_overrides = {models.DecimalField: {"localize": True}}


@admin.register(Trainer)
class TrainerAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "business", "qualification", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["last_name", "first_name", "business__name", "business__betriebsnummer"]
    autocomplete_fields = ["business"]
    list_select_related = ["business"]


class QueueFilter(admin.SimpleListFilter):
    title = gettext_lazy("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("waiting for the chamber")),
            ("overdue", _("overdue (more than %(days)s days)") % {"days": OVERDUE_DAYS}),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status__in=ApprenticeshipContract.WAITING_FOR_CHAMBER)
        if self.value() == "overdue":
            return queryset.filter(waiting_since__lt=timezone.now() - timedelta(days=OVERDUE_DAYS))
        return queryset


def waiting_since():
    """Since when the contract waits for the chamber: its (latest) submission while it is submitted or in
    review — starting the review does not reset the clock —, its conclusion while it waits for registration."""
    return Case(
        When(status__in=[Status.SUBMITTED, Status.IN_REVIEW], then=F("submitted_at")),
        When(status=Status.CONCLUDED, then=F("concluded_at")),
        default=Value(None),
        output_field=DateTimeField(),
    )


@admin.action(description=gettext_lazy("Export selected contracts as CSV"))
def export_csv(modeladmin, request, queryset):
    contracts = queryset.select_related("business", "occupation", "trainer").order_by("pk")
    header = [
        _("Contract number"),
        _("Status"),
        _("Business"),
        _("Betriebsnummer"),
        _("Apprentice"),
        _("Date of birth"),
        _("Occupation"),
        _("Start"),
        _("End"),
        _("Duration (months)"),
        _("Part-time"),
        _("Trainer"),
        _("Submitted at"),
        _("Concluded"),
        _("Register number"),
    ]
    rows = [
        [
            c.reference,
            c.get_status_display(),
            c.business.name,
            c.business.number_display,
            c.apprentice_name,
            c.apprentice_birth_date.strftime("%d.%m.%Y") if c.apprentice_birth_date else "",
            c.occupation.name if c.occupation else "",
            c.start_date.strftime("%d.%m.%Y") if c.start_date else "",
            c.end_date.strftime("%d.%m.%Y") if c.end_date else "",
            c.duration_months or "",
            rules.is_part_time(c),
            c.trainer.full_name if c.trainer else "",
            timezone.localtime(c.submitted_at).strftime("%d.%m.%Y %H:%M") if c.submitted_at else "",
            c.get_conclusion_display(),
            c.register_number,
        ]
        for c in contracts
    ]
    response = HttpResponse(excel_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lehrvertraege-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@admin.register(ApprenticeshipContract)
class ApprenticeshipContractAdmin(admin.ModelAdmin):
    """The queue; a contract opens as the review page (no direct editing: every change is a workflow step)."""

    list_display = [
        "reference",
        "apprentice",
        "occupation_short",
        "business",
        "status_badge",
        "waiting",
        "submitted_at",
    ]
    list_display_links = ["reference", "apprentice"]
    list_filter = [QueueFilter, "status", "conclusion", "training_form"]
    search_fields = [
        "reference",
        "register_number",
        "apprentice_last_name",
        "apprentice_first_name",
        "business__name",
        "business__betriebsnummer",
    ]
    list_select_related = ["business", "occupation"]
    actions = [export_csv]
    list_per_page = 50

    class Media:
        css = {"all": ["contracts/admin.css"]}

    def get_queryset(self, request):
        # Not super(): it orders by get_ordering() before the annotations the ordering uses exist.
        return (
            self.model._default_manager.get_queryset()
            .annotate(
                waiting_since=waiting_since(),
                queue_rank=Case(
                    When(status__in=ApprenticeshipContract.WAITING_FOR_CHAMBER, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
            )
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        # The queue: what waits for the chamber first, the longest-waiting on top.
        return ["queue_rank", F("waiting_since").asc(nulls_last=True), "-status_changed_at", "pk"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("apprentice"), ordering="apprentice_last_name")
    def apprentice(self, obj):
        return obj.apprentice_name or "–"

    @admin.display(description=gettext_lazy("occupation"), ordering="occupation__name")
    def occupation_short(self, obj):
        name = obj.occupation.name if obj.occupation_id else "–"
        return name if len(name) <= 40 else f"{name[:38]}…"

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="contract-status contract-status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description=gettext_lazy("waiting"), ordering="waiting_since")
    def waiting(self, obj):
        if obj.waiting_since is None:
            return "–"
        days = (timezone.now() - obj.waiting_since).days
        if days > OVERDUE_DAYS:
            return format_html(
                '<span class="contract-overdue">{}</span>', _("%(days)s days – overdue") % {"days": days}
            )
        return _("%(days)s days") % {"days": days}

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/schritt/<str:event>/",
                self.admin_site.admin_view(self.step_view),
                name=f"{info[0]}_{info[1]}_step",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.review_view(request, object_id)

    def review_view(self, request, object_id, *, forms=None):
        contract = get_object_or_404(
            ApprenticeshipContract.objects.select_related("business", "training_site", "occupation", "trainer"),
            pk=object_id,
        )
        if not self.has_view_or_change_permission(request, contract):
            raise PermissionDenied
        results = services.contract_check(contract=contract)
        forms = forms or {}
        history = selectors.contract_history(contract=contract)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review %(reference)s") % {"reference": contract.reference},
            "contract": contract,
            "sections": document.contract_sections(contract),
            "results": results,
            "error_count": sum(1 for finding in rules.findings_of(results) if finding.is_error),
            "history": [(entry, workflow.event_label(entry.event)) for entry in history],
            "files": selectors.contract_files(contract=contract),
            "confirmations": selectors.contract_confirmations(contract=contract),
            "steps": [t.event for t in workflow.events_from(contract.status, by=workflow.STAFF)],
            "can_review": workflow.is_reviewer(request.user),
            "return_form": forms.get("return") or RemarksForm(prefix="return"),
            "reject_form": forms.get("reject") or RemarksForm(prefix="reject"),
            "register_form": forms.get("register") or RegisterForm(prefix="register"),
            "waiting_days": contract.waiting_days(),
            "overdue_days": OVERDUE_DAYS,
            "minor": rules.is_minor_at_start(contract),
            "duration": rules.computed_duration(contract),
            "end": rules.computed_end(contract),
        }
        return TemplateResponse(request, "admin/contracts/apprenticeshipcontract/review.html", context)

    def step_view(self, request, object_id, event):
        """One workflow step from the review page; the service checks table and permission again."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not workflow.is_reviewer(request.user):
            raise PermissionDenied
        contract = get_object_or_404(ApprenticeshipContract, pk=object_id)
        ip = client_ip(request)
        actor = request.user
        done = {
            "start_review": _("The review has started."),
            "accept": _("The contract has been accepted; the business has been informed."),
            "return": _("The contract has been returned to the business with your remarks."),
            "reject": _("The contract has been rejected; the business has been informed."),
            "register": _("The contract has been registered; the business can download the certificate."),
        }
        if event not in done:
            raise PermissionDenied
        form = None
        with refusal_shown(request) as refusal:
            if event == "start_review":
                services.contract_start_review(actor=actor, contract_id=contract.pk, ip=ip)
            elif event == "accept":
                services.contract_accept(actor=actor, contract_id=contract.pk, ip=ip)
            elif event in ("return", "reject"):
                form = RemarksForm(request.POST, prefix=event)
                if form.is_valid():
                    step = services.contract_return if event == "return" else services.contract_reject
                    kwargs = (
                        {"remarks": form.cleaned_data["remarks"]}
                        if event == "return"
                        else {"reason": form.cleaned_data["remarks"]}
                    )
                    step(actor=actor, contract_id=contract.pk, ip=ip, **kwargs)
            elif event == "register":
                form = RegisterForm(request.POST, prefix="register")
                if form.is_valid():
                    services.contract_register(
                        actor=actor,
                        contract_id=contract.pk,
                        register_number=form.cleaned_data["register_number"],
                        ip=ip,
                    )
        if form is not None and not form.is_valid():
            return self.review_view(request, object_id, forms={event: form})
        if not refusal:
            messages.success(request, done[event])
        return redirect(reverse("admin:contracts_apprenticeshipcontract_change", args=[contract.pk]))
