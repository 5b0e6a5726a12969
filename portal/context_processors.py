from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, get_language_info


def portal(request) -> dict:
    return {
        "chamber_name": settings.PORTAL_CHAMBER_NAME,
        # How long a shared fragment may be kept, `{% cache fragment_seconds … %}` (portal.caching).
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
        # Called by the template only where the layout shows the links.
        "language_links": lambda: language_links(request),
    }


@cache
def _other_languages(current: str) -> tuple[tuple[str, str], ...]:
    names = {code: get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES}
    return tuple((code, name[:1].upper() + name[1:]) for code, name in names.items() if code != current)


def language_links(request) -> list[dict]:
    """The language switch of every page: for each other language its own name and a plain link that
    switches to it and comes back to this page (portal.views.language_switch). Built here rather than in
    the template, which took a quarter of the layout's rendering for two links."""
    back = request.get_full_path()
    return [
        {"code": code, "name": name, "url": f"{reverse('set_language')}?{urlencode({'language': code, 'next': back})}"}
        for code, name in _other_languages(get_language())
    ]
