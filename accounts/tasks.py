from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def process_signup_task(request_id: int) -> str | None:
    return services.signup_process(request_id=request_id)


@shared_task(acks_late=True)
def process_pending_signups_task() -> int:
    """The periodic sweep (celery beat): sign-ups whose task was lost; processed ones forgotten after a day."""
    return services.signups_process_pending()
