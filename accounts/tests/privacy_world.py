"""A person with something of everything the portal stores, for the export and deletion tests."""

from dataclasses import dataclass

from django.core.files.base import ContentFile

from businesses.audit import audit_record
from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from courses.models import Booking
from courses.tests.factories import BookingFactory, CourseFactory
from documents.tests.factories import DepartmentFactory, DocumentFactory, DocumentFileFactory
from forms_catalog.models import FormDefinition, SubmissionFile
from forms_catalog.tests.factories import FormDefinitionFactory, FormFieldFactory, SubmissionFactory

PDF = b"%PDF-1.4\n% Meisterbrief\n"


@dataclass
class Person:
    user: object
    business: object
    membership: object
    own_booking: object
    colleague_booking: object
    own_submission: object
    business_submission: object
    upload: object
    document: object


def person_with_data(user_factory, *, tag: str, course=None) -> Person:
    """`tag` makes every value of this person unique, so a test can tell whose data it sees."""
    user = user_factory(email=f"{tag}@example.de", first_name=tag.capitalize(), last_name=f"Nachname{tag}")
    business = BusinessFactory(name=f"Betrieb {tag} GmbH")
    membership = MembershipFactory(user=user, business=business, role=Membership.Role.ADMIN)
    course = course or CourseFactory(title=f"Kurs für {tag}")
    own_booking = BookingFactory(
        course=course,
        booked_by=user,
        participant_name=user.get_full_name(),
        participant_email=user.email,
        billing_address=f"{tag.capitalize()} Nachname{tag}, Hauptstraße 1, 12345 Musterstadt",
    )
    colleague_booking = BookingFactory(
        course=course,
        booked_by=user,
        business=business,
        participant_name=f"Geselle {tag}",
        participant_email=f"geselle-{tag}@example.de",
    )
    general = FormDefinitionFactory(title=f"Antrag {tag}")
    FormFieldFactory(form=general, key="nachweis", label="Nachweis", field_type="file")
    FormFieldFactory(form=general, key="anliegen", label="Anliegen")
    own_submission = SubmissionFactory(
        form=general, user=user, values={"anliegen": f"Anliegen von {tag}"}, reference=f"F-2026-{tag}-1"
    )
    upload = SubmissionFile(
        submission=own_submission,
        field_key="nachweis",
        original_name=f"meisterbrief-{tag}.pdf",
        kind="pdf",
        size=len(PDF),
    )
    upload.file.save("x.pdf", ContentFile(PDF + tag.encode()), save=True)
    for_business = FormDefinitionFactory(title=f"Betriebsantrag {tag}", audience=FormDefinition.Audience.BUSINESS)
    FormFieldFactory(form=for_business, key="name", label="Name")
    business_submission = SubmissionFactory(
        form=for_business, user=user, business=business, values={"name": f"Firma {tag}"}, reference=f"F-2026-{tag}-2"
    )
    document = DocumentFactory(
        business=business,
        department=DepartmentFactory(name="Lehrlingsrolle"),
        direction="to_chamber",
        subject=f"Unterlagen {tag}",
        sent_by=user,
        sent_by_name=user.get_full_name(),
    )
    DocumentFileFactory(document=document, original_name=f"vertrag-{tag}.pdf")
    audit_record(action="businesses.membership.activated", business=business, target_user=user, ip="192.0.2.10")
    return Person(
        user=user,
        business=business,
        membership=membership,
        own_booking=own_booking,
        colleague_booking=colleague_booking,
        own_submission=own_submission,
        business_submission=business_submission,
        upload=upload,
        document=document,
    )


def confirmed_count(course) -> int:
    return course.bookings.filter(status=Booking.Status.CONFIRMED).count()
