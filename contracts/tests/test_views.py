"""The business's pages "Meine Lehrverträge": list, form, detail, both conclusions, later changes, PDFs."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from businesses.tests.factories import BranchFactory, BusinessFactory, MembershipFactory
from contracts import services
from contracts.models import ApprenticeshipContract, ContractFile
from contracts.tests.factories import ContractFactory, TrainerFactory, occupation
from forms_catalog.tests.samples import exe_bytes, png_bytes

pytestmark = pytest.mark.django_db
Status = ApprenticeshipContract.Status


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def form_data(contract_or_none=None, **overrides) -> dict:
    """What the form posts for a complete contract: German number input, ISO dates from the date picker."""
    trainer = overrides.pop("trainer")
    data = {
        "training_site": trainer.business_id,
        "ba_betriebsnummer": "1234 5678",
        "apprentice_first_name": "Paula",
        "apprentice_last_name": "Pinsel",
        "apprentice_birth_date": "2004-06-30",
        "apprentice_street": "Farbweg 1",
        "apprentice_postal_code": "12345",
        "apprentice_city": "Musterstadt",
        "apprentice_email": "paula@example.de",
        "apprentice_school_qualification": "hochschulreife",
        "occupation": occupation("Maler/in und Lackierer/in").pk,
        "training_form": "full_time",
        "start_date": "2026-08-01",
        "shortening_months": "0",
        "probation_months": "3",
        "daily_hours": "8",
        "weekly_hours": "40,0",
        "days_per_week": "5",
        "remuneration_1": "724,00",
        "remuneration_2": "854,00",
        "remuneration_3": "1.014,00",
        "holiday_1": "9",
        "holiday_2": "20",
        "holiday_3": "20",
        "holiday_4": "20",
        "trainer": trainer.pk,
        "record_form": "paper",
        "action": "save",
    }
    data.update(overrides)
    return data


# --- list ---------------------------------------------------------------------------------------------


def test_the_empty_list_invites_to_enter_the_first_contract(member_client):
    page = member_client.get(reverse("contracts:list")).content.decode()
    assert "Noch keine Lehrverträge" in page
    assert reverse("contracts:create") in page
    assert "E-Mails zu Lehrverträgen gehen an alle aktiven Mitglieder des Ausbildungsbetriebs" in page


def test_the_list_shows_only_the_business_s_contracts_with_search_tabs_and_pages(member_client, business, trainer):
    ContractFactory(business=business, trainer=trainer, apprentice_first_name="Lena", apprentice_last_name="Locke")
    for n in range(21):
        ContractFactory(business=business, trainer=trainer, apprentice_last_name=f"Azubi{n:02d}")
    ContractFactory(apprentice_last_name="Fremdling")  # another business
    ContractFactory(business=business, trainer=trainer, apprentice_last_name="Eingereicht", status=Status.SUBMITTED)

    first = member_client.get(reverse("contracts:list")).content.decode()
    assert "Fremdling" not in first
    assert "Seite 1 von 2" in first
    assert "Locke" not in first  # the oldest is on page 2 (newest first)
    assert "Locke" in member_client.get(reverse("contracts:list"), {"page": 2}).content.decode()

    found = member_client.get(reverse("contracts:list"), {"q": "lena lock"}).content.decode()
    assert "Locke" in found and "Azubi01" not in found
    assert (
        "Kein Vertrag passt zu „Fremdling“"
        in member_client.get(reverse("contracts:list"), {"q": "Fremdling"}).content.decode()
    )

    chamber = member_client.get(reverse("contracts:list"), {"group": "chamber"}).content.decode()
    assert "Eingereicht" in chamber and "Azubi01" not in chamber
    assert 'Bei der Kammer <span class="badge text-bg-light">1</span>' in chamber


def _many_contracts(business, trainer, count):
    occupation_id = occupation().pk
    ApprenticeshipContract.objects.bulk_create(
        [
            ApprenticeshipContract(
                business=business,
                trainer=trainer,
                occupation_id=occupation_id,
                reference=f"LV-BULK-{n:06d}",
                apprentice_first_name="Bulk",
                apprentice_last_name=f"Azubi {n}",
                status=[Status.DRAFT, Status.SUBMITTED, Status.REGISTERED][n % 3],
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def test_the_list_makes_as_many_queries_for_10_as_for_10_000_contracts(member_client, business, trainer):
    variants = [{}, {"group": "chamber"}, {"q": "Azubi 1"}, {"page": "2"}]

    def queries(params):
        member_client.get(reverse("contracts:list"), params)  # warm caches filled once per process
        with CaptureQueriesContext(connection) as captured:
            response = member_client.get(reverse("contracts:list"), params)
        assert response.status_code == 200
        return len(captured)

    _many_contracts(business, trainer, 30)
    few = [queries(params) for params in variants]
    _many_contracts(business, trainer, 10_000 - 30)
    assert [queries(params) for params in variants] == few
    assert ApprenticeshipContract.objects.count() == 10_000


# --- form ---------------------------------------------------------------------------------------------


def test_a_new_contract_is_saved_with_german_numbers_and_then_submitted(member_client, member, business, trainer):
    response = member_client.post(reverse("contracts:create"), form_data(trainer=trainer))
    contract = ApprenticeshipContract.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("contracts:edit", args=[contract.pk])
    assert contract.remuneration_amounts() == [Decimal("724.00"), Decimal("854.00"), Decimal("1014.00")]
    assert (contract.weekly_hours, contract.ba_betriebsnummer) == (Decimal("40.00"), "12345678")
    assert (contract.duration_months, contract.end_date) == (36, date(2029, 7, 31))
    assert contract.created_by == member and contract.status == Status.DRAFT

    edit = member_client.get(response["Location"]).content.decode()
    assert 'value="724,00"' in edit and 'value="1014,00"' in edit
    assert "Der Entwurf ist gespeichert" in edit

    response = member_client.post(
        reverse("contracts:edit", args=[contract.pk]), form_data(trainer=trainer, action="submit")
    )
    assert response.status_code == 302 and response["Location"] == reverse("contracts:detail", args=[contract.pk])
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED
    detail = member_client.get(response["Location"]).content.decode()
    assert "Der Vertrag ist bei der Kammer eingereicht" in detail
    assert "An die Kammer übermittelt" in detail


@pytest.mark.parametrize("amount, saved", [("724,00", True), ("723,99", False)])
def test_the_minimum_remuneration_boundary_through_the_form(member_client, business, trainer, amount, saved):
    response = member_client.post(
        reverse("contracts:create"), form_data(trainer=trainer, remuneration_1=amount, action="submit")
    )
    contract = ApprenticeshipContract.objects.get()
    assert contract.status == (Status.SUBMITTED if saved else Status.DRAFT)
    if not saved:
        # Saved as a draft; the edit page says why it was not submitted, at the field.
        assert response["Location"] == reverse("contracts:edit", args=[contract.pk])
        page = member_client.get(response["Location"]).content.decode()
        assert "1. Ausbildungsjahr: 723,99 € liegen unter der gesetzlichen Mindestvergütung von 724,00 €" in page
        assert "Der Vertrag kann noch nicht eingereicht werden" in page


def test_typing_errors_are_explained_and_nothing_typed_is_lost(member_client, trainer):
    response = member_client.post(
        reverse("contracts:create"),
        form_data(trainer=trainer, remuneration_2="acht hundert", daily_hours="8,125", ba_betriebsnummer="1234"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and not ApprenticeshipContract.objects.exists()
    assert "Bitte überprüfen Sie Ihre Eingaben." in page
    assert "Bitte geben Sie eine Zahl ein, z. B. 724,00." in page
    assert "Bitte geben Sie höchstens 2 Nachkommastellen ein." in page
    assert "Die Betriebsnummer der Bundesagentur für Arbeit hat 8 Ziffern." in page
    assert 'value="acht hundert"' in page and 'value="Pinsel"' in page


def test_a_draft_may_be_saved_incomplete_and_the_edit_page_shows_what_is_missing(member_client):
    response = member_client.post(
        reverse("contracts:create"), {"apprentice_last_name": "Halb", "training_form": "full_time"}
    )
    contract = ApprenticeshipContract.objects.get()
    page = member_client.get(response["Location"]).content.decode()
    assert "Angaben fehlen noch oder sind nicht zulässig" in page
    assert "Bitte füllen Sie „Vorname“ aus." in page
    assert 'value="Halb"' in page
    assert contract.status == Status.DRAFT


def test_the_form_offers_only_the_business_s_sites_and_trainers(member_client, business, trainer):
    branch = BranchFactory(main_business=business)
    branch_trainer = TrainerFactory(business=branch, last_name="Filialmeister")
    foreign_trainer = TrainerFactory(business=BusinessFactory(), last_name="Fremdmeister")
    page = member_client.get(reverse("contracts:create")).content.decode()
    assert branch.name in page and "Filialmeister" in page and "Fremdmeister" not in page
    response = member_client.post(reverse("contracts:create"), form_data(trainer=foreign_trainer))
    assert response.status_code == 200 and not ApprenticeshipContract.objects.exists()
    response = member_client.post(reverse("contracts:create"), form_data(trainer=branch_trainer))
    assert ApprenticeshipContract.objects.get().training_site == branch


def test_a_submitted_contract_can_no_longer_be_edited(member_client, contract, member):
    services.contract_submit(actor=member, contract_id=contract.pk)
    response = member_client.get(reverse("contracts:edit", args=[contract.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("contracts:detail", args=[contract.pk])
    response = member_client.post(reverse("contracts:edit", args=[contract.pk]), {"apprentice_last_name": "Neu"})
    contract.refresh_from_db()
    assert contract.apprentice_last_name == "Lockenwickler"


def test_the_calculation_the_form_script_shows(member_client):
    response = member_client.get(
        reverse("contracts:calculation"),
        {
            "occupation": occupation().pk,
            "start_date": "2026-08-01",
            "training_form": "part_time",
            "part_time_reduction_percent": "25",
            "apprentice_birth_date": "2011-05-10",
            "days_per_week": "5",
        },
    ).json()
    assert (response["duration_months"], response["end"], response["minor"]) == (48, "31.07.2030", True)
    assert [y["minimum"] for y in response["years"]] == ["543,00 €", "640,50 €", "732,75 €", "760,50 €"]
    assert [h["year"] for h in response["holiday"]] == [2026, 2027, 2028, 2029, 2030]
    assert response["holiday"][1]["days"] == 25  # 15 on 1 January 2027
    nothing = member_client.get(reverse("contracts:calculation"), {"occupation": "x", "start_date": "1.8."}).json()
    assert nothing["duration_months"] is None and nothing["end"] is None


# --- detail, duplicate, delete ------------------------------------------------------------------------


def test_the_detail_page_shows_the_timeline_with_the_chamber_s_remarks(member_client, contract, member, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    services.contract_return(actor=reviewer, contract_id=contract.pk, remarks="Bitte Ausbilderin prüfen.")
    page = member_client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "Von der Kammer zurückgegeben" in page
    assert page.count("Bitte Ausbilderin prüfen.") == 2  # the box and the timeline
    assert "Zur Überarbeitung zurückgegeben" in page and "Handwerkskammer Musterstadt" in page
    assert "Erneut einreichen" in page


def test_duplicate_and_delete(member_client, contract):
    response = member_client.post(reverse("contracts:duplicate", args=[contract.pk]))
    copy = ApprenticeshipContract.objects.exclude(pk=contract.pk).get()
    assert response["Location"] == reverse("contracts:edit", args=[copy.pk])
    assert copy.occupation == contract.occupation and copy.apprentice_last_name == ""
    assert (
        "Bitte tragen Sie die/den nächste/n Auszubildende/n ein."
        in member_client.get(response["Location"]).content.decode()
    )
    assert member_client.get(reverse("contracts:delete", args=[copy.pk])).status_code == 200
    member_client.post(reverse("contracts:delete", args=[copy.pk]))
    assert not ApprenticeshipContract.objects.filter(pk=copy.pk).exists()


# --- PDFs ---------------------------------------------------------------------------------------------


def test_the_pdfs_are_german_with_the_chamber_s_name_and_their_text_can_be_extracted(
    member_client, contract, member, reviewer
):
    response = member_client.get(reverse("contracts:document", args=[contract.pk, "vertrag"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Handwerkskammer Musterstadt",
        "Berufsausbildungsvertrag",
        "Lena Lockenwickler",
        "Friseur/in",
        "724,00 €",
        "31.07.2029",
        "ENTWURF",
    ):
        assert expected in text, expected
    application = pdf_text(member_client.get(reverse("contracts:document", args=[contract.pk, "antrag"])).content)
    assert "Antrag auf Eintragung in die Lehrlingsrolle" in application and "Lena Lockenwickler" in application
    assert member_client.get(reverse("contracts:document", args=[contract.pk, "anderes"])).status_code == 404

    services.contract_submit(actor=member, contract_id=contract.pk)
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    services.contract_accept(actor=reviewer, contract_id=contract.pk)
    assert "ENTWURF" not in pdf_text(
        member_client.get(reverse("contracts:document", args=[contract.pk, "vertrag"])).content
    )
    services.contract_conclude_paper(
        actor=member, contract_id=contract.pk, upload=SimpleUploadedFile("scan.png", png_bytes())
    )
    services.contract_register(actor=reviewer, contract_id=contract.pk, register_number="HWK-2026-4711")
    certificate = ContractFile.objects.get(contract=contract, purpose="certificate")
    response = member_client.get(reverse("contracts:file_download", args=[contract.pk, certificate.pk]))
    text = pdf_text(b"".join(response.streaming_content))
    for expected in (
        "Bestätigung der Eintragung in die Lehrlingsrolle",
        "HWK-2026-4711",
        "Lena Lockenwickler",
        "Friseur/in",
        "Handwerkskammer Musterstadt",
    ):
        assert expected in text, expected


# --- conclusion on paper, later changes ---------------------------------------------------------------


def test_paper_conclusion_through_the_page(member_client, contract, member, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    services.contract_accept(actor=reviewer, contract_id=contract.pk)
    url = reverse("contracts:conclude_paper", args=[contract.pk])
    refused = member_client.post(url, {"signed_contract": SimpleUploadedFile("vertrag.pdf", exe_bytes())})
    assert "ist keine PDF-, JPEG- oder PNG-Datei" in refused.content.decode()
    response = member_client.post(url, {"signed_contract": SimpleUploadedFile("vertrag.png", png_bytes())})
    assert response["Location"] == reverse("contracts:detail", args=[contract.pk])
    contract.refresh_from_db()
    assert contract.status == Status.CONCLUDED
    scan = contract.files.get(purpose="signed_scan")
    download = member_client.get(reverse("contracts:file_download", args=[contract.pk, scan.pk]))
    assert b"".join(download.streaming_content) == png_bytes()
    assert download["Content-Disposition"].startswith("attachment")


def test_a_change_of_trainer_and_a_cancellation_agreement_through_the_page(
    member_client, contract, member, reviewer, business
):
    services.contract_submit(actor=member, contract_id=contract.pk)
    services.contract_start_review(actor=reviewer, contract_id=contract.pk)
    services.contract_accept(actor=reviewer, contract_id=contract.pk)
    services.contract_conclude_paper(
        actor=member, contract_id=contract.pk, upload=SimpleUploadedFile("v.png", png_bytes())
    )
    url = reverse("contracts:report_change", args=[contract.pk])
    new = TrainerFactory(business=business, first_name="Nora", last_name="Neumeister")
    assert "Nora Neumeister" in member_client.get(url).content.decode()
    missing = member_client.post(url, {"kind": "trainer", "effective_date": "2026-11-01"})
    assert "Bitte wählen Sie den neuen Ausbilder oder die neue Ausbilderin." in missing.content.decode()
    member_client.post(url, {"kind": "trainer", "effective_date": "2026-11-01", "trainer": new.pk})
    contract.refresh_from_db()
    assert contract.trainer == new
    member_client.post(url, {"kind": "agreement", "effective_date": "2027-02-28", "note": "Studium"})
    contract.refresh_from_db()
    assert (contract.status, contract.ended_on) == (Status.TERMINATED, date(2027, 2, 28))
    page = member_client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "Die Ausbildung endete vorzeitig am 28.02.2027 (Aufhebungsvertrag)." in page
    assert "Wechsel des Ausbilders gemeldet" in page


def test_the_portal_s_tile_leads_to_the_contracts(member_client):
    page = member_client.get(reverse("portal:my_portal")).content.decode()
    assert f'href="{reverse("contracts:list")}"' in page


def test_a_member_of_two_businesses_sees_both_and_creates_for_the_selected_one(client, member, business, trainer):
    other = BusinessFactory(name="Zweitbetrieb Kamm GmbH")
    MembershipFactory(user=member, business=other, role="admin")
    ContractFactory(business=business, trainer=trainer, apprentice_last_name="Erstbetrieblich")
    ContractFactory(business=other, apprentice_last_name="Zweitbetrieblich")
    client.force_login(member)
    page = client.get(reverse("contracts:list")).content.decode()
    assert "Erstbetrieblich" in page and "Zweitbetrieblich" in page and "Zweitbetrieb Kamm GmbH" in page
