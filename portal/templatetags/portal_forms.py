"""The summary of a refused form's problems, shared by every form of the portal.

`{{ form|crispy }}` shows it through crispy's errors template (templates/bootstrap5/errors.html); templates
that place fields one by one (`|as_crispy_field`) put `{% error_summary form %}` at the top of the form.
Each field's own message sits below the field, where `aria-describedby` of the invalid field points
(Django adds it with `aria-invalid`); the summary links to the fields.
"""

from django import template
from django.utils.html import strip_tags

register = template.Library()


@register.inclusion_tag("portal/_error_summary.html")
def error_summary(form, non_field: bool = True) -> dict:
    """`non_field=False` where the page shows the form's general errors in a place of its own."""
    if form is None or not getattr(form, "is_bound", False) or not form.errors:
        return {"problems": []}
    problems = []
    if non_field:
        problems += [{"message": error} for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                problems.append({"message": error})
            else:
                # A label may hold a link (the privacy consent's): the summary's link takes its text only.
                label = strip_tags(str(field.label)).rstrip(" .:")
                problems.append({"label": label, "message": error, "target": field.id_for_label})
    return {"problems": problems}
