"""Checking uploaded files by what they contain, not by their name.

Only PDF, JPEG and PNG are accepted. The type is read from the first bytes (the "magic numbers"); images
are additionally opened with Pillow, so a file that merely starts like a PNG is refused as well.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# The extension a file of each kind is downloaded with, and the others that mean the same kind.
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}
_SAME_KIND = {"pdf": {".pdf"}, "jpeg": {".jpg", ".jpeg"}, "png": {".png"}}
# What counts as a file name's extension: a short run of letters and digits, not only digits
# ("Antrag v1.2" has none).
_EXTENSION = re.compile(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$")


def download_name(original_name: str, kind: str) -> str:
    """The name a stored upload is downloaded under: the name it was uploaded with, but always with the
    extension of the type its content was detected as. `rechnung.exe` that is a PDF downloads as
    `rechnung.pdf`, so that the file opens as what it is, never as a program."""
    name = original_name.strip()
    if _extension(name) in _SAME_KIND[kind]:
        return name
    stem = _EXTENSION.sub("", name).rstrip(". ")
    if _extension(stem) in _SAME_KIND[kind]:  # "rechnung.pdf.exe"
        return stem
    return (stem or "datei") + EXTENSIONS[kind]


def _extension(name: str) -> str:
    match = _EXTENSION.search(name)
    return match.group(0).lower() if match else ""


def detect_kind(head: bytes) -> str | None:
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(JPEG_MAGIC):
        return "jpeg"
    if head.startswith(PNG_MAGIC):
        return "png"
    return None


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return data


def _image_is_valid(upload, kind: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format != {"jpeg": "JPEG", "png": "PNG"}[kind]:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
    return True


def upload_check(upload) -> str:
    """Return the file's kind ('pdf', 'jpeg', 'png') or raise ValidationError with a German message."""
    limit = settings.FORMS_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is too large (%(size)s). Files may be at most %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": upload.name}, code="file_empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = detect_kind(head)
    valid = kind is not None
    if kind == "pdf":
        # A real PDF ends with an end-of-file marker (possibly followed by a little white space).
        valid = b"%%EOF" in _read_all(upload)[-2048:]
    elif kind in {"jpeg", "png"}:
        valid = _image_is_valid(upload, kind)
    if not valid:
        raise ValidationError(
            _(
                "The file “%(name)s” is not a PDF, JPEG or PNG file. Only these types are accepted, "
                "whatever the file name says."
            )
            % {"name": upload.name},
            code="file_type",
        )
    return kind
