from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _course_dates_changed(sender, instance, **kwargs) -> None:
    from .services import course_dates_summary_refresh

    course_dates_summary_refresh(course_ids=[instance.course_id])


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from .models import CourseDate

        # The course row carries a summary of its dates (first day, last day, count) for the catalog.
        post_save.connect(_course_dates_changed, sender=CourseDate, dispatch_uid="course-dates-summary")
        post_delete.connect(_course_dates_changed, sender=CourseDate, dispatch_uid="course-dates-summary-del")
