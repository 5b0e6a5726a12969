from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def process_pin_request_task(request_id: int) -> str | None:
    return services.pin_request_process(request_id=request_id)


@shared_task(acks_late=True)
def process_pending_pin_requests_task() -> int:
    """The periodic sweep (celery beat): PIN requests whose task was lost."""
    return services.pin_requests_process_pending()


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def finalise_membership_task(membership_id: int) -> bool:
    return services.membership_finalise(membership_id=membership_id) is not None


@shared_task(acks_late=True)
def finalise_pending_memberships_task() -> int:
    """The periodic sweep (celery beat): finalise links whose task was lost."""
    return services.memberships_finalise_pending()
