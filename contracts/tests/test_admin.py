"""The chamber's side in the admin: queue, review page, workflow steps, CSV export, catalogues."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import staff_login
from contracts import services
from contracts.models import ApprenticeshipContract, ContractEvent, MinimumRemuneration
from contracts.tests.factories import ContractFactory
from forms_catalog.tests.samples import pdf_bytes

pytestmark = pytest.mark.django_db
Status = ApprenticeshipContract.Status
CHANGELIST = "admin:contracts_apprenticeshipcontract_changelist"


def step(client, contract, event, data=None):
    return client.post(reverse("admin:contracts_apprenticeshipcontract_step", args=[contract.pk, event]), data or {})


@pytest.fixture
def reviewer_client(client, reviewer):
    """Chamber staff with the review permission, logged in with their second factor (staff_login)."""
    staff_login(client, reviewer)
    return client


def submitted(contract, member, days_ago: int):
    services.contract_submit(actor=member, contract_id=contract.pk)
    ApprenticeshipContract.objects.filter(pk=contract.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago),
        status_changed_at=timezone.now() - timedelta(days=days_ago),
    )


def test_the_queue_puts_the_longest_waiting_first_and_highlights_the_overdue(
    reviewer_client, business, trainer, member
):
    fresh = ContractFactory(business=business, trainer=trainer, apprentice_last_name="Frisch")
    old = ContractFactory(business=business, trainer=trainer, apprentice_last_name="Altbestand")
    ContractFactory(business=business, trainer=trainer, apprentice_last_name="Entwurfsstand")
    submitted(fresh, member, 3)
    submitted(old, member, 21)

    page = reviewer_client.get(reverse(CHANGELIST)).content.decode()
    assert page.index("Altbestand") < page.index("Frisch") < page.index("Entwurfsstand")
    assert '<span class="contract-overdue">21 Tage – überfällig</span>' in page
    assert "3 Tage" in page

    overdue = reviewer_client.get(reverse(CHANGELIST), {"queue": "overdue"}).content.decode()
    assert "Altbestand" in overdue and "Frisch" not in overdue


def test_the_review_page_shows_the_data_and_every_check_side_by_side(reviewer_client, contract, member):
    ApprenticeshipContract.objects.filter(pk=contract.pk).update(remuneration=["700.00", "854.00", "977.00"])
    services.contract_update(actor=member, contract_id=contract.pk, data={"probation_months": 4})
    ApprenticeshipContract.objects.filter(pk=contract.pk).update(status=Status.IN_REVIEW)
    page = reviewer_client.get(
        reverse("admin:contracts_apprenticeshipcontract_change", args=[contract.pk])
    ).content.decode()
    assert "Lena Lockenwickler" in page and "Friseur/in" in page
    for title in (
        "Pflichtangaben (§ 11 BBiG)",
        "Probezeit (§ 20 BBiG)",
        "Mindestvergütung (§ 17 BBiG)",
        "Urlaub (§ 19 JArbSchG, BUrlG)",
    ):
        assert title in page
    assert "700,00 € liegen unter der gesetzlichen Mindestvergütung von 724,00 €" in page
    assert 'value="Vertrag annehmen" disabled' in page  # an invalid contract cannot be accepted, only returned


def test_staff_take_every_step_from_the_review_page(reviewer_client, contract, member, mailoutbox):
    submitted(contract, member, 1)
    review = reverse("admin:contracts_apprenticeshipcontract_change", args=[contract.pk])
    assert "Prüfung beginnen" in reviewer_client.get(review).content.decode()

    assert step(reviewer_client, contract, "start_review")["Location"] == review
    no_reason = step(reviewer_client, contract, "return", {"return-remarks": ""})
    assert no_reason.status_code == 200 and "Dieses Feld ist zwingend erforderlich." in no_reason.content.decode()
    step(reviewer_client, contract, "return", {"return-remarks": "Bitte Urlaub 2026 prüfen."})
    contract.refresh_from_db()
    assert (contract.status, contract.staff_remarks) == (Status.RETURNED, "Bitte Urlaub 2026 prüfen.")

    services.contract_submit(actor=member, contract_id=contract.pk)
    step(reviewer_client, contract, "start_review")
    step(reviewer_client, contract, "accept")
    assert ApprenticeshipContract.objects.get(pk=contract.pk).status == Status.ACCEPTED
    # Repeating a step is refused with a message, nothing changes.
    again = reviewer_client.post(
        reverse("admin:contracts_apprenticeshipcontract_step", args=[contract.pk, "accept"]), follow=True
    )
    assert "(nicht mehr) möglich" in again.content.decode()

    services.contract_conclude_paper(
        actor=member, contract_id=contract.pk, upload=SimpleUploadedFile("v.pdf", pdf_bytes())
    )
    page = reviewer_client.get(review).content.decode()
    assert "Bitte prüfen Sie vor der Eintragung den unterschriebenen Scan" in page
    step(reviewer_client, contract, "register", {"register-register_number": "R-2026-1"})
    contract.refresh_from_db()
    assert (contract.status, contract.register_number) == (Status.REGISTERED, "R-2026-1")
    events = list(ContractEvent.objects.filter(contract=contract).values_list("event", flat=True))
    assert events.count("start_review") == 2 and events[-1] == "register"


def test_staff_without_the_review_permission_may_look_but_not_decide(client, contract, member, user_factory):
    viewer = user_factory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_apprenticeshipcontract"))
    staff_login(client, viewer)
    submitted(contract, member, 1)
    page = client.get(reverse("admin:contracts_apprenticeshipcontract_change", args=[contract.pk])).content.decode()
    assert "Prüfen und Eintragen brauchen Sie die Berechtigung" in page
    assert step(client, contract, "start_review").status_code == 403
    assert ApprenticeshipContract.objects.get(pk=contract.pk).status == Status.SUBMITTED
    # Staff open the contract's PDF from the admin (allow_staff with the view permission).
    assert client.get(reverse("contracts:document", args=[contract.pk, "vertrag"])).status_code == 200


def test_csv_export(reviewer_client, contract, member):
    submitted(contract, member, 2)
    response = reviewer_client.post(reverse(CHANGELIST), {"action": "export_csv", "_selected_action": [contract.pk]})
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Vertragsnummer;Status;Betrieb;Betriebsnummer;Auszubildende/r")
    assert "Lena Lockenwickler" in row and "Friseur/in" in row and "eingereicht" in row


def test_staff_add_the_next_year_of_the_minimum_remuneration(client, user_factory, contract):
    admin = user_factory(is_staff=True, is_superuser=True)
    staff_login(client, admin)
    client.post(
        reverse("admin:contracts_minimumremuneration_add"),
        {"start_year": 2027, "year_1": "760,00", "year_2": "897,00", "year_3": "1026,00", "year_4": "1064,00"},
    )
    assert MinimumRemuneration.objects.get(start_year=2027).year_1 == 760
    assert client.get(reverse("admin:contracts_trainer_changelist")).status_code == 200
    assert client.get(reverse("admin:contracts_occupation_changelist")).status_code == 200
