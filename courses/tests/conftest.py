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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Many tests create dozens of accounts; Argon2 would dominate their run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
