"""A deleted file row deletes its stored file — after the commit, so a rollback never leaves a row without it."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import DocumentFile

logger = logging.getLogger(__name__)


def _delete_stored(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # the storage check reports what stays behind; the deletion of the row stands
        logger.exception("Could not delete the stored file %s of a deleted document", name)


@receiver(post_delete, sender=DocumentFile)
def delete_file_after_commit(sender, instance: DocumentFile, **kwargs) -> None:
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: _delete_stored(storage, name), robust=True)
