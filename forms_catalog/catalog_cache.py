"""The rendered form cards of the catalog, cached until a definition or one of its fields changes.

The cards depend only on the language and on whether the user is linked to a business (no user data, no
CSRF token), so one rendering serves everybody in the same situation. Checking every definition and
rendering every card on each request would make the page slower with every form the chamber adds.

They are kept under the topic "forms" of portal.page_cache: saving or deleting a definition or field bumps
it after commit. The name also holds the count, newest change and highest id of the active definitions,
so bulk updates without signals still show.
"""

from collections.abc import Callable

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from portal import page_cache

from .models import FormDefinition, FormField

TIMEOUT = 60 * 60


@receiver([post_save, post_delete], sender=FormDefinition)
@receiver([post_save, post_delete], sender=FormField)
def _definitions_changed(**kwargs) -> None:
    page_cache.changed("forms")


def cards(*, linked: bool, render: Callable[[], str]) -> str:
    """The catalog's cards for a user with or without a business link; `render` makes them when needed."""
    stamp = FormDefinition.objects.active().aggregate(n=Count("pk"), changed=Max("updated_at"), top=Max("pk"))
    changed = stamp["changed"].timestamp() if stamp["changed"] else 0
    name = f"cards:{get_language()}:{int(linked)}:{stamp['n']}:{changed}:{stamp['top']}"
    return page_cache.cached_for_topic("forms", name, render, seconds=TIMEOUT)
