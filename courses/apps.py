from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _public_course_pages_changed(sender, **kwargs) -> None:
    from portal.page_cache import changed

    changed("courses")


def _course_dates_changed(sender, instance, **kwargs) -> None:
    from .services import course_dates_summary_refresh

    course_dates_summary_refresh(course_ids=[instance.course_id])


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        # The catalog and course pages that anonymous visitors get from portal.page_cache show courses,
        # their dates and the places left: any saved or deleted row of these renders them afresh.
        # Queryset updates send no signal; the code doing them calls portal.page_cache.changed itself.
        from .models import Booking, Course, CourseDate

        # The course row carries a summary of its dates (first day, last day, count) for the catalog.
        post_save.connect(_course_dates_changed, sender=CourseDate, dispatch_uid="course-dates-summary")
        post_delete.connect(_course_dates_changed, sender=CourseDate, dispatch_uid="course-dates-summary-del")
        for model in (Course, CourseDate, Booking):
            post_save.connect(_public_course_pages_changed, sender=model, dispatch_uid=f"public-pages-{model.__name__}")
            post_delete.connect(
                _public_course_pages_changed, sender=model, dispatch_uid=f"public-pages-del-{model.__name__}"
            )
