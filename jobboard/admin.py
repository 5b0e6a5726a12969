"""The chamber's side of the job board: the review queue (oldest submission first), approving or returning a
posting with remarks, closing one, statistics per occupation and month, CSV export."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from portal.csv_export import excel_csv
from portal.errors import refusal_shown

from . import services
from .forms import ReturnForm as RemarksForm
from .models import SavedSearch, Vacancy

Status = Vacancy.Status


@admin.action(description=gettext_lazy("Export selected postings as CSV"))
def export_csv(modeladmin, request, queryset):
    vacancies = queryset.select_related("business", "occupation").order_by("pk")
    header = [
        pgettext("jobboard", "Number"),
        _("Status"),
        _("Business"),
        _("Betriebsnummer"),
        _("Occupation"),
        _("Kind"),
        _("Title"),
        _("Postcode"),
        _("Place"),
        _("Training year"),
        _("Places"),
        _("Published from"),
        _("Published until"),
        _("Submitted at"),
    ]
    rows = [
        [
            v.pk,
            v.get_status_display(),
            v.business.name,
            v.business.number_display,
            v.occupation.name,
            v.get_kind_display(),
            v.title,
            v.site_postal_code,
            v.site_city,
            v.start_year,
            v.places,
            v.published_from.strftime("%d.%m.%Y") if v.published_from else "",
            v.published_until.strftime("%d.%m.%Y") if v.published_until else "",
            timezone.localtime(v.submitted_at).strftime("%d.%m.%Y %H:%M") if v.submitted_at else "",
        ]
        for v in vacancies
    ]
    response = HttpResponse(excel_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lehrstellen-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


@admin.action(description=gettext_lazy("Approve and publish selected postings"))
def approve_selected(modeladmin, request, queryset):
    if not services.is_reviewer(request.user):
        raise PermissionDenied
    done = 0
    for vacancy_id in queryset.filter(status=Status.REVIEW).values_list("pk", flat=True):
        with refusal_shown(request) as refusal:
            services.vacancy_approve(actor=request.user, vacancy_id=vacancy_id)
        done += 0 if refusal else 1
    messages.success(request, _("%(count)d postings published.") % {"count": done})


class QueueFilter(admin.SimpleListFilter):
    title = gettext_lazy("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("review", _("awaiting review"))]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.filter(status=Status.REVIEW)
        return queryset


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    """The queue: postings awaiting review first, the longest-waiting on top. A posting opens as the review
    page; every change of status goes through jobboard.services."""

    list_display = ["title", "business", "occupation", "site_city", "status", "waiting", "published_until"]
    list_filter = [QueueFilter, "status", "kind"]
    search_fields = ["title", "business__name", "business__betriebsnummer", "site_postal_code", "site_city"]
    list_select_related = ["business", "occupation"]
    actions = [approve_selected, export_csv]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            self.model._default_manager.get_queryset()
            .defer("search_document")
            .annotate(
                queue_rank=Case(
                    When(status=Status.REVIEW, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
        )

    def get_ordering(self, request):
        return ["queue_rank", "submitted_at", "-status_changed_at", "pk"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("waiting"), ordering="submitted_at")
    def waiting(self, obj):
        if obj.status != Status.REVIEW or obj.submitted_at is None:
            return "–"
        return _("%(days)s days") % {"days": (timezone.now() - obj.submitted_at).days}

    def get_urls(self):
        return [
            path(
                "<int:object_id>/schritt/<str:event>/",
                self.admin_site.admin_view(self.step_view),
                name="jobboard_vacancy_step",
            ),
            path("statistik/", self.admin_site.admin_view(self.statistics_view), name="jobboard_vacancy_statistics"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.review_view(request, object_id)

    def review_view(self, request, object_id, *, return_form=None):
        vacancy = get_object_or_404(
            Vacancy.objects.select_related("business", "occupation", "site_business"), pk=object_id
        )
        if not self.has_view_or_change_permission(request, vacancy):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review posting “%(title)s”") % {"title": vacancy.title},
            "vacancy": vacancy,
            "steps": services.events_from(vacancy.status, by=services.STAFF),
            "can_review": services.is_reviewer(request.user),
            "return_form": return_form or RemarksForm(prefix="return"),
        }
        return TemplateResponse(request, "admin/jobboard/vacancy/review.html", context)

    def step_view(self, request, object_id, event):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not services.is_reviewer(request.user):
            raise PermissionDenied
        done = {
            "approve": _("The posting has been published; the business has been informed."),
            "return": _("The posting has been returned to the business with your remarks."),
            "close": _("The posting has been closed; the business has been informed."),
        }
        if event not in done:
            raise PermissionDenied
        vacancy = get_object_or_404(Vacancy, pk=object_id)
        with refusal_shown(request) as refusal:
            if event == "approve":
                services.vacancy_approve(actor=request.user, vacancy_id=vacancy.pk)
            elif event == "close":
                services.vacancy_close(actor=request.user, vacancy_id=vacancy.pk)
            else:
                form = RemarksForm(request.POST, prefix="return")
                if not form.is_valid():
                    return self.review_view(request, object_id, return_form=form)
                services.vacancy_return(actor=request.user, vacancy_id=vacancy.pk, remarks=form.cleaned_data["remarks"])
        if not refusal:
            messages.success(request, done[event])
        return redirect(reverse("admin:jobboard_vacancy_changelist") + "?queue=review")

    def statistics_view(self, request):
        """Postings per occupation and month of their (last) publication; with ?format=csv as a file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = list(
            Vacancy.objects.filter(live_since__isnull=False)
            .annotate(month=TruncMonth("live_since"))
            .values("month", "occupation__name")
            .annotate(postings=Count("pk"), places=Sum("places"))
            .order_by("-month", "occupation__name")
        )
        rows = [
            {
                "month": row["month"],
                "occupation": row["occupation__name"],
                "postings": row["postings"],
                "places": row["places"],
            }
            for row in rows
        ]
        if request.GET.get("format") == "csv":
            header = [_("Month"), _("Occupation"), _("Postings published"), _("Places")]
            body = excel_csv(
                header, [[f"{r['month']:%m/%Y}", r["occupation"], r["postings"], r["places"]] for r in rows]
            )
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="lehrstellen-statistik.csv"'
            return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Postings per occupation and month"),
            "rows": rows,
            "by_status": list(Vacancy.objects.values("status").annotate(count=Count("pk")).order_by("status")),
            "status_labels": dict(Status.choices),
        }
        return TemplateResponse(request, "admin/jobboard/vacancy/statistics.html", context)


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_sent_at"]
    search_fields = ["name", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "params", "checked_until", "last_sent_at"]
    fields = ["user", "name", "params", "checked_until", "last_sent_at"]

    def has_add_permission(self, request):
        return False
