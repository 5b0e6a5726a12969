from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from . import services
from .exports import participants_csv
from .forms import StaffBookingForm
from .models import Booking, Course, CourseDate
from .templatetags.courses_tags import euro


class CourseDateInline(admin.TabularInline):
    model = CourseDate
    extra = 1
    min_num = 1
    fields = ["start", "end", "room"]


class _BookingInline(admin.TabularInline):
    # Bookings are made and cancelled through the services (capacity, waiting list, mails), so the
    # inlines only show them; attendance is the one field staff edit here.
    model = Booking
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("booked_by", "business")


class ParticipantInline(_BookingInline):
    verbose_name = _("participant")
    verbose_name_plural = _("participants (confirmed)")
    fields = ["participant_name", "participant_email", "business", "booked_by", "created_at", "attended"]
    readonly_fields = ["participant_name", "participant_email", "business", "booked_by", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Booking.Status.CONFIRMED)


class WaitlistInline(_BookingInline):
    verbose_name = _("waiting list entry")
    verbose_name_plural = _("waiting list")
    fields = ["waitlist_position", "participant_name", "participant_email", "business", "booked_by", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Booking.Status.WAITLISTED).order_by("waitlist_position")


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    list_display = [
        "number",
        "title",
        "category",
        "first_date",
        "place",
        "capacity",
        "confirmed",
        "waitlisted",
        "is_published",
        "cancelled_at",
    ]
    list_filter = ["is_published", "category", "place", ("cancelled_at", admin.EmptyFieldListFilter)]
    search_fields = ["number", "title_de", "title_en", "place"]
    date_hierarchy = "booking_deadline"
    inlines = [CourseDateInline, ParticipantInline, WaitlistInline]
    readonly_fields = ["cancelled_at", "created_at", "updated_at"]
    actions = ["publish", "unpublish", "export_participants", "cancel_courses"]
    fieldsets = [
        (None, {"fields": ["title", "number", "category", "is_published"]}),
        (_("Content"), {"fields": ["description", "target_group", "prerequisites", "funding_hint", "teaching_hours"]}),
        (_("Place"), {"fields": ["place", "address"]}),
        (
            _("Booking"),
            {
                "fields": [
                    "price",
                    "capacity",
                    "min_participants",
                    "booking_deadline",
                    "free_cancellation_days",
                    "cancellation_fee",
                ]
            },
        ),
        (_("History"), {"fields": ["cancelled_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                first_start=Min("dates__start"),
                n_confirmed=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED), distinct=True),
                n_waitlisted=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED), distinct=True),
            )
        )

    @admin.display(description=_("first date"), ordering="first_start")
    def first_date(self, obj):
        return timezone.localtime(obj.first_start).strftime("%d.%m.%Y") if obj.first_start else "–"

    @admin.display(description=_("confirmed"), ordering="n_confirmed")
    def confirmed(self, obj):
        return obj.n_confirmed

    @admin.display(description=_("waiting list"), ordering="n_waitlisted")
    def waitlisted(self, obj):
        return obj.n_waitlisted

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        confirmed = form.instance.bookings.filter(status=Booking.Status.CONFIRMED).count()
        if confirmed > form.instance.capacity:
            self.message_user(
                request,
                _(
                    "%(confirmed)d participants are already confirmed, more than the %(capacity)d places. "
                    "Nobody is cancelled automatically."
                )
                % {"confirmed": confirmed, "capacity": form.instance.capacity},
                messages.WARNING,
            )
        if change and "capacity" in form.changed_data:
            moved = services.course_capacity_changed(course_id=form.instance.pk)
            if moved:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d booking moved up from the waiting list and was informed.",
                        "%(count)d bookings moved up from the waiting list and were informed.",
                        len(moved),
                    )
                    % {"count": len(moved)},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Publish selected courses"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.filter(cancelled_at__isnull=True).update(is_published=True)
        self.message_user(request, _("%(count)d courses published.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected courses"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        self.message_user(request, _("%(count)d courses unpublished.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Export participants as CSV"), permissions=["view"])
    def export_participants(self, request, queryset):
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response = HttpResponse(participants_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="teilnehmer-{stamp}.csv"'
        return response

    @admin.action(description=_("Cancel course (all participants are informed)"), permissions=["change"])
    def cancel_courses(self, request, queryset):
        queryset = queryset.filter(cancelled_at__isnull=True)
        if request.POST.get("confirm") == "yes":
            total = sum(services.course_cancel(course_id=course.pk) for course in queryset)
            self.message_user(
                request,
                _("%(courses)d courses cancelled; %(bookings)d participants are informed by e-mail.")
                % {"courses": len(queryset), "bookings": total},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/courses/course/cancel_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Cancel courses"),
                "courses": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = [
        "participant_name",
        "participant_email",
        "course",
        "business",
        "status",
        "waitlist_position",
        "attended",
        "created_at",
    ]
    list_filter = ["status", "attended", "course__category"]
    search_fields = [
        "participant_name",
        "participant_email",
        "course__number",
        "course__title",
        "booked_by__email",
        "business__name",
        "business__betriebsnummer",
    ]
    list_select_related = ["course", "booked_by", "business"]
    autocomplete_fields = ["course"]
    readonly_fields = [
        "course",
        "booked_by",
        "business",
        "participant_name",
        "participant_email",
        "billing_address",
        "status",
        "waitlist_position",
        "cancellation_fee",
        "created_at",
        "updated_at",
        "confirmed_at",
        "cancelled_at",
    ]
    actions = ["mark_attended", "mark_absent", "cancel_booking"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "im-auftrag-buchen/",
                self.admin_site.admin_view(self.book_on_behalf_view),
                name="courses_booking_book_on_behalf",
            ),
            *super().get_urls(),
        ]

    def book_on_behalf_view(self, request):
        """Book a person on their behalf through the booking service: capacity and waiting list hold."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = StaffBookingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            person = form.person
            try:
                booking = services.booking_create(
                    course_id=form.cleaned_data["course"].pk,
                    booked_by=person,
                    participant_name=person.get_full_name() or person.email,
                    participant_email=person.email,
                    billing_address=form.cleaned_data["billing_address"],
                )
            except services.CourseError as error:
                form.add_error(None, error.message)
            else:
                if booking.status == Booking.Status.CONFIRMED:
                    message = _("%(person)s is booked on %(course)s; the confirmation went by e-mail.")
                else:
                    message = _(
                        "The course is fully booked: %(person)s is on the waiting list of %(course)s in position "
                        "%(position)s."
                    )
                self.message_user(
                    request,
                    message
                    % {
                        "person": booking.participant_name,
                        "course": booking.course,
                        "position": booking.waitlist_position,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:courses_booking_change", args=[booking.pk]))
        return TemplateResponse(
            request,
            "admin/courses/booking/book_on_behalf.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Book a person on their behalf"),
                "form": form,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Cancel booking (with or without fee)"), permissions=["change"])
    def cancel_booking(self, request, queryset):
        """One booking at a time, through the customers' cancellation service, after a confirmation page."""
        if queryset.count() != 1:
            self.message_user(request, _("Please select exactly one booking to cancel."), messages.WARNING)
            return None
        booking = queryset.select_related("course").get()
        if not booking.is_active:
            self.message_user(request, _("This booking has already been cancelled."), messages.WARNING)
            return None
        choice = request.POST.get("fee")
        if choice in ("charge", "waive"):
            try:
                booking = services.booking_cancel(booking_id=booking.pk, by_staff=True, waive_fee=choice == "waive")
            except services.CourseError as error:
                self.message_user(request, error.message, messages.ERROR)
                return None
            self.message_user(
                request,
                _("The booking of %(person)s for %(course)s is cancelled (fee: %(fee)s); the person is informed.")
                % {"person": booking.participant_name, "course": booking.course, "fee": euro(booking.cancellation_fee)},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/courses/booking/cancel_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Cancel booking"),
                "booking": booking,
                "fee": booking.cancellation_fee_at(),
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        count = services.booking_set_attendance(booking_ids=list(queryset.values_list("pk", flat=True)), attended=True)
        self.message_user(request, _("%(count)d participants marked as attended.") % {"count": count})

    @admin.action(description=_("Mark as not attended"), permissions=["change"])
    def mark_absent(self, request, queryset):
        count = services.booking_set_attendance(booking_ids=list(queryset.values_list("pk", flat=True)), attended=False)
        self.message_user(request, _("%(count)d participants marked as not attended.") % {"count": count})
