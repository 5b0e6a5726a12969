"""Pages of the board: the business's postings under "Mein Betrieb", the public detail with JSON-LD, feed,
sitemap, and the chamber's review queue in the admin."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobboard.models import Vacancy

from .factories import VacancyFactory, occupation

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "kind": "apprenticeship",
        "occupation": occupation().pk,
        "title": "Ausbildung Friseur/in 2027",
        "description": "Schneiden, Färben, Beraten.",
        "site_street": "Königsstraße 1",
        "site_postal_code": "34117",
        "site_city": "Kassel",
        "start_year": timezone.localdate().year + 1,
        "places": "2",
        "qualification": "mittlerer",
        "contact_name": "Frau Schere",
        "contact_phone": "0561 1234",
        "contact_email": "ausbildung@salon.example.de",
        "how_to_apply": "Per E-Mail.",
        "published_until": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    return data | overrides


def test_a_business_writes_and_submits_a_posting(member_client, business):
    assert member_client.get(reverse("jobboard:mine")).status_code == 200
    response = member_client.post(reverse("jobboard:create"), _form())
    vacancy = Vacancy.objects.get(business=business)
    assert response.status_code == 302 and response["Location"] == reverse("jobboard:own_detail", args=[vacancy.pk])
    page = member_client.get(response["Location"]).content.decode()
    assert "Zur Prüfung einreichen" in page
    member_client.post(reverse("jobboard:submit", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.REVIEW
    # Not public before the chamber approved it.
    assert member_client.get(reverse("jobboard:detail", args=[vacancy.pk])).status_code == 404


def test_an_unknown_postcode_keeps_what_was_typed(member_client, business):
    response = member_client.post(reverse("jobboard:create"), _form(site_postal_code="00000", site_city="Atlantis"))
    html = response.content.decode()
    assert response.status_code == 200 and "Diese PLZ und diesen Ort kennen wir nicht" in html
    assert "Ausbildung Friseur/in 2027" in html
    assert not Vacancy.objects.exists()


def test_the_detail_page_carries_a_job_posting(client):
    vacancy = VacancyFactory(title="Ausbildung </script><script>alert(1)</script>", places=2)
    html = client.get(reverse("jobboard:detail", args=[vacancy.pk])).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "</script" not in block.lower()
    data = json.loads(block)
    assert data["@type"] == "JobPosting"
    for key in ("title", "description", "datePosted", "hiringOrganization", "jobLocation", "validThrough"):
        assert data[key], key
    assert data["title"] == vacancy.title
    assert data["hiringOrganization"]["name"] == vacancy.business.name
    assert data["jobLocation"]["address"]["postalCode"] == "34117"
    assert data["validThrough"].startswith(vacancy.published_until.isoformat())
    assert client.get(reverse("jobboard:print", args=[vacancy.pk])).status_code == 200


def test_feed_and_sitemap_list_visible_postings_only(client):
    visible = VacancyFactory(title="Sichtbar")
    hidden = VacancyFactory(title="Entwurf", status=Vacancy.Status.DRAFT, live_since=None)
    feed = client.get(reverse("jobboard:feed"), {"occupation": visible.occupation_id, "where": "34117"})
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Sichtbar" in body and "Entwurf" not in body
    sitemap = client.get(reverse("jobboard:sitemap")).content.decode()
    assert reverse("jobboard:detail", args=[visible.pk]) in sitemap
    assert reverse("jobboard:detail", args=[hidden.pk]) not in sitemap


def test_the_review_queue_approve_and_return_in_the_admin(client, reviewer, business, member):
    from conftest import staff_login

    old = VacancyFactory(business=business, title="Alt", status=Vacancy.Status.REVIEW, live_since=None)
    old.submitted_at = timezone.now() - dt.timedelta(days=5)
    old.save(update_fields=["submitted_at"])
    new = VacancyFactory(business=business, title="Neu", status=Vacancy.Status.REVIEW, live_since=None)
    new.submitted_at = timezone.now()
    new.save(update_fields=["submitted_at"])
    staff_login(client, reviewer)
    queue = client.get(reverse("admin:jobboard_vacancy_changelist") + "?queue=review").content.decode()
    assert queue.index("Alt") < queue.index("Neu")  # oldest first
    assert client.get(reverse("admin:jobboard_vacancy_change", args=[old.pk])).status_code == 200
    client.post(reverse("admin:jobboard_vacancy_step", args=[old.pk, "approve"]))
    response = client.post(reverse("admin:jobboard_vacancy_step", args=[new.pk, "return"]), {"return-remarks": ""})
    assert response.status_code == 200  # the reason is required
    client.post(reverse("admin:jobboard_vacancy_step", args=[new.pk, "return"]), {"return-remarks": "Titel zu lang"})
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == Vacancy.Status.PUBLISHED
    assert new.status == Vacancy.Status.DRAFT and new.staff_remarks == "Titel zu lang"


def test_statistics_and_csv_export(staff_client):
    VacancyFactory.create_batch(2, places=3)
    page = staff_client.get(reverse("admin:jobboard_vacancy_statistics"))
    assert page.status_code == 200 and "Friseur/in" in page.content.decode()
    csv = staff_client.get(reverse("admin:jobboard_vacancy_statistics") + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "Friseur/in;2;6" in csv.content.decode("utf-8-sig")
    export = staff_client.post(
        reverse("admin:jobboard_vacancy_changelist"),
        {"action": "export_csv", "_selected_action": list(Vacancy.objects.values_list("pk", flat=True))},
    )
    assert export["Content-Type"].startswith("text/csv")


def test_the_feed_narrows_to_an_occupation_and_a_region(client):
    hairdresser = VacancyFactory(title="Friseur in Kassel")
    VacancyFactory(
        title="SHK in Kassel", occupation=occupation("Anlagenmechaniker/in für Sanitär-, Heizungs- und Klimatechnik")
    )
    VacancyFactory(title="Friseur in Hamburg", site_postal_code="20095", site_city="Hamburg", lat=53.55, lon=10.0)
    body = client.get(
        reverse("jobboard:feed"), {"occupation": hairdresser.occupation_id, "where": "34117", "radius": "25"}
    ).content.decode()
    assert "Friseur in Kassel" in body and "SHK in Kassel" not in body and "Friseur in Hamburg" not in body


def test_close_and_republish_through_the_pages(member_client, business):
    vacancy = VacancyFactory(business=business)
    member_client.post(reverse("jobboard:close", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED
    assert member_client.get(reverse("jobboard:detail", args=[vacancy.pk])).status_code == 404
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = member_client.post(
        reverse("jobboard:republish", args=[vacancy.pk]), {"published_until": past}, follow=True
    )
    assert "liegt in der Vergangenheit" in response.content.decode()
    until = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    member_client.post(reverse("jobboard:republish", args=[vacancy.pk]), {"published_until": until})
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.published_until.isoformat() == until


def test_staff_close_a_posting_and_the_business_is_told(client, reviewer, business, member):
    from conftest import staff_login
    from notifications.models import OutboundEmail

    vacancy = VacancyFactory(business=business, title="Regelwidrig")
    staff_login(client, reviewer)
    client.post(reverse("admin:jobboard_vacancy_step", args=[vacancy.pk, "close"]))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED
    assert OutboundEmail.objects.filter(to=member.email, subject__contains="beendet").exists()
