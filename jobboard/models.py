"""Lehrstellen- und Praktikumsbörse: postings (Vacancy) of member businesses, and visitors' saved searches."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .search import VacancySearchDocument

postal_code_validator = RegexValidator(r"^\d{5}$", _("Please enter a German postcode of five digits."))


class VacancyQuerySet(models.QuerySet):
    def visible(self, *, now=None) -> "VacancyQuerySet":
        """What visitors see: published, live since its start, not past its last day. The expiry task moves
        postings past their end to "expired"; this filter holds between its runs."""
        now = now or timezone.now()
        return self.filter(
            status=Vacancy.Status.PUBLISHED,
            live_since__lte=now,
            published_until__gte=timezone.localdate(now),
        )


class Vacancy(models.Model):
    """A posting of an apprenticeship, internship or dual study place of a member business.

    The status moves only through `jobboard.workflow` (one transition table). The coordinates are copied
    from the training site's postcode by the service when the posting is written, so a radius search is an
    indexed box plus an exact distance in SQL.
    """

    class Kind(models.TextChoices):
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
        INTERNSHIP = "internship", _("Internship")
        DUAL_STUDY = "dual_study", _("Dual study")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Awaiting review")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")

    class Qualification(models.TextChoices):
        NONE = "none", _("No particular qualification")
        HAUPTSCHULE = "hauptschule", _("Hauptschulabschluss")
        MITTLERER = "mittlerer", _("Mittlerer Schulabschluss")
        FACHHOCHSCHULREIFE = "fachhochschulreife", _("Fachhochschulreife")
        ABITUR = "abitur", _("Abitur")

    business = models.ForeignKey(
        "businesses.Business", verbose_name=_("business"), on_delete=models.PROTECT, related_name="vacancies"
    )
    site_business = models.ForeignKey(
        "businesses.Business",
        verbose_name=_("branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The business itself or one of its branches where the training takes place."),
    )
    kind = models.CharField(pgettext_lazy("jobboard", "kind"), max_length=20, choices=Kind.choices)
    occupation = models.ForeignKey(
        "contracts.Occupation", verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField(pgettext_lazy("jobboard", "title"), max_length=200)
    description = models.TextField(pgettext_lazy("jobboard", "description"))
    site_street = models.CharField(_("street and number"), max_length=200, blank=True)
    site_postal_code = models.CharField(
        pgettext_lazy("jobboard", "postcode"), max_length=5, validators=[postal_code_validator]
    )
    site_city = models.CharField(pgettext_lazy("jobboard", "place"), max_length=120)
    lat = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    lon = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("training year"), help_text=_("The year the training or internship begins.")
    )
    places = models.PositiveSmallIntegerField(_("number of places"), default=1, validators=[MinValueValidator(1)])
    qualification = models.CharField(
        _("school-leaving qualification expected"),
        max_length=20,
        choices=Qualification.choices,
        default=Qualification.NONE,
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_phone = models.CharField(pgettext_lazy("jobboard", "phone"), max_length=40, blank=True)
    contact_email = models.EmailField(pgettext_lazy("jobboard", "e-mail"), blank=True)
    how_to_apply = models.TextField(
        _("how to apply"), help_text=_("e.g. documents wanted, by e-mail or by post, application deadline.")
    )
    published_from = models.DateField(_("published from"), null=True, blank=True)
    published_until = models.DateField(_("published until"), null=True, blank=True)

    status = models.CharField(
        pgettext_lazy("jobboard", "status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    # When the posting last went live for visitors (approval or republication, not before its first day):
    # the feed and the saved-search alerts count a posting as new from this moment.
    live_since = models.DateTimeField(_("live since"), null=True, blank=True, editable=False)
    # The chamber approved the text as it stands; a material change clears it (a new review is needed).
    reviewed = models.BooleanField(_("approved text unchanged"), default=False, editable=False)
    staff_remarks = models.TextField(_("remarks of the chamber"), blank=True)
    expiry_warned_at = models.DateTimeField(_("expiry warning sent at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_document = models.GeneratedField(
        expression=VacancySearchDocument(), output_field=SearchVectorField(), db_persist=True, editable=False
    )

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-created_at"]
        permissions = [("review_vacancy", _("Can review postings of the job board"))]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="jobboard_vacancy_places_positive"),
            models.CheckConstraint(
                condition=Q(published_from__isnull=True)
                | Q(published_until__isnull=True)
                | Q(published_until__gte=models.F("published_from")),
                name="jobboard_vacancy_period_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | (Q(published_until__isnull=False) & Q(live_since__isnull=False)),
                name="jobboard_vacancy_published_complete",
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True) | (Q(lat__gte=-90) & Q(lat__lte=90) & Q(lon__gte=-180) & Q(lon__lte=180)),
                name="jobboard_vacancy_coordinates_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published", "closed", "expired"]),
                name="jobboard_vacancy_status_valid",
            ),
        ]
        indexes = [
            # The public search: a box of latitude and longitude among the visible postings.
            models.Index(fields=["lat", "lon"], name="jobboard_visible_coords_idx", condition=Q(status="published")),
            models.Index(fields=["-live_since"], name="jobboard_visible_live_idx", condition=Q(status="published")),
            models.Index(fields=["status", "submitted_at"], name="jobboard_review_queue_idx"),
            models.Index(fields=["status", "published_until"], name="jobboard_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobboard:own_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("jobboard:detail", args=[self.pk])

    @property
    def is_visible(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.live_since is not None
            and self.live_since <= now
            and self.published_until is not None
            and self.published_until >= timezone.localdate(now)
        )


def _unsubscribe_token() -> str:
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """A search a logged-in person saved, with a daily mail of the postings new since the last mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(pgettext_lazy("jobboard", "name"), max_length=200)
    # The search's parameters as the search form takes them (occupation, kind, where, radius, year, q).
    params = models.JSONField(_("search parameters"), default=dict)
    # Postings live since this moment count as new for the next mail (moved on by every run of the alert).
    checked_until = models.DateTimeField(_("checked until"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last mail sent at"), null=True, blank=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=_unsubscribe_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
