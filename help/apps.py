from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _help_pages_changed(sender, **kwargs) -> None:
    from portal.page_cache import changed

    changed("help")


class HelpConfig(AppConfig):
    name = "help"
    verbose_name = _("Help")

    def ready(self) -> None:
        # The help pages visitors get from portal.page_cache, and the in-context links ({% help_link %}),
        # show topics and answers: a staff edit renders them afresh at once.
        from .models import Category, Faq

        for model in (Category, Faq):
            post_save.connect(_help_pages_changed, sender=model, dispatch_uid=f"help-pages-{model.__name__}")
            post_delete.connect(_help_pages_changed, sender=model, dispatch_uid=f"help-pages-del-{model.__name__}")
