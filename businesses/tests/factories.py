from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from businesses.models import Business, Membership, Pin
from businesses.pins import pin_hash


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    betriebsnummer = factory.Sequence(lambda n: f"{1200000 + n}")
    filialnummer = ""
    name = factory.Sequence(lambda n: f"Tischlerei Muster {n} GmbH")
    legal_form = "GmbH"
    trade = "Tischler"
    street = "Werkstattweg 1"
    postal_code = "12345"
    city = "Musterstadt"
    email = factory.Sequence(lambda n: f"betrieb{n}@example.de")
    is_active = True


class BranchFactory(BusinessFactory):
    main_business = factory.SubFactory(BusinessFactory)
    betriebsnummer = factory.SelfAttribute("main_business.betriebsnummer")
    filialnummer = factory.Sequence(lambda n: f"{(n % 999) + 1}")
    name = factory.LazyAttribute(lambda o: f"{o.main_business.name} Filiale {o.filialnummer}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    business = factory.SubFactory(BusinessFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE
    activated_at = factory.LazyFunction(timezone.now)


class PinFactory(factory.django.DjangoModelFactory):
    """A PIN row; the clear PIN is `clear` (default ABCDEFGH), stored only as its hash."""

    class Meta:
        model = Pin
        exclude = ["clear"]

    clear = "ABCDEFGH"
    business = factory.SubFactory(BusinessFactory)
    pin_hash = factory.LazyAttribute(lambda o: pin_hash(o.clear))
    channel = Pin.Channel.SELF_SERVICE
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
