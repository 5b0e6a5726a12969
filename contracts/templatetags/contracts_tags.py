from django import template

from contracts.document import euro

register = template.Library()

BADGES = {
    "draft": "text-bg-light border",
    "submitted": "text-bg-info",
    "in_review": "text-bg-info",
    "returned": "text-bg-warning",
    "accepted": "text-bg-primary",
    "concluded": "text-bg-success",
    "registered": "text-bg-success",
    "rejected": "text-bg-danger",
    "terminated": "text-bg-secondary",
}


@register.filter
def contract_badge(status: str) -> str:
    """The Bootstrap colour of a contract status badge."""
    return BADGES.get(status, "text-bg-secondary")


@register.filter
def money(amount) -> str:
    """1014 → "1.014,00 €"."""
    return euro(amount)


@register.filter
def result_badge(state: str) -> str:
    return {"ok": "text-bg-success", "warning": "text-bg-warning", "error": "text-bg-danger"}.get(state, "")
