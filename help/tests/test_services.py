"""The help's services refuse what makes no sense, with a code the callers can tell apart."""

import pytest

from help import services
from help.models import ContactReply, ContactRequest

from .factories import ContactRequestFactory

pytestmark = pytest.mark.django_db


def test_an_empty_answer_is_refused_and_sends_nothing(user_factory, mailoutbox):
    contact_request = ContactRequestFactory()

    with pytest.raises(services.HelpError) as refused:
        services.contact_request_answer(contact_request=contact_request, text="  \n ", staff_user=user_factory())

    assert refused.value.code == "empty"
    assert not ContactReply.objects.exists()
    contact_request.refresh_from_db()
    assert contact_request.status == ContactRequest.Status.NEW


def test_an_unknown_topic_or_status_is_refused(user_factory):
    with pytest.raises(services.HelpError) as refused:
        services.contact_request_create(topic="spam", name="X", email="x@example.de", message="Hallo")
    assert refused.value.code == "topic"

    with pytest.raises(services.HelpError) as refused:
        services.contact_request_set_status(
            contact_request=ContactRequestFactory(), status="vergessen", staff_user=user_factory()
        )
    assert refused.value.code == "status"


def test_the_reference_follows_the_year_and_the_number(db):
    contact_request = services.contact_request_create(
        topic="other", name="  Karl   Kunde ", email=" Karl@Example.DE ", message=" Frage \n"
    )

    assert contact_request.reference == f"H-{contact_request.created_at.year}-{contact_request.pk:06d}"
    assert (contact_request.name, contact_request.email, contact_request.message) == (
        "Karl Kunde",
        "karl@example.de",
        "Frage",
    )
