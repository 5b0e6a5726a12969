from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def deliver_email_task(email_id: int) -> bool:
    return services.email_deliver(email_id=email_id)


@shared_task(acks_late=True)
def send_due_emails_task() -> int:
    return services.email_send_due()
