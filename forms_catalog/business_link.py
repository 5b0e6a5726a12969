"""The forms catalog's one view of the business link (the businesses app owns the rules).

Kept in one module so that the catalog asks "which businesses may this user act for" in exactly one way.
"""

import importlib

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def _selectors():
    """The businesses app's selectors, or None while that app does not provide them yet."""
    try:
        return importlib.import_module("businesses.selectors")
    except ModuleNotFoundError as exc:
        if exc.name != "businesses.selectors":
            raise
        return None


def active_businesses(user) -> list:
    """The businesses the user is an active member of (empty for anonymous or unlinked users)."""
    selectors = _selectors()
    if selectors is None or not user.is_authenticated:
        return []
    return [membership.business for membership in selectors.memberships_active_for(user)]


def current_business(request: HttpRequest):
    selectors = _selectors()
    if selectors is None or not request.user.is_authenticated:
        return None
    membership = selectors.current_membership(request)
    return membership.business if membership is not None else None


def business_ids_for(user) -> list[int]:
    return [business.pk for business in active_businesses(user)]


def link_urls() -> dict[str, str]:
    """Where an unlinked user gets a business link: redeem a PIN, or ask for one."""
    urls = {}
    for key, name in {"link": "businesses:link", "pin_request": "businesses:pin_request"}.items():
        try:
            urls[key] = reverse(name)
        except NoReverseMatch:
            urls[key] = ""
    return urls
