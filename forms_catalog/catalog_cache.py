"""The rendered form cards of the catalog, cached until a definition or one of its fields changes.

The cards depend only on the language and on whether the user is linked to a business (no user data, no
CSRF token), so one rendering serves everybody in the same situation. Checking every definition and
rendering every card on each request would make the page slower with every form the chamber adds.

The key holds a generation number, raised when a definition or field is saved or deleted (at once and
again after commit, so a reader that raced the write cannot keep the old cards), and the count, newest
change and highest id of the active definitions, so bulk updates without signals still show.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from .models import FormDefinition, FormField

GENERATION_KEY = "forms_catalog:generation"
TIMEOUT = 60 * 60


def _bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the one readers used
        cache.set(GENERATION_KEY, 1, None)


@receiver([post_save, post_delete], sender=FormDefinition)
@receiver([post_save, post_delete], sender=FormField)
def _definitions_changed(**kwargs) -> None:
    _bump_generation()
    transaction.on_commit(_bump_generation, robust=True)


def cards_key(*, linked: bool) -> str:
    stamp = FormDefinition.objects.active().aggregate(n=Count("pk"), changed=Max("updated_at"), top=Max("pk"))
    changed = stamp["changed"].timestamp() if stamp["changed"] else 0
    generation = cache.get(GENERATION_KEY, 0)
    return f"forms_catalog:cards:{get_language()}:{int(linked)}:{generation}:{stamp['n']}:{changed}:{stamp['top']}"
