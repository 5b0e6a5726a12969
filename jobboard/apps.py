from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobboardConfig(AppConfig):
    name = "jobboard"
    verbose_name = _("Apprenticeship and internship board")
