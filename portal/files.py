"""Files people upload, for every app that stores them: where they live, what is accepted, how they leave.

- Storage: Django's `STORAGES["private"]` — a directory outside MEDIA_ROOT in development
  (`PrivateFileSystemStorage`, `PRIVATE_MEDIA_ROOT`), an S3-compatible object store in production. No
  URL serves it: a model's FileField names `storage=private_storage` and `upload_to=PrivateUploadTo("<app>")`,
  which stores under a random path with the extension of the detected type.
- What is accepted is decided by content, never by the name: `check_upload(upload, kinds=…, max_bytes=…)`
  returns the kind ("pdf", "jpeg", "png", …) or raises ValidationError with a German message; store it on
  the row (`kind`), so `PrivateUploadTo` names the file and the download gets the right type.
- A file leaves only through a view that authorised the object: `download_response(file, name=…, kind=…)`
  streams it as an attachment whose name carries the extension of its detected type — from the object
  store chunk by chunk as well, never the whole file in memory.
- Office documents (`OFFICE_KINDS`; the Postfach accepts them, the online forms do not) are ZIP containers:
  accepted only when the container holds what the format requires, without macros or embedded programs,
  within limits on entries, unpacked size and compression ratio (read with `zipfile`, nothing extracted).
  Legacy binary Office files (.doc/.xls/.ppt, OLE2) are refused, see `_office_kind`.
- A service that stores several files writes them inside `files_removed_on_failure()`: when a later step
  fails, the rows roll back and the files already written are deleted. `stray_files()` lists what the
  storage holds without a row.
"""

import functools
import heapq
import logging
import mimetypes
import os
import posixpath
import re
import secrets
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileKind:
    name: str
    extension: str  # the one a download gets
    extensions: frozenset[str]  # all that mean this kind
    content_type: str
    label: str


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
KINDS: dict[str, FileKind] = {
    "pdf": FileKind("pdf", ".pdf", frozenset({".pdf"}), "application/pdf", "PDF"),
    "jpeg": FileKind("jpeg", ".jpg", frozenset({".jpg", ".jpeg"}), "image/jpeg", "JPEG"),
    "png": FileKind("png", ".png", frozenset({".png"}), "image/png", "PNG"),
    "docx": FileKind("docx", ".docx", frozenset({".docx"}), _OOXML + "wordprocessingml.document", "Word (.docx)"),
    "xlsx": FileKind("xlsx", ".xlsx", frozenset({".xlsx"}), _OOXML + "spreadsheetml.sheet", "Excel (.xlsx)"),
    "pptx": FileKind(
        "pptx", ".pptx", frozenset({".pptx"}), _OOXML + "presentationml.presentation", "PowerPoint (.pptx)"
    ),
    "odt": FileKind("odt", ".odt", frozenset({".odt"}), _ODF + "text", gettext_lazy("OpenDocument text (.odt)")),
    "ods": FileKind(
        "ods", ".ods", frozenset({".ods"}), _ODF + "spreadsheet", gettext_lazy("OpenDocument spreadsheet (.ods)")
    ),
}
IMAGE_AND_PDF = ("pdf", "jpeg", "png")
OFFICE_KINDS = ("docx", "xlsx", "pptx", "odt", "ods")
DOCUMENT_KINDS = IMAGE_AND_PDF + OFFICE_KINDS


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


@functools.cache
def _private_s3_storage_class():
    from storages.backends.s3 import S3Storage

    class _PrivateS3Storage(S3Storage):
        """An S3-compatible bucket that no URL serves: no presigned links, objects private, never overwritten,
        the content type from the detected kind (the extension of the stored name), not from the browser."""

        default_acl = None
        querystring_auth = False

        def get_default_settings(self):
            return {**super().get_default_settings(), "file_overwrite": False, "default_acl": None}

        def url(self, name, parameters=None, expire=None, http_method=None):
            raise ValueError("Private files are served only through a permission-checked download view.")

        def _get_write_parameters(self, name, content=None):
            params = self.get_object_parameters(name)
            params["ContentType"] = mimetypes.guess_type(name)[0] or self.default_content_type
            return params

        def _save(self, name, content):
            # An upload Django has spooled to a temporary file goes to the store from that file, part by part
            # as boto3 reads it; from a file object, boto3 would first copy each part into memory.
            temporary_file_path = getattr(content, "temporary_file_path", None)
            if temporary_file_path is None:
                return super()._save(name, content)
            from storages.utils import clean_name

            cleaned = clean_name(name)
            key = self._normalize_name(cleaned)
            self.bucket.Object(key).upload_file(
                temporary_file_path(), ExtraArgs=self._get_write_parameters(key), Config=self.transfer_config
            )
            return cleaned

        def open_stream(self, name: str) -> "ObjectStream":
            """The object's body as a stream read chunk by chunk (S3File would first copy all of it)."""
            from botocore.exceptions import ClientError

            key = self._normalize_name(name)
            try:
                answer = self.bucket.Object(key).get()
            except ClientError as error:
                if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                    raise FileNotFoundError(name) from error
                raise
            return ObjectStream(answer["Body"], size=answer["ContentLength"])

        def list_all(self, prefix: str) -> Iterator[tuple[str, datetime]]:
            """(name, last modified) of every object under `prefix`, one paginated listing."""
            for entry in self.bucket.objects.filter(Prefix=self._normalize_name(prefix)):
                yield entry.key, entry.last_modified

    _PrivateS3Storage.__name__ = _PrivateS3Storage.__qualname__ = "PrivateS3Storage"
    _PrivateS3Storage.__module__ = __name__
    return _PrivateS3Storage


def __getattr__(name: str):
    # STORAGES["private"] = {"BACKEND": "portal.files.PrivateS3Storage"} loads django-storages (and boto3) only
    # where an object store is configured.
    if name == "PrivateS3Storage":
        return _private_s3_storage_class()
    raise AttributeError(name)


class ObjectStream:
    """A read-only stream of a stored object's bytes, for FileResponse; `size` is known up front."""

    def __init__(self, body, *, size: int):
        self._body = body
        self.size = size

    def read(self, amount: int = -1) -> bytes:
        return self._body.read(amount if amount is not None and amount >= 0 else None)

    def close(self) -> None:
        self._body.close()


class _PrivateStorage(LazyObject):
    """STORAGES["private"], looked up again after a change of the setting (tests run both backends)."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage() -> Storage:
    """The storage of every uploaded file (STORAGES["private"]); a callable, so each environment picks its own.

    A FileField evaluates its storage once, at import: what it gets is a stand-in that asks STORAGES["private"]
    again whenever the setting changes, so one model works with the directory and with the object store."""
    return _private_storage


def _storage_list(storage, prefix: str) -> Iterator[tuple[str, datetime]]:
    """(name, modified time) of every file under `prefix` in the storage."""
    list_all = getattr(storage, "list_all", None)
    if list_all is not None:
        yield from list_all(prefix)
        return
    if isinstance(storage, FileSystemStorage):
        root = storage.path(prefix)
        for directory, _subdirectories, files in os.walk(root):
            for file_name in files:
                path = os.path.join(directory, file_name)
                name = posixpath.join(prefix, os.path.relpath(path, root).replace(os.sep, "/"))
                yield name, datetime.fromtimestamp(os.path.getmtime(path), tz=timezone.get_current_timezone())
        return
    directories, files = storage.listdir(prefix)
    for file_name in files:
        name = posixpath.join(prefix, file_name)
        yield name, storage.get_modified_time(name)
    for directory in directories:
        yield from _storage_list(storage, posixpath.join(prefix, directory))


def _private_file_fields() -> list[tuple[type, str, str]]:
    """(model, field name, prefix) of every FileField that stores into the private storage."""
    from django.apps import apps
    from django.db.models import FileField

    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and isinstance(field.upload_to, PrivateUploadTo):
                found.append((model, field.name, field.upload_to.prefix))
    return found


@dataclass
class StorageReport:
    checked: int
    stray_count: int
    missing_count: int
    strays: list[str]  # the first `limit` names
    missing: list[str]


def _names_in_rows(prefix: str, owners: list[tuple[type, str]]) -> Iterator[str]:
    """The file names the rows hold under `prefix`, in code point order (the order S3 lists keys in)."""
    from django.db import connection
    from django.db.models.functions import Collate

    collation = "C" if connection.vendor == "postgresql" else "BINARY"
    streams = [
        model._default_manager.filter(**{f"{field_name}__startswith": f"{prefix}/"})
        .order_by(Collate(field_name, collation))
        .values_list(field_name, flat=True)
        .iterator(chunk_size=2000)
        for model, field_name in owners
    ]
    last = None
    for name in heapq.merge(*streams):
        if name != last:  # two rows naming one file (a copied row) are one file
            yield name
        last = name


def _names_in_storage(storage, prefix: str) -> Iterator[tuple[str, datetime]]:
    """(name, modified) of the files under `prefix`, in code point order. An object store lists its keys in
    that order, in pages of 1000; a directory (development) is read and sorted."""
    listed = _storage_list(storage, f"{prefix}/")
    if getattr(storage, "list_all", None) is not None:
        return listed
    return iter(sorted(listed))


def stray_files(*, older_than: timedelta = timedelta(hours=1), limit: int = 1000) -> StorageReport:
    """Files in the private storage without a row (strays), and rows whose file is gone (missing).

    For each app's prefix the sorted listing of the storage and the sorted names in the rows are walked side
    by side: one listing request per 1000 files, one query per 2000 rows, memory independent of the number
    of files. A file younger than `older_than` is left out: its row may not be committed yet. At most
    `limit` names of each kind are returned; the counts are complete."""
    storage = private_storage()
    cutoff = timezone.now() - older_than
    checked = stray_count = missing_count = 0
    strays: list[str] = []
    missing: list[str] = []
    by_prefix: dict[str, list[tuple[type, str]]] = {}
    for model, field_name, prefix in _private_file_fields():
        by_prefix.setdefault(prefix, []).append((model, field_name))
    for prefix, owners in sorted(by_prefix.items()):
        stored = _names_in_storage(storage, prefix)
        known = _names_in_rows(prefix, owners)
        file, name = next(stored, None), next(known, None)
        while file is not None or name is not None:
            if name is None or (file is not None and file[0] < name):
                checked += 1
                if file[1] < cutoff:
                    stray_count += 1
                    if len(strays) < limit:
                        strays.append(file[0])
                file = next(stored, None)
            elif file is None or name < file[0]:
                missing_count += 1
                if len(missing) < limit:
                    missing.append(name)
                name = next(known, None)
            else:
                checked += 1
                file, name = next(stored, None), next(known, None)
    return StorageReport(
        checked=checked, stray_count=stray_count, missing_count=missing_count, strays=strays, missing=missing
    )


@contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """Collect the names of files a block writes to the private storage; if the block raises, delete them.

        with files_removed_on_failure() as written, transaction.atomic():
            row.file.save(...)
            written.append(row.file.name)

    The `transaction.atomic()` is entered last, so it is left (rolled back) before the files are deleted:
    no row can point at a deleted file. A transaction around the whole block that rolls back later is out
    of reach here; `stray_files()` reports what such a rollback leaves behind."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        storage = private_storage()
        for name in written:
            try:
                storage.delete(name)
            except Exception:  # the original error matters more; the stray check reports the file
                logger.exception("Could not delete %s after a failed upload", name)
        raise


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
    name = _CONTROL_CHARACTERS.sub("", name).strip()[:255]
    return name if name.strip(".") else "datei"  # "", "." and ".." name no file


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


# --- office documents: ZIP containers ---------------------------------------------------------------

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Limits of what an office file may unpack to. Real documents stay far below them (a 20 MB Word file
# with photos unpacks to little more, a large spreadsheet's XML to ten or twenty times its size); zip
# bombs announce ratios of a thousand and more. The sizes are those the container declares; what is read
# here (two small parts) is capped separately, so a container that lies costs nothing either.
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_UNPACKED_BYTES = 300 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_CHECKED_ABOVE = 10 * 1024 * 1024  # below this a high ratio harms nobody (e.g. an empty table)
_PART_READ_LIMIT = 512 * 1024

_OOXML_MAIN_PARTS = {
    _OOXML + "wordprocessingml.document.main+xml": "docx",
    _OOXML + "spreadsheetml.sheet.main+xml": "xlsx",
    _OOXML + "presentationml.presentation.main+xml": "pptx",
}
_ODF_MIMETYPES = {_ODF + "text": "odt", _ODF + "spreadsheet": "ods"}
# Content types and parts that carry code: VBA macros, ActiveX controls, OLE objects (which can wrap any
# program, "Packager"), and the macro-enabled variants of every format (.docm, .xlsm, …).
_CODE_CONTENT_TYPES = ("macroenabled", "vbaproject", "activex", "oleobject", "vnd.ms-office.vba")
_CODE_PART_NAMES = re.compile(r"(^|/)(vbaproject\.bin|vbadata\.xml|activex/|embeddings/[^/]*\.bin$)", re.IGNORECASE)
_PROGRAM_EXTENSIONS = re.compile(
    r"\.(exe|dll|com|scr|pif|bat|cmd|ps1|vbs|vbe|js|jse|wsf|wsh|hta|msi|msp|jar|lnk|reg|cpl|sh|so|elf|dylib)$",
    re.IGNORECASE,
)


class _OfficeRefused(Exception):
    def __init__(self, reason: str):
        self.reason = reason


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > _PART_READ_LIMIT:
        raise _OfficeRefused("damaged")
    with archive.open(info) as part:
        return part.read(_PART_READ_LIMIT + 1)[:_PART_READ_LIMIT]


def _ooxml_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    content_types = _read_part(archive, archive.getinfo("[Content_Types].xml"))
    try:
        # No document type declaration at all: nothing an entity expansion could hide behind.
        root = ElementTree.fromstring(content_types, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise _OfficeRefused("damaged") from error
    declared = []
    for element in root:
        content_type = (element.get("ContentType") or "").strip().lower()
        declared.append((element.get("PartName") or "", content_type))
    if any(marker in content_type for _part, content_type in declared for marker in _CODE_CONTENT_TYPES):
        raise _OfficeRefused("code")
    main_parts = {
        part.lstrip("/"): _OOXML_MAIN_PARTS[content_type]
        for part, content_type in declared
        if content_type in _OOXML_MAIN_PARTS
    }
    kinds = set(main_parts.values())
    if len(kinds) != 1 or not all(part in names for part in main_parts):
        raise _OfficeRefused("damaged")
    return kinds.pop()


def _odf_kind(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], names: set[str]) -> str:
    first = infos[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
        raise _OfficeRefused("damaged")
    kind = _ODF_MIMETYPES.get(_read_part(archive, first).decode("ascii", "replace").strip())
    if kind is None or not {"content.xml", "META-INF/manifest.xml"} <= names:
        raise _OfficeRefused("damaged")
    # Basic/ holds StarBasic macros, Scripts/ other script languages.
    if any(name.startswith(("Basic/", "Scripts/")) for name in names):
        raise _OfficeRefused("code")
    return kind


def _office_kind(upload) -> str:
    """The office kind of a ZIP container, or _OfficeRefused with the reason ("damaged", "code", "too_large").

    OOXML (.docx/.xlsx/.pptx): `[Content_Types].xml` names exactly one main part of one of the three
    formats, and that part exists. OpenDocument (.odt/.ods): the first entry is `mimetype`, stored
    uncompressed, naming the format. Either: no macros, ActiveX, OLE objects or programs inside, entry
    names without absolute paths or `..`, no encrypted entries, and the limits above.

    Legacy Office files (.doc/.xls/.ppt) are OLE2 compound files and are not accepted: telling a harmless
    one from one with a macro means parsing the compound file and its VBA storage, a format that is the
    classic carrier of macro malware; password-protected .docx/.xlsx are OLE2 containers as well and
    cannot be checked at all. The person is asked for PDF or the current format instead.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if not infos or len(infos) > ZIP_MAX_ENTRIES:
                raise _OfficeRefused("too_large" if infos else "damaged")
            # A container must start at the first byte: a program with an archive appended (a
            # self-extracting file) has its own header there, and a gap means something was prepended.
            if infos[0].header_offset != 0 or archive.start_dir + len(archive.comment) + 22 > upload.size:
                raise _OfficeRefused("damaged")
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if unpacked > ZIP_MAX_UNPACKED_BYTES or (
                unpacked > ZIP_RATIO_CHECKED_ABOVE and unpacked / packed > ZIP_MAX_RATIO
            ):
                raise _OfficeRefused("too_large")
            names = set()
            for info in infos:
                name = info.filename
                if (
                    info.flag_bits & 0x1  # encrypted
                    or name.startswith("/")
                    or "\\" in name
                    or "\x00" in name
                    or ".." in name.split("/")
                ):
                    raise _OfficeRefused("damaged")
                if _CODE_PART_NAMES.search(name) or _PROGRAM_EXTENSIONS.search(name):
                    raise _OfficeRefused("code")
                names.add(name)
            if "[Content_Types].xml" in names:
                return _ooxml_kind(archive, names)
            if infos[0].filename == "mimetype":
                return _odf_kind(archive, infos, names)
            raise _OfficeRefused("damaged")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as error:
        raise _OfficeRefused("damaged") from error
    finally:
        upload.seek(0)


def _office_refused(upload, reason: str, kinds) -> ValidationError:
    name = safe_name(upload.name)
    if reason == "code":
        return ValidationError(
            _(
                "The file “%(name)s” contains macros or embedded programs, which are not accepted. Please save "
                "it without macros (e.g. as .docx or .xlsx) or as PDF."
            )
            % {"name": name},
            code="file_macros",
        )
    if reason == "too_large":
        return ValidationError(
            _(
                "The file “%(name)s” unpacks to too much data or consists of too many parts to be checked. "
                "Please send it as PDF."
            )
            % {"name": name},
            code="file_unpacks_too_large",
        )
    return _type_refused(upload, kinds)


def _legacy_office_refused(upload) -> ValidationError:
    return ValidationError(
        _(
            "The file “%(name)s” is in an older Office format (.doc, .xls, .ppt) or password-protected. "
            "Please save it as PDF or in the current format (.docx, .xlsx, .pptx) without a password."
        )
        % {"name": safe_name(upload.name)},
        code="file_legacy_office",
    )


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
        ) % {"name": name, "kinds": ", ".join(str(KINDS[kind].label) for kind in kinds)}
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
    if any(kind in OFFICE_KINDS for kind in kinds):
        if head.startswith(ZIP_MAGIC):
            try:
                kind = _office_kind(upload)
            except _OfficeRefused as refusal:
                raise _office_refused(upload, refusal.reason, kinds) from None
            if kind not in kinds:
                raise _type_refused(upload, kinds)
            return kind
        if head.startswith(OLE2_MAGIC):
            raise _legacy_office_refused(upload)
    kind = detect_kind(head)
    if kind not in kinds or not VALIDATORS[kind](upload):
        raise _type_refused(upload, kinds)
    return kind


def accept_attribute(kinds=IMAGE_AND_PDF) -> str:
    """The `accept` attribute of a file input for these kinds (a hint for the browser's file picker only)."""
    parts = [extension for kind in kinds for extension in sorted(KINDS[kind].extensions)]
    return ",".join(parts + [KINDS[kind].content_type for kind in kinds])


# --- download ----------------------------------------------------------------------------------------


DOWNLOAD_CHUNK_BYTES = 64 * 1024


def download_response(file, *, name: str, kind: str) -> FileResponse:
    """Stream a stored file as an attachment. Call it only after authorising the object it belongs to.

    From the directory the web server's file wrapper sends the open file (sendfile where it can); from the
    object store the body is passed on in chunks of 64 KB as it arrives — neither holds the file in memory."""
    open_stream = getattr(file.storage, "open_stream", None)
    try:
        handle = open_stream(file.name) if open_stream is not None else file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(name, kind), content_type=KINDS[kind].content_type
    )
    response.block_size = DOWNLOAD_CHUNK_BYTES
    if isinstance(handle, ObjectStream):
        response["Content-Length"] = str(handle.size)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
