from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def euro(value) -> str:
    """A price in the current locale with thousands grouping: "1.234,00 €" in German, "€1,234.00" in English."""
    if value in (None, ""):
        return ""
    amount = number_format(Decimal(value), 2, force_grouping=True)
    return f"€{amount}" if (get_language() or "").startswith("en") else f"{amount} €"


@register.filter
def row_key(instance) -> str:
    """Every value loaded for a row, its annotations included, as the key of a cached fragment that shows
    it ({% cache … course|row_key %}): the fragment is rendered again as soon as any of them changes, and
    nobody has to remember to list a value the template starts to show (portal.caching, 3.)."""
    return repr({name: value for name, value in vars(instance).items() if name[0] != "_"})


@register.filter
def places_label(course) -> str:
    """Kept in the template layer: "noch 3 Plätze" / "ausgebucht – Warteliste"."""
    from django.utils.translation import gettext, ngettext

    left = course.places_left()
    if left <= 0:
        return gettext("fully booked – waiting list")
    return ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}


@register.filter
def oneline(value: str) -> str:
    """A multi-line address on one line, for plain-text mails."""
    return ", ".join(line.strip() for line in str(value).splitlines() if line.strip())
