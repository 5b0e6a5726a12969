"""Where uploaded form files live: outside MEDIA_ROOT, never reachable by URL.

Files are handed out only by the permission-checked download view, so the storage has no public base URL
and the stored names carry random directories (a guessed name finds nothing, and nothing serves them).
"""

import os
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="forms_catalog.storage.PrivateUploadStorage")
class PrivateUploadStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    # Read on every access, so tests (and a changed setting) take effect without re-importing.
    @property
    def base_location(self):
        return settings.FORMS_UPLOAD_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Form uploads are served only through the download view.")


private_upload_storage = PrivateUploadStorage()


def upload_to(instance, filename: str) -> str:
    """A non-guessable path: two random directory levels and a random file name; the extension is ours."""
    extension = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}.get(getattr(instance, "kind", ""), "")
    token = secrets.token_hex(16)
    return str(PurePosixPath("forms", token[:2], token[2:], secrets.token_hex(8) + extension))
