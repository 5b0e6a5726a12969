"""Online-Lehrvertrag: the catalogue of occupations (Ausbildungsberufe) that contracts and the job board share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OccupationQuerySet(models.QuerySet):
    def active(self) -> "OccupationQuerySet":
        return self.filter(is_active=True)


class Occupation(models.Model):
    """A state-recognised training occupation (Ausbildungsberuf) with its regular training duration.

    Staff maintain the catalogue in the admin; an occupation no longer trained is deactivated, not deleted,
    because contracts and postings keep referring to it.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    duration_months = models.PositiveSmallIntegerField(
        _("regular training duration (months)"), help_text=_("As laid down in the training regulation.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_months__gte=12, duration_months__lte=48),
                name="contracts_occupation_duration_range",
            )
        ]

    def __str__(self) -> str:
        return self.name
