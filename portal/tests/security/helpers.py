"""Helpers the security tests share."""

from django.apps import apps


def database_state() -> dict:
    """Every row of the portal apps, users, e-mail addresses and the mail outbox: proof that a refused
    request (or opening a page) changed nothing.

    The audit log is left out: refusals may be recorded there by design."""
    state = {}
    for label in (
        "accounts",
        "account",
        "businesses",
        "courses",
        "forms_catalog",
        "notifications",
        "contracts",
        "documents",
    ):
        for model in apps.get_app_config(label).get_models():
            if model.__name__ == "AuditEvent":
                continue
            state[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return state
