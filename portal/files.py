"""Files people upload, for every app that stores them: where they live, what is accepted, how they leave.

- Storage: Django's `STORAGES["private"]` — a directory outside MEDIA_ROOT in development
  (`PrivateFileSystemStorage`, `PRIVATE_MEDIA_ROOT`), an S3-compatible object store in production. No
  URL serves it: a model's FileField names `storage=private_storage` and `upload_to=PrivateUploadTo("<app>")`,
  which stores under a random path with the extension of the detected type.
- What is accepted is decided by content, never by the name: `check_upload(upload, kinds=…, max_bytes=…)`
  returns the kind ("pdf", "jpeg", "png", …) or raises ValidationError with a German message; store it on
  the row (`kind`), so `PrivateUploadTo` names the file and the download gets the right type.
- A file leaves only through a view that authorised the object: `download_response(file, name=…, kind=…)`
  streams it as an attachment whose name carries the extension of its detected type.
"""

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    name: str
    extension: str  # the one a download gets
    extensions: frozenset[str]  # all that mean this kind
    content_type: str
    label: str


KINDS: dict[str, FileKind] = {
    "pdf": FileKind("pdf", ".pdf", frozenset({".pdf"}), "application/pdf", "PDF"),
    "jpeg": FileKind("jpeg", ".jpg", frozenset({".jpg", ".jpeg"}), "image/jpeg", "JPEG"),
    "png": FileKind("png", ".png", frozenset({".png"}), "image/png", "PNG"),
}
IMAGE_AND_PDF = ("pdf", "jpeg", "png")


# --- storage -----------------------------------------------------------------------------------------


@deconstructible(path="portal.files.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
    """A directory outside MEDIA_ROOT that no URL serves (settings.PRIVATE_MEDIA_ROOT)."""

    def __init__(self, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(base_url=None, **kwargs)

    # Read on every access, so tests (and a changed setting) take effect without re-importing.
    @property
    def base_location(self):
        return self._location or settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files are served only through a permission-checked download view.")


def private_storage() -> Storage:
    """The storage of every uploaded file (STORAGES["private"]); a callable, so each environment picks its own."""
    return storages["private"]


@deconstructible(path="portal.files.PrivateUploadTo")
class PrivateUploadTo:
    """`upload_to` for a FileField: `<prefix>/ab/cdef…/<random>.<ext>` — nothing of the original name, the
    extension of the kind detected (the instance's `kind`)."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        kind = KINDS.get(getattr(instance, "kind", ""))
        token = secrets.token_hex(16)
        name = secrets.token_hex(8) + (kind.extension if kind else "")
        return str(PurePosixPath(self.prefix, token[:2], token[2:], name))

    def __eq__(self, other) -> bool:
        return isinstance(other, PrivateUploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


# --- names -------------------------------------------------------------------------------------------

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# What counts as a file name's extension: a short run of letters and digits, not only digits
# ("Antrag v1.2" has none).
_EXTENSION = re.compile(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$")


def safe_name(name: str) -> str:
    """The name a person's file had, as text we can show and put into a header: no path, no control
    characters, at most 255 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _CONTROL_CHARACTERS.sub("", name).strip()[:255] or "datei"


def _extension(name: str) -> str:
    match = _EXTENSION.search(name)
    return match.group(0).lower() if match else ""


def download_name(original_name: str, kind: str) -> str:
    """The name a stored file is downloaded under: the name it was uploaded with, but always with the
    extension of the type its content was detected as. `rechnung.exe` that is a PDF downloads as
    `rechnung.pdf`, so that the file opens as what it is, never as a program."""
    file_kind = KINDS[kind]
    name = original_name.strip()
    if _extension(name) in file_kind.extensions:
        return name
    stem = _EXTENSION.sub("", name).rstrip(". ")
    if _extension(stem) in file_kind.extensions:  # "rechnung.pdf.exe"
        return stem
    return (stem or "datei") + file_kind.extension


# --- content check -----------------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def detect_kind(head: bytes) -> str | None:
    """The kind a file's first bytes announce ("magic numbers"); None for anything else."""
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(JPEG_MAGIC):
        return "jpeg"
    if head.startswith(PNG_MAGIC):
        return "png"
    return None


def _pdf_is_complete(upload) -> bool:
    # A real PDF ends with an end-of-file marker (possibly followed by a little white space).
    upload.seek(max(upload.size - 2048, 0))
    tail = upload.read(2048)
    upload.seek(0)
    return b"%%EOF" in tail


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


# Deeper checks per kind: the first bytes only say what a file claims to be.
VALIDATORS = {"pdf": _pdf_is_complete, "jpeg": lambda upload: _image_is_valid(upload, "jpeg")}
VALIDATORS["png"] = lambda upload: _image_is_valid(upload, "png")


def _type_refused(upload, kinds) -> ValidationError:
    name = safe_name(upload.name)
    if tuple(kinds) == IMAGE_AND_PDF:
        message = _(
            "The file “%(name)s” is not a PDF, JPEG or PNG file. Only these types are accepted, "
            "whatever the file name says."
        ) % {"name": name}
    else:
        message = _(
            "The file “%(name)s” is not of a type accepted here (%(kinds)s). Only these types are accepted, "
            "whatever the file name says."
        ) % {"name": name, "kinds": ", ".join(KINDS[kind].label for kind in kinds)}
    return ValidationError(message, code="file_type")


def check_upload(upload, *, kinds=IMAGE_AND_PDF, max_bytes: int) -> str:
    """Return the upload's kind or raise ValidationError (German, naming the file) when it is too large,
    empty, or its content is none of `kinds` — whatever its name says."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is too large (%(size)s). Files may be at most %(limit)s.")
            % {
                "name": safe_name(upload.name),
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            },
            code="file_too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": safe_name(upload.name)}, code="file_empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = detect_kind(head)
    if kind not in kinds or not VALIDATORS[kind](upload):
        raise _type_refused(upload, kinds)
    return kind


def accept_attribute(kinds=IMAGE_AND_PDF) -> str:
    """The `accept` attribute of a file input for these kinds (a hint for the browser's file picker only)."""
    parts = [extension for kind in kinds for extension in sorted(KINDS[kind].extensions)]
    return ",".join(parts + [KINDS[kind].content_type for kind in kinds])


# --- download ----------------------------------------------------------------------------------------


def download_response(file, *, name: str, kind: str) -> FileResponse:
    """Stream a stored file as an attachment. Call it only after authorising the object it belongs to."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(name, kind), content_type=KINDS[kind].content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
