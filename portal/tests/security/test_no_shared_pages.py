"""Pages are partly rendered once and kept (fragments of the layout, catalog cards, service cards).
Whatever is kept, one person never sees another's data: two customers and two business
administrators open every page in turn, each after the other has warmed every cache, and no page
shows the other's name, address, business, booking or submission."""

import pytest
from django.test import Client
from django.urls import reverse

from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from courses.tests.factories import BookingFactory, CourseFactory
from forms_catalog.models import FormDefinition
from forms_catalog.tests.factories import FormDefinitionFactory, FormFieldFactory, SubmissionFactory
from portal.tests.security.test_csp import argumentless_pages

pytestmark = pytest.mark.django_db


def person(user_factory, n: int, *, business: bool) -> tuple[object, list[str]]:
    user = user_factory(email=f"person{n}@beispiel{n}.de", first_name=f"Vorname{n}x", last_name=f"Nachname{n}x")
    secrets = [user.email, user.first_name, user.last_name]
    if business:
        firm = BusinessFactory(name=f"Betrieb{n}x GmbH", betriebsnummer=f"55500{n}0")
        MembershipFactory(user=user, business=firm, role=Membership.Role.ADMIN)
        booking = BookingFactory(course=CourseFactory(), booked_by=user, business=firm, participant_name=f"Teiln{n}x")
        form = FormDefinitionFactory(audience=FormDefinition.Audience.BUSINESS)
        FormFieldFactory(form=form, key="name", label="Name")
        submission = SubmissionFactory(form=form, user=user, business=firm, reference=f"F-2026-77777{n}")
        secrets += [firm.name, firm.betriebsnummer, booking.participant_name, submission.reference]
    return user, secrets


@pytest.mark.parametrize("business", [False, True], ids=["customers", "business-admins"])
def test_no_page_shows_one_person_what_belongs_to_another(user_factory, business):
    first, first_secrets = person(user_factory, 1, business=business)
    second, second_secrets = person(user_factory, 2, business=business)
    urls = [reverse(name) for name in argumentless_pages()]
    pages = {}
    for user in (first, second, first):  # the second warms every cache after the first, then the first again
        client = Client()
        client.force_login(user)
        pages[user.pk] = {url: client.get(url, follow=True).content.decode() for url in urls}

    for user, others in ((first, second_secrets), (second, first_secrets)):
        for url, html in pages[user.pk].items():
            shown = [secret for secret in others if secret in html]
            assert not shown, f"{url} shows {user.email} what belongs to someone else: {shown}"
    own_portal = pages[first.pk][reverse("portal:my_portal")]
    assert "Vorname1x" in own_portal  # the check looks at pages that do show personal data
