import pytest

from courses.tests.factories import BookingFactory, CourseFactory


@pytest.fixture
def course_factory(db):
    return CourseFactory


@pytest.fixture
def booking_factory(db):
    return BookingFactory


@pytest.fixture
def course(course_factory):
    return course_factory()
