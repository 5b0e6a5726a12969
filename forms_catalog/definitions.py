"""Rules a form definition must meet before it can be rendered; used by the admin and by the portal.

A definition that breaks them (a choice without options, minimum above maximum, two fields with the same
key, …) is refused when staff save it, and the portal never renders one that slipped through otherwise.
"""

from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext as _

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 20000

TEXT_TYPES = {"text", "textarea"}
CHOICE_TYPES = {"choice", "multiple"}
NUMBER_TYPES = {"number", "integer"}


def field_errors(field) -> dict[str, list[str]]:
    """Problems of one field row, keyed by the attribute they concern (as ValidationError expects)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    field_type = field.field_type
    options = [line.strip() for line in (field.choices or "").splitlines() if line.strip()]
    if field_type == "choice" and len(options) < 2:
        add("choices", _("A choice field needs at least two options, one per line."))
    elif field_type == "multiple" and not options:
        add("choices", _("A multiple-choice field needs at least one option, one per line."))
    elif field_type not in CHOICE_TYPES and options:
        add("choices", _("Options can only be given for choice fields."))
    duplicates = sorted(option for option, count in Counter(options).items() if count > 1)
    if duplicates:
        add("choices", _("Each option may appear only once: %(options)s.") % {"options": ", ".join(duplicates)})
    if any(len(option) > 200 for option in options):
        add("choices", _("An option may be at most 200 characters long."))

    if field_type not in NUMBER_TYPES:
        if field.min_value is not None:
            add("min_value", _("A minimum can only be given for number fields."))
        if field.max_value is not None:
            add("max_value", _("A maximum can only be given for number fields."))
    elif field_type == "integer" and any(
        limit is not None and limit != limit.to_integral_value() for limit in (field.min_value, field.max_value)
    ):
        add("min_value", _("The limits of a whole-number field must be whole numbers."))
    elif field.min_value is not None and field.max_value is not None and field.min_value > field.max_value:
        add("min_value", _("The minimum must not be greater than the maximum."))

    if field.max_length is not None:
        if field_type not in TEXT_TYPES:
            add("max_length", _("A maximum length can only be given for text fields."))
        elif field.max_length < 1:
            add("max_length", _("The maximum length must be at least 1."))
        elif field_type == "text" and field.max_length > SHORT_TEXT_MAX:
            add(
                "max_length",
                _("A short text may allow at most %(limit)s characters; use a long text field for more.")
                % {"limit": SHORT_TEXT_MAX},
            )
        elif field.max_length > LONG_TEXT_MAX:
            add("max_length", _("A long text may allow at most %(limit)s characters.") % {"limit": LONG_TEXT_MAX})
    return errors


def fieldset_errors(*, keys: Iterable[str], is_active: bool) -> list[str]:
    """Problems of the set of fields as a whole."""
    keys = list(keys)
    errors = []
    duplicates = sorted(key for key, count in Counter(keys).items() if count > 1)
    if duplicates:
        errors.append(
            _("Each field needs its own key; used more than once: %(keys)s.") % {"keys": ", ".join(duplicates)}
        )
    if is_active and not keys:
        errors.append(_("An active form needs at least one field."))
    return errors


def definition_errors(definition) -> list[str]:
    """Every problem of a saved definition, as readable sentences (empty when it can be rendered)."""
    fields = list(definition.fields.all())
    errors = fieldset_errors(keys=[f.key for f in fields], is_active=definition.is_active)
    for field in fields:
        for messages in field_errors(field).values():
            errors.extend(f"{field.label}: {message}" for message in messages)
    return errors
