"""How a stored value reads for people (portal pages, admin, mails)."""

import datetime

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _


def display_value(value, field_type: str = "") -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field_type == "date":
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    if field_type in ("number", "integer"):
        try:
            from decimal import Decimal

            return number_format(Decimal(value), use_l10n=True)
        except ArithmeticError:
            return str(value)
    return str(value)
