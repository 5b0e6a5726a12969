"""Role names in the German catalogues are gender-fair, in one form: "Administrator/in"."""

import polib
import pytest
from django.conf import settings

from businesses.models import Membership

MASCULINE_ONLY = ("Administrator ", "Administrator.", "Administrator,", "Administratoren", "Administration")


def test_the_role_label_reads_administrator_in():
    from django.utils import translation

    with translation.override("de"):
        assert str(Membership.Role.ADMIN.label) == "Administrator/in"


CATALOGUES = sorted(str(path) for path in settings.BASE_DIR.glob("*/locale/de/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("path", [*CATALOGUES, str(settings.BASE_DIR / "locale/de/LC_MESSAGES/django.po")])
def test_no_german_message_names_the_role_in_the_masculine_form_only(path):
    offending = []
    for entry in polib.pofile(path):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if any(word in f"{text} " for word in MASCULINE_ONLY) and "Administratorin" not in text:
                offending.append(text)
    assert offending == []
