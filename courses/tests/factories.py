from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.models import Booking, Course, CourseDate


class CourseFactory(factory.django.DjangoModelFactory):
    """A published course starting in 30 days with one date; `dates=n` gives n weekly dates."""

    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kurs Nummer {n}")
    number = factory.Sequence(lambda n: f"K-{n:05d}")
    category = Course.Category.WEITERBILDUNG
    description = "Ein Kurs der Handwerkskammer."
    teaching_hours = 16
    price = Decimal("490.00")
    place = "Musterstadt"
    address = "Bildungszentrum\nGewerbestraße 1\n12345 Musterstadt"
    capacity = 10
    min_participants = 4
    booking_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    free_cancellation_days = 14
    cancellation_fee = Decimal("50.00")
    is_published = True

    @factory.post_generation
    def dates(obj, create, extracted, **kwargs):
        if not create:
            return
        start = kwargs.get("start") or timezone.now().replace(microsecond=0) + timedelta(days=30)
        for week in range(extracted if extracted is not None else 1):
            day = start + timedelta(weeks=week)
            CourseDate.objects.create(course=obj, start=day, end=day + timedelta(hours=8), room="Raum 1")


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    course = factory.SubFactory(CourseFactory)
    booked_by = factory.SubFactory(UserFactory)
    participant_name = factory.LazyAttribute(lambda b: b.booked_by.get_full_name())
    participant_email = factory.LazyAttribute(lambda b: b.booked_by.email)
    status = Booking.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
