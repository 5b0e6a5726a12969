from celery import shared_task
from django.db import DatabaseError

from . import data_export, inactivity, services


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def process_signup_task(request_id: int) -> str | None:
    return services.signup_process(request_id=request_id)


@shared_task(acks_late=True)
def process_pending_signups_task() -> int:
    """The periodic sweep (celery beat): sign-ups whose task was lost; processed ones forgotten after a day."""
    return services.signups_process_pending()


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def data_export_build_task(export_id: int) -> bool:
    return data_export.data_export_build(export_id=export_id) is not None


@shared_task(acks_late=True)
def data_exports_sweep_task() -> dict:
    """Periodic (celery beat): builds whose task was lost, files downloaded or expired."""
    return data_export.data_exports_sweep()


@shared_task(acks_late=True)
def inactive_accounts_sweep_task() -> dict:
    """Periodic (celery beat): warn and delete accounts without login for the staff-set period."""
    return inactivity.inactive_accounts_process()
