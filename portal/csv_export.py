"""CSV files for the chamber's staff, as Excel in Germany expects them: ';', CRLF, UTF-8 with BOM."""

import csv
import io
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def csv_cell(value) -> str:
    """Spreadsheet programs run cells that start with = + - @ as formulas; such text is quoted away.

    Applies to everything people typed (names, form answers), so a participant called "=HYPERLINK(…)"
    cannot plant a formula in a clerk's spreadsheet.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    text = str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"} and not _NUMBER.fullmatch(text):
        text = "'" + text
    return text


def excel_csv(header: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
