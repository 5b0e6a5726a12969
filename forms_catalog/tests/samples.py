"""Sample files for upload tests, generated in the test (no binary fixtures in the repository)."""

import io
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes() -> bytes:
    """A small but complete one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png_bytes() -> bytes:
    """A real 2×2 PNG, written with Pillow."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (164, 18, 26)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    """A real small JPEG photo, written with Pillow."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (20, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows executable (MZ header), whatever its name says."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + zlib.compress(b"not a document" * 50)


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
