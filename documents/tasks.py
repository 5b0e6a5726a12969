from celery import shared_task

from . import services


@shared_task(acks_late=True)
def delete_expired_documents_task() -> int:
    """Beat, nightly: documents older than the retention period go, with their files (audited)."""
    return services.documents_delete_expired()


@shared_task(acks_late=True)
def check_storage_task() -> int:
    """Beat, nightly (and "Check now" in the admin): files without a row, rows without a file."""
    return services.storage_check_run().pk
