from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsCatalogConfig(AppConfig):
    name = "forms_catalog"
    verbose_name = _("Online forms")
