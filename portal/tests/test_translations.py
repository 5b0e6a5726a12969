"""The German catalogues are complete and compiled: no English text slips into the German portal."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = [
    *sorted(
        path for path in Path(settings.BASE_DIR).glob("*/locale/de/LC_MESSAGES/django.po") if ".venv" not in path.parts
    ),
    Path(settings.BASE_DIR) / "locale/de/LC_MESSAGES/django.po",
]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.parent.parent.parent.parent.name))
def test_german_catalogue_is_complete_and_compiled(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"{po_path}: not translated"
    assert fuzzy == [], f"{po_path}: marked fuzzy"

    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    in_po = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in catalogue.translated_entries()
    }
    in_mo = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in compiled}
    assert in_mo == in_po, f"{po_path}: the .mo file is older than the .po file (run `make messages`)"


def test_every_app_with_templates_has_both_catalogues():
    for po_path in CATALOGUES:
        english = Path(str(po_path).replace("/de/", "/en/"))
        assert english.exists(), english
        assert english.with_suffix(".mo").exists(), english
