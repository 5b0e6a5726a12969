from django import template

from forms_catalog.display import display_value

register = template.Library()


@register.filter
def submission_value(row: dict) -> str:
    """A row of Submission.rows() as text: `{{ row|submission_value }}`."""
    return display_value(row["value"], row["type"])


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap colour of a status badge."""
    return {
        "submitted": "text-bg-secondary",
        "in_progress": "text-bg-info",
        "completed": "text-bg-success",
        "rejected": "text-bg-danger",
    }.get(status, "text-bg-secondary")
