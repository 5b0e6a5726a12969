import pytest
from django.urls import reverse

from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from courses import services
from courses.models import Booking


@pytest.fixture
def business(db):
    return BusinessFactory(name="Tischlerei Holzwurm GmbH")


@pytest.fixture
def member(business):
    return MembershipFactory(business=business, role=Membership.Role.MEMBER).user


@pytest.fixture
def business_admin(business):
    return MembershipFactory(business=business, role=Membership.Role.ADMIN).user


def book_employee(client, course, business, name="Erika Geselle", email="erika@holzwurm.example.de", step="confirm"):
    return client.post(
        reverse("courses:book", args=[course.pk]),
        {"step": step, "booking_for": str(business.pk), "participant_name": name, "participant_email": email},
        follow=True,
    )


def test_business_user_books_an_employee_with_the_business_as_invoice_recipient(
    client, member, business, course, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    form = client.get(reverse("courses:book", args=[course.pk])).content.decode()
    assert "Eine Mitarbeiterin oder einen Mitarbeiter von Tischlerei Holzwurm GmbH" in form

    review = book_employee(client, course, business, step="review").content.decode()
    assert "Erika Geselle (erika@holzwurm.example.de)" in review
    assert "Rechnungsempfänger" in review and "Tischlerei Holzwurm GmbH" in review

    # "Ändern" goes back to the form with what was entered.
    edit = book_employee(client, course, business, step="edit").content.decode()
    assert 'value="Erika Geselle"' in edit and "Kostenpflichtig buchen" not in edit

    with django_capture_on_commit_callbacks(execute=True):
        book_employee(client, course, business)

    booking = Booking.objects.get()
    assert booking.business == business
    assert booking.booked_by == member
    assert booking.participant_email == "erika@holzwurm.example.de"
    assert mailoutbox[0].to == ["erika@holzwurm.example.de", member.email]
    assert "Rechnungsempfänger: Tischlerei Holzwurm GmbH" in mailoutbox[0].body


def test_employee_booking_needs_name_and_email(client, member, business, course):
    client.force_login(member)
    response = book_employee(client, course, business, name="", email="")
    html = response.content.decode()
    assert "Bitte geben Sie den Namen der Mitarbeiterin oder des Mitarbeiters ein." in html
    assert not Booking.objects.exists()


def test_user_of_another_business_cannot_book_for_it(client, business, course):
    outsider = MembershipFactory(role=Membership.Role.ADMIN).user
    client.force_login(outsider)
    response = book_employee(client, course, business)
    assert "Bitte wählen Sie, für wen Sie buchen." in response.content.decode()
    assert not Booking.objects.exists()
    with pytest.raises(services.CourseError) as error:
        services.booking_create(
            course_id=course.pk,
            booked_by=outsider,
            participant_name="X",
            participant_email="x@example.de",
            business=business,
        )
    assert error.value.code == "forbidden"


@pytest.mark.parametrize("status", [Membership.Status.PENDING, Membership.Status.ENDED])
def test_pending_or_ended_membership_cannot_book_for_the_business(business, course, status):
    someone = MembershipFactory(business=business, status=status).user
    with pytest.raises(services.CourseError) as error:
        services.booking_create(
            course_id=course.pk,
            booked_by=someone,
            participant_name="X",
            participant_email="x@example.de",
            business=business,
        )
    assert error.value.code == "forbidden"
    assert not Booking.objects.exists()


def test_personal_customer_sees_no_business_option(client_logged_in, course):
    html = client_logged_in.get(reverse("courses:book", args=[course.pk])).content.decode()
    assert "Mitarbeiter" not in html


def test_business_admin_sees_and_may_cancel_the_business_bookings(
    client, member, business_admin, business, course, booking_factory
):
    colleague_booking = booking_factory(
        course=course,
        booked_by=member,
        business=business,
        participant_name="Erika Geselle",
        participant_email="erika@example.de",
    )
    private_booking_of_member = booking_factory(
        course=course, booked_by=member, participant_name="Privat Person", participant_email="privat@example.de"
    )

    client.force_login(business_admin)
    html = client.get(reverse("courses:my_bookings")).content.decode()
    assert "Erika Geselle" in html and "Rechnung an Tischlerei Holzwurm GmbH" in html
    assert "Privat Person" not in html
    assert client.get(reverse("courses:cancel", args=[private_booking_of_member.pk])).status_code == 404

    client.post(reverse("courses:cancel", args=[colleague_booking.pk]))
    colleague_booking.refresh_from_db()
    assert colleague_booking.status == Booking.Status.CANCELLED


def test_plain_member_does_not_see_colleagues_business_bookings(client, member, business, course, booking_factory):
    colleague = MembershipFactory(business=business).user
    booking = booking_factory(course=course, booked_by=colleague, business=business, participant_name="Kollegin K")
    client.force_login(member)
    assert "Kollegin K" not in client.get(reverse("courses:my_bookings")).content.decode()
    assert client.get(reverse("courses:cancel", args=[booking.pk])).status_code == 404


def test_another_business_admin_gets_404(client, business, course, booking_factory, member):
    booking = booking_factory(course=course, booked_by=member, business=business)
    other_admin = MembershipFactory(role=Membership.Role.ADMIN).user
    client.force_login(other_admin)
    assert client.get(reverse("courses:cancel", args=[booking.pk])).status_code == 404
    assert client.post(reverse("courses:cancel", args=[booking.pk])).status_code == 404
    assert booking.participant_name not in client.get(reverse("courses:my_bookings")).content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_ended_admin_membership_loses_sight_at_once(client, business, business_admin, course, booking_factory, member):
    booking = booking_factory(course=course, booked_by=member, business=business)
    client.force_login(business_admin)
    assert client.get(reverse("courses:cancel", args=[booking.pk])).status_code == 200
    Membership.objects.filter(user=business_admin).update(status=Membership.Status.ENDED)
    assert client.get(reverse("courses:cancel", args=[booking.pk])).status_code == 404


def test_someone_who_left_one_business_keeps_the_bookings_of_the_other_and_loses_the_first(
    client, course, booking_factory
):
    """Bookings a user made for a business stay visible only while the user is an active member of that
    business — per business: leaving B hides B's bookings, and still being in C keeps C's."""
    left, stayed = BusinessFactory(name="Verlassener Betrieb"), BusinessFactory(name="Geblieben GmbH")
    user = MembershipFactory(business=left, status=Membership.Status.ENDED).user
    MembershipFactory(business=stayed, user=user)
    for_left = booking_factory(
        course=course, booked_by=user, business=left, participant_name="Für B gebucht", participant_email="b@example.de"
    )
    for_stayed = booking_factory(
        course=course,
        booked_by=user,
        business=stayed,
        participant_name="Für C gebucht",
        participant_email="c@example.de",
    )
    client.force_login(user)

    page = client.get(reverse("courses:my_bookings")).content.decode()

    assert "Für C gebucht" in page
    assert "Für B gebucht" not in page
    assert client.get(reverse("courses:cancel", args=[for_stayed.pk])).status_code == 200
    assert client.get(reverse("courses:cancel", args=[for_left.pk])).status_code == 404
