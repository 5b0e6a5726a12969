"""portal.files: office documents are checked as containers, by content — never by their name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.tests import samples
from portal.files import DOCUMENT_KINDS, IMAGE_AND_PDF, check_upload, download_name

LIMIT = 50 * 1024 * 1024


def _check(name: str, content: bytes, kinds=DOCUMENT_KINDS) -> str:
    return check_upload(SimpleUploadedFile(name, content), kinds=kinds, max_bytes=LIMIT)


def _refusal(name: str, content: bytes, kinds=DOCUMENT_KINDS) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        _check(name, content, kinds)
    assert name in error.value.messages[0]  # every refusal names the file
    return error.value


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("Bericht.docx", samples.ooxml_bytes("docx"), "docx"),
        ("Kalkulation.xlsx", samples.ooxml_bytes("xlsx"), "xlsx"),
        ("Vortrag.pptx", samples.ooxml_bytes("pptx"), "pptx"),
        ("Brief.odt", samples.odf_bytes(), "odt"),
        ("Tabelle.ods", samples.odf_bytes("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        ("Tabelle.pdf", samples.ooxml_bytes("xlsx"), "xlsx"),  # the name does not matter
    ],
)
def test_office_documents_are_recognised_by_their_container(name, content, kind):
    assert _check(name, content) == kind


def test_a_spreadsheet_named_pdf_downloads_as_xlsx():
    assert download_name("Tabelle.pdf", "xlsx") == "Tabelle.xlsx"


@pytest.mark.parametrize(
    "content",
    [
        samples.ooxml_bytes("docm"),
        samples.ooxml_bytes("xlsm"),
        samples.ooxml_bytes("docx", extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
        samples.ooxml_bytes("docx", extra={"word/activeX/activeX1.xml": b"<ax/>"}),
        samples.ooxml_bytes("docx", extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0package"}),
        samples.ooxml_bytes("docx", extra={"word/media/setup.exe": samples.exe_bytes()}),
        samples.ooxml_bytes("docx", defaults=[("bin", "application/vnd.openxmlformats-officedocument.oleObject")]),
        samples.odf_bytes(extra={"Basic/Standard/Module1.xml": b"<script:module/>"}),
        samples.odf_bytes(extra={"Scripts/python/run.py": b"import os"}),
    ],
    ids=[
        "docm",
        "xlsm",
        "vbaProject in docx",
        "ActiveX",
        "OLE object",
        "program inside",
        "OLE content type",
        "StarBasic",
        "ODF script",
    ],
)
def test_macros_and_embedded_programs_are_refused(content):
    assert _refusal("Bericht.docx", content).code == "file_macros"


@pytest.mark.parametrize(
    "content",
    [samples.zip_bomb_docx(40), samples.many_entries_docx(5001)],
    ids=["unpacks 40 MB from a few KB", "5001 parts"],
)
def test_a_zip_bomb_like_office_file_is_refused_without_unpacking_it(content):
    assert len(content) < 1024 * 1024
    assert _refusal("Bombe.docx", content).code == "file_unpacks_too_large"


@pytest.mark.parametrize(
    "content",
    [
        samples.plain_zip(),
        samples.ooxml_bytes("docx")[:600],  # cut off
        samples.ooxml_bytes("docx", content_types=b"<Types><Override PartName='/x' ContentType='text/plain'/></Types>"),
        samples.ooxml_bytes(
            "docx",
            content_types=b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><Types>&a;</Types>',
        ),
        samples.zip_with_path("../../etc/cron.d/evil"),
        samples.zip_with_path("/etc/passwd"),
        samples.odf_bytes(stored=False),
        samples.odf_bytes("application/vnd.oasis.opendocument.text-template"),
        b"MZ\x90\x00" + samples.ooxml_bytes("docx"),  # a program with a document appended
    ],
    ids=[
        "plain zip",
        "truncated",
        "no main part",
        "entity declarations",
        "entry leaving the archive",
        "absolute entry",
        "mimetype compressed",
        "ODF template",
        "program in front",
    ],
)
def test_containers_that_are_no_proper_office_document_are_refused(content):
    assert _refusal("Bericht.docx", content).code == "file_type"


def test_legacy_office_files_are_refused_with_advice():
    error = _refusal("Antrag.doc", samples.ole2_bytes())
    assert error.code == "file_legacy_office"


def test_the_online_forms_still_accept_only_pdf_jpeg_and_png():
    assert _refusal("Bericht.docx", samples.ooxml_bytes("docx"), kinds=IMAGE_AND_PDF).code == "file_type"
    assert _check("a.pdf", samples.pdf_bytes(), kinds=IMAGE_AND_PDF) == "pdf"


def test_a_file_of_exactly_the_size_limit_is_accepted_and_one_byte_more_is_refused():
    content = samples.ooxml_bytes("docx")
    exact = SimpleUploadedFile("Bericht.docx", content)
    assert check_upload(exact, kinds=DOCUMENT_KINDS, max_bytes=len(content)) == "docx"
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("Bericht.docx", content), kinds=DOCUMENT_KINDS, max_bytes=len(content) - 1)
    assert error.value.code == "file_too_large"
