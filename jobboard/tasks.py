from celery import shared_task

from . import services


@shared_task(acks_late=True)
def vacancies_expire_task() -> dict:
    """Beat, nightly: postings past their end expire; a week before the end the business is told (once)."""
    return {"expired": services.vacancies_expire(), "warned": services.vacancies_warn_expiry()}


@shared_task(acks_late=True)
def saved_searches_alert_task() -> int:
    """Beat, hourly: saved searches not mailed within a day get the postings new since their last check."""
    return services.saved_searches_alert()
