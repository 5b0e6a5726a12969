"""portal.files: what every app that stores uploads relies on."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.files import PrivateUploadTo, check_upload, download_name, private_storage, safe_name

REAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_real_pdf_is_accepted_by_its_content_whatever_its_name():
    assert check_upload(_upload("rechnung.exe", REAL_PDF), max_bytes=1000) == "pdf"


@pytest.mark.parametrize(
    "name, content",
    [
        ("nur-der-anfang.pdf", b"%PDF-1.4\nthe rest is not a PDF at all" * 3),
        ("programm.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 64),
        ("seite.png", b"<html><script>alert(1)</script></html>"),
    ],
    ids=["starts like a PDF", "ELF named .pdf", "HTML named .png"],
)
def test_a_file_that_only_claims_a_type_is_refused_with_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        check_upload(_upload(name, content), max_bytes=10_000)
    assert error.value.code == "file_type"
    assert name in error.value.messages[0]


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(ValidationError) as empty:
        check_upload(_upload("leer.pdf", b""), max_bytes=1000)
    with pytest.raises(ValidationError) as large:
        check_upload(_upload("gross.pdf", REAL_PDF), max_bytes=10)
    assert (empty.value.code, large.value.code) == ("file_empty", "file_too_large")


def test_a_kind_outside_the_allowed_ones_is_refused():
    with pytest.raises(ValidationError):
        check_upload(_upload("bild.pdf", REAL_PDF), kinds=("png",), max_bytes=1000)


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Meister\\Rechnung.pdf", "Rechnung.pdf"),
        ("Rech\x00nung\n.pdf", "Rechnung.pdf"),
        ("", "datei"),
        ("..", "datei"),
        ("...pdf", "...pdf"),
    ],
)
def test_names_keep_no_path_and_no_control_characters(typed, shown):
    assert safe_name(typed) == shown


@pytest.mark.parametrize(
    "original, kind, downloaded",
    [
        ("rechnung.exe", "pdf", "rechnung.pdf"),
        ("rechnung.pdf.exe", "pdf", "rechnung.pdf"),
        ("Foto.JPEG", "jpeg", "Foto.JPEG"),
    ],
)
def test_a_download_carries_the_extension_of_its_detected_type(original, kind, downloaded):
    assert download_name(original, kind) == downloaded


def test_stored_names_are_random_and_carry_only_the_detected_extension(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path

    class Row:
        kind = "pdf"

    first, second = PrivateUploadTo("forms")(Row(), "../../geheim.exe"), PrivateUploadTo("forms")(Row(), "x.exe")
    assert first != second
    assert first.startswith("forms/") and first.endswith(".pdf") and "geheim" not in first
    stored = private_storage().save(first, _upload("x", REAL_PDF))
    assert (tmp_path / stored).read_bytes() == REAL_PDF
    with pytest.raises(ValueError):
        private_storage().url(stored)
