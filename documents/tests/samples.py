"""Office files and troublemakers for the upload tests, written in the test (no binary fixtures)."""

import io
import zipfile

from forms_catalog.tests.samples import exe_bytes, jpeg_bytes, pdf_bytes, png_bytes  # noqa: F401

OOXML = "application/vnd.openxmlformats-officedocument."
MAIN_PARTS = {
    "docx": ("word/document.xml", OOXML + "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", OOXML + "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", OOXML + "presentationml.presentation.main+xml"),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    "xlsm": ("xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
}


def _content_types(overrides: list[tuple[str, str]], defaults: list[tuple[str, str]] = ()) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>']
    parts.append('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">')
    parts.append('<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>')
    parts.append('<Default Extension="xml" ContentType="application/xml"/>')
    parts += [f'<Default Extension="{ext}" ContentType="{ctype}"/>' for ext, ctype in defaults]
    parts += [f'<Override PartName="/{name}" ContentType="{ctype}"/>' for name, ctype in overrides]
    parts.append("</Types>")
    return "".join(parts).encode()


def ooxml_bytes(kind: str = "docx", *, extra: dict[str, bytes] | None = None, defaults=(), content_types=None) -> bytes:
    """A minimal Office Open XML package of `kind` (docx, xlsx, pptx; docm/xlsm with macros)."""
    main, content_type = MAIN_PARTS[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types or _content_types([(main, content_type)], defaults))
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'officeDocument" Target="{main}"/></Relationships>',
        )
        archive.writestr(main, "<?xml version='1.0'?><document>Hallo Kammer</document>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def odf_bytes(mimetype: str = "application/vnd.oasis.opendocument.text", *, extra=None, stored=True) -> bytes:
    """A minimal OpenDocument file: `mimetype` first and uncompressed, then manifest and content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
        archive.writestr("content.xml", "<office:document-content/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb_docx(unpacked_mb: int = 40) -> bytes:
    """A .docx whose one part unpacks from a few KB to `unpacked_mb` MB of zeros (ratio ≈ 1000:1)."""
    return ooxml_bytes("docx", extra={"word/media/filler.xml": b"\0" * (unpacked_mb * 1024 * 1024)})


def many_entries_docx(entries: int = 5001) -> bytes:
    return ooxml_bytes("docx", extra={f"word/part{n}.xml": b"<x/>" for n in range(entries)})


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("rechnung.txt", "Kein Office-Dokument")
    return buffer.getvalue()


def zip_with_path(name: str) -> bytes:
    """A docx carrying an entry whose name leaves the archive (../, absolute)."""
    buffer = io.BytesIO()
    main, content_type = MAIN_PARTS["docx"]
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", _content_types([(main, content_type)]))
        archive.writestr(main, "<document/>")
        info = zipfile.ZipInfo(name)
        archive.writestr(info, "boom")
    return buffer.getvalue()


def ole2_bytes() -> bytes:
    """The start of a legacy .doc/.xls (OLE2 compound file)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def elf_bytes() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"programm"


def html_bytes() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
