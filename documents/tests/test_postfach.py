"""The business's Postfach page: received and sent, unread first to the eye, search, pages, the count in the
navigation, and the detail page that marks a document read."""

from datetime import timedelta

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from documents.models import Document, DocumentReceipt

from .factories import DepartmentFactory, DocumentFactory, DocumentFileFactory

pytestmark = pytest.mark.django_db

LIST = reverse("documents:list")


def test_an_empty_postfach_explains_itself(client, member):
    client.force_login(member)

    page = client.get(LIST).content.decode()

    assert "Ihr Postfach ist leer" in page
    assert reverse("documents:create") in page


def test_received_and_sent_documents_with_the_unread_marker(client, business, member, department):
    DocumentFactory(business=business, department=department, subject="Neue Bescheinigung")
    DocumentFactory(business=business, department=department, subject="Gelesener Bescheid", read_at=timezone.now())
    DocumentFactory(
        business=business, department=department, subject="Unser Antrag", direction=Document.Direction.TO_CHAMBER
    )
    DocumentFactory(business=BusinessFactory(), department=department, subject="Fremdes Dokument")
    client.force_login(member)

    page = client.get(LIST).content.decode()

    assert "Neue Bescheinigung" in page and "Gelesener Bescheid" in page and "Unser Antrag" in page
    assert "Fremdes Dokument" not in page
    assert page.count('class="postfach-unread"') == 1
    assert page.count('<span class="badge text-bg-danger ms-1">neu</span>') == 1
    # The navigation counts the one new document from the chamber.
    assert '<span class="badge rounded-pill text-bg-danger">1<span class="visually-hidden"> neue Dokumente' in page


def test_search_by_subject_department_and_box(client, business, member, department):
    exams = DepartmentFactory(name="Prüfungswesen")
    DocumentFactory(business=business, department=department, subject="Eintragung Ausbildungsvertrag")
    DocumentFactory(business=business, department=exams, subject="Zulassung Gesellenprüfung")
    DocumentFactory(
        business=business, department=exams, subject="Anmeldung Prüfung", direction=Document.Direction.TO_CHAMBER
    )
    client.force_login(member)

    def subjects(**query) -> set[str]:
        response = client.get(LIST, query)
        return {d.subject for d in response.context["documents"]}

    assert subjects(q="prüfung") == {"Zulassung Gesellenprüfung", "Anmeldung Prüfung"}
    assert subjects(department=exams.pk) == {"Zulassung Gesellenprüfung", "Anmeldung Prüfung"}
    assert subjects(box="ausgang") == {"Anmeldung Prüfung"}
    assert subjects(box="eingang", department=exams.pk) == {"Zulassung Gesellenprüfung"}
    nothing = client.get(LIST, {"q": "Handwerkskarte"}).content.decode()
    assert "Keine Dokumente entsprechen Ihrer Suche." in nothing


def test_pages_keep_the_search(client, business, member, department):
    DocumentFactory.create_batch(25, business=business, department=department, subject="Rechnung")
    client.force_login(member)

    first = client.get(LIST, {"q": "Rechnung"})
    second = client.get(LIST, {"q": "Rechnung", "page": 2})

    assert len(first.context["documents"]) == 20 and len(second.context["documents"]) == 5
    assert "?q=Rechnung&amp;page=2" in first.content.decode()
    assert "Seite 2 von 2" in second.content.decode()


def _bulk(business, department, count: int) -> None:
    now = timezone.now()
    Document.objects.bulk_create(
        [
            Document(
                business=business,
                department=department,
                direction=Document.Direction.FROM_CHAMBER if n % 2 else Document.Direction.TO_CHAMBER,
                subject=f"Dokument {n}",
                created_at=now - timedelta(minutes=n),
                file_count=1,
                total_bytes=1000,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def _queries(client) -> int:
    client.get(LIST)  # the first request of a process fills caches that are filled once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, {"q": "Dokument", "page": 2})
    assert response.status_code == 200
    return len(captured)


def test_the_postfach_makes_as_many_queries_for_10_as_for_10000_documents(client, business, member, department):
    client.force_login(member)
    _bulk(business, department, 10)
    with_ten = _queries(client)
    _bulk(business, department, 9990)
    with_ten_thousand = _queries(client)

    assert with_ten == with_ten_thousand
    assert with_ten <= 8  # session, user, memberships, departments, count, page, the navigation count


def test_a_member_of_two_businesses_sees_both_and_can_narrow_to_one(client, business, member, department):
    other = MembershipFactory(user=member, business=BusinessFactory(name="Filiale Nord")).business
    DocumentFactory(business=business, department=department, subject="Hauptbetrieb")
    DocumentFactory(business=other, department=department, subject="Filiale")
    client.force_login(member)

    everything = client.get(LIST)
    narrowed = client.get(LIST, {"business": other.pk})

    assert {d.subject for d in everything.context["documents"]} == {"Hauptbetrieb", "Filiale"}
    assert {d.subject for d in narrowed.context["documents"]} == {"Filiale"}


def test_a_user_without_business_is_sent_to_link_one(client, user):
    client.force_login(user)

    response = client.get(LIST, follow=True)

    assert response.redirect_chain[-1][0] == reverse("businesses:link")
    assert "Verknüpfen Sie Ihr Konto" in response.content.decode()


def test_opening_a_document_from_the_chamber_marks_it_read_once_per_person(
    client, business, member, colleague, department
):
    document = DocumentFactory(business=business, department=department, subject="Bescheid", note="Bitte lesen.")
    DocumentFileFactory(document=document, original_name="Bescheid.pdf")
    client.force_login(member)

    first = client.get(document.get_absolute_url()).content.decode()
    client.get(document.get_absolute_url())
    client.force_login(colleague)
    client.get(document.get_absolute_url())

    document.refresh_from_db()
    assert document.read_by == member
    reads = DocumentReceipt.objects.filter(document=document, event="read").order_by("pk")
    assert [receipt.user for receipt in reads] == [member, colleague]
    assert "Bescheid.pdf" in first and "Bitte lesen." in first and "Antworten" in first
    # The navigation no longer counts it.
    assert client.get(LIST).context["postfach_unread"] == ""


def test_opening_an_own_document_changes_nothing(client, business, member, department):
    document = DocumentFactory(business=business, department=department, direction=Document.Direction.TO_CHAMBER)
    client.force_login(member)

    page = client.get(document.get_absolute_url()).content.decode()

    document.refresh_from_db()
    assert document.read_at is None and not DocumentReceipt.objects.exists()
    assert "Zugestellt, von der Kammer noch nicht gelesen" in page


def test_the_navigation_counts_new_documents_of_every_business_of_the_user(client, business, member, department):
    other = MembershipFactory(user=member, business=BusinessFactory()).business
    ended = MembershipFactory(user=member, business=BusinessFactory(), status=Membership.Status.ENDED).business
    DocumentFactory(business=business, department=department)
    DocumentFactory(business=other, department=department)
    DocumentFactory(business=ended, department=department)
    DocumentFactory(business=business, department=department, direction=Document.Direction.TO_CHAMBER)
    client.force_login(member)

    response = client.get(reverse("portal:my_portal"))

    assert response.context["postfach_unread"] == "2"


def test_the_navigation_leaves_out_a_business_whose_second_factor_requirement_is_not_met(
    client, business, member, department
):
    strict = MembershipFactory(user=member, business=BusinessFactory(second_factor_required=True)).business
    DocumentFactory(business=business, department=department)
    DocumentFactory(business=strict, department=department)
    client.force_login(member)

    assert client.get(reverse("portal:my_portal")).context["postfach_unread"] == "1"

    TOTP.activate(member, pyotp.random_base32())  # with a second factor the strict business counts too
    assert client.get(reverse("portal:my_portal")).context["postfach_unread"] == "2"


def test_a_customer_without_a_business_costs_the_navigation_no_query(client, user):
    client.force_login(user)
    client.get(reverse("portal:my_portal"))  # sessions, caches warm

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:my_portal"))

    assert response.context["postfach_unread"] == ""
    assert not [q for q in queries.captured_queries if "documents_document" in q["sql"]]


def test_the_navigation_stops_counting_at_99(client, business, member, department):
    _bulk(business, department, 400)  # 200 of them from the chamber, unread

    client.force_login(member)
    page = client.get(LIST).content.decode()

    assert '<span class="badge rounded-pill text-bg-danger">99+<span class="visually-hidden">' in page


def test_pages_without_the_navigation_do_not_count(client, member):
    client.force_login(member)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("healthz"))
    assert not any("documents_document" in query["sql"] for query in captured)


def test_the_service_tile_links_to_the_postfach(client, member):
    client.force_login(member)

    page = client.get(reverse("portal:my_portal")).content.decode()

    assert f'href="{LIST}"' in page
