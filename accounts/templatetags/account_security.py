from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def confirmation_ways(alternatives, request) -> list:
    """allauth's other ways to confirm, without the password when the administration asked: it needs the
    second factor, and the password alone would lead back here."""
    wanted = request.GET.get("next", "")
    if wanted.startswith(reverse("admin:index")):
        return [way for way in alternatives or [] if way.get("id") != "reauthenticate"]
    return list(alternatives or [])
