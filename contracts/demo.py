"""Demo contracts for `make run`: trainers of Elektro Mustermann GmbH and a contract in each interesting state
— a draft to complete, one waiting for the chamber (overdue, at the top of the admin queue), one returned with
remarks, one accepted for a minor (to try the digital conclusion), one registered with its certificate.

Written directly, with their history, so that loading the demo sends no mails."""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from businesses.models import Business

from . import pdf, rules
from .models import ApprenticeshipContract, ContractEvent, ContractFile, MinimumRemuneration, Occupation, Trainer

Status = ApprenticeshipContract.Status

TRAINERS = [
    ("Max", "Mustermann", "Meisterprüfung im Elektrotechniker-Handwerk"),
    ("Petra", "Strom", "Meisterprüfung im Elektrotechniker-Handwerk, AEVO"),
]
ELEKTRONIKER = "Elektroniker/in – Fachrichtung Energie- und Gebäudetechnik"
START = date(timezone.localdate().year + (1 if timezone.localdate().month >= 8 else 0), 8, 1)


def _common(business: Business, trainer: Trainer, n: int) -> dict:
    """A complete contract (3.5 years, adult apprentice); the demo varies it below."""
    occupation = Occupation.objects.get(name=ELEKTRONIKER)
    table = MinimumRemuneration.table()
    amounts = table.get(START.year) or table[max(table)]
    return {
        "business": business,
        "training_site": business,
        "ba_betriebsnummer": "87654321",
        "apprentice_birth_date": date(START.year - 19, 4, 12 + n),
        "apprentice_street": f"Lindenstraße {n + 4}",
        "apprentice_postal_code": "12345",
        "apprentice_city": "Musterstadt",
        "apprentice_school_qualification": ApprenticeshipContract.SchoolQualification.MITTLERER,
        "occupation": occupation,
        "training_form": ApprenticeshipContract.TrainingForm.FULL_TIME,
        "start_date": START,
        "probation_months": 4,
        "daily_hours": Decimal("8"),
        "weekly_hours": Decimal("40"),
        "days_per_week": 5,
        "remuneration": [str(amount + 30) for amount in amounts],
        "trainer": trainer,
        "record_form": ApprenticeshipContract.RecordForm.ELECTRONIC,
        "measures_outside": "Überbetriebliche Lehrlingsunterweisung (ÜLU) im Bildungszentrum der Handwerkskammer",
        "collective_agreements": "Tarifvertrag für das Elektrohandwerk (allgemeiner Hinweis)",
    }


def _holiday(contract: ApprenticeshipContract) -> list[int]:
    end = rules.computed_end(contract)
    return [
        rules.holiday_minimum(
            birth_date=contract.apprentice_birth_date,
            year=year,
            days_per_week=contract.days_per_week,
            training_start=contract.start_date,
            training_end=end,
        ).days
        + (0 if index == 0 else 5)
        for index, year in enumerate(rules.calendar_years(contract.start_date, end))
    ]


def _contract(reference: str, status: str, days_ago: int, data: dict, history: list[tuple], staff, owner):
    contract = ApprenticeshipContract.objects.filter(reference=reference).first()
    if contract is not None:
        return contract
    now = timezone.now()
    created = now - timedelta(days=max([days_ago, *(entry[1] for entry in history)]) + 3)
    contract = ApprenticeshipContract(reference=reference, created_by=owner, created_at=created, **data)
    if contract.apprentice_birth_date and contract.start_date and contract.days_per_week and not contract.holiday:
        contract.set_holiday(_holiday(contract))
    contract.duration_months = rules.computed_duration(contract)
    contract.end_date = rules.computed_end(contract)
    contract.status = status
    contract.status_changed_at = now - timedelta(days=history[-1][1]) if history else created
    contract.save()
    ContractEvent.objects.create(
        contract=contract, event="created", actor=owner, actor_label=owner.get_full_name(), created_at=created
    )
    for event, ago, from_status, to_status, remarks in history:
        by_staff = event in ("start_review", "return", "accept", "register")
        actor = staff if by_staff else owner
        ContractEvent.objects.create(
            contract=contract,
            event=event,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            actor_label=actor.get_full_name() if actor else "",
            remarks=remarks,
            created_at=now - timedelta(days=ago),
        )
        if to_status == Status.SUBMITTED:
            contract.submitted_at = now - timedelta(days=ago)
    contract.save(update_fields=["submitted_at"])
    return contract


def load() -> list[tuple[str, str, str]]:
    business = Business.objects.filter(betriebsnummer="1234567", filialnummer="").first()
    owner = User.objects.filter(email="betrieb@example.de").first()
    staff = User.objects.filter(email="sachbearbeitung@hwk-musterstadt.de").first()
    if business is None or owner is None:
        return []
    trainers = [
        Trainer.objects.get_or_create(
            business=business, first_name=first, last_name=last, defaults={"qualification": qualification}
        )[0]
        for first, last, qualification in TRAINERS
    ]
    _contract(
        "LV-DEMO-000001",
        Status.DRAFT,
        1,
        {
            "business": business,
            "training_site": business,
            "apprentice_first_name": "Jonas",
            "apprentice_last_name": "Neumann",
            "occupation": Occupation.objects.get(name=ELEKTRONIKER),
            "start_date": START,
            "trainer": trainers[0],
        },
        [],
        staff,
        owner,
    )
    _contract(
        "LV-DEMO-000002",
        Status.SUBMITTED,
        20,
        {
            **_common(business, trainers[0], 1),
            "apprentice_first_name": "Sophie",
            "apprentice_last_name": "Becker",
            "apprentice_email": "sophie.becker@example.de",
        },
        [("submit", 20, Status.DRAFT, Status.SUBMITTED, "")],
        staff,
        owner,
    )
    _contract(
        "LV-DEMO-000003",
        Status.RETURNED,
        6,
        {
            **_common(business, trainers[1], 2),
            "apprentice_first_name": "Luca",
            "apprentice_last_name": "Wagner",
            "probation_months": 4,
            "apprentice_email": "luca.wagner@example.de",
        },
        [
            ("submit", 9, Status.DRAFT, Status.SUBMITTED, ""),
            ("start_review", 8, Status.SUBMITTED, Status.IN_REVIEW, ""),
            (
                "return",
                6,
                Status.IN_REVIEW,
                Status.RETURNED,
                "Bitte ergänzen Sie die überbetrieblichen Lehrgänge (ÜLU E1–E4) unter „Ausbildungsmaßnahmen "
                "außerhalb der Ausbildungsstätte“.",
            ),
        ],
        staff,
        owner,
    )
    returned = ApprenticeshipContract.objects.get(reference="LV-DEMO-000003")
    if returned.status == Status.RETURNED and not returned.staff_remarks:
        returned.staff_remarks = returned.events.filter(event="return").values_list("remarks", flat=True).first()
        returned.save(update_fields=["staff_remarks"])
    _contract(
        "LV-DEMO-000004",
        Status.ACCEPTED,
        2,
        {
            **_common(business, trainers[0], 3),
            "apprentice_first_name": "Mia",
            "apprentice_last_name": "Schulz",
            "apprentice_birth_date": date(START.year - 17, 10, 2),  # 16 at the start
            "apprentice_email": "mia.schulz@example.de",
            "guardian1_name": "Sandra Schulz",
            "guardian1_email": "sandra.schulz@example.de",
            "medical_certificate_confirmed": True,
            "medical_exam_date": START - timedelta(days=90),
        },
        [
            ("submit", 12, Status.DRAFT, Status.SUBMITTED, ""),
            ("start_review", 5, Status.SUBMITTED, Status.IN_REVIEW, ""),
            ("accept", 2, Status.IN_REVIEW, Status.ACCEPTED, ""),
        ],
        staff,
        owner,
    )
    registered = _contract(
        "LV-DEMO-000005",
        Status.REGISTERED,
        30,
        {
            **_common(business, trainers[1], 4),
            "apprentice_first_name": "Emre",
            "apprentice_last_name": "Yılmaz",
            "apprentice_email": "emre.yilmaz@example.de",
            "conclusion": ApprenticeshipContract.Conclusion.PAPER,
            "register_number": "LR-DEMO-000005",
        },
        [
            ("submit", 60, Status.DRAFT, Status.SUBMITTED, ""),
            ("start_review", 55, Status.SUBMITTED, Status.IN_REVIEW, ""),
            ("accept", 50, Status.IN_REVIEW, Status.ACCEPTED, ""),
            ("conclude_paper", 40, Status.ACCEPTED, Status.CONCLUDED, ""),
            ("register", 30, Status.CONCLUDED, Status.REGISTERED, ""),
        ],
        staff,
        owner,
    )
    if not registered.files.filter(purpose=ContractFile.Purpose.CERTIFICATE).exists():
        registered.concluded_at = timezone.now() - timedelta(days=40)
        registered.registered_at = timezone.now() - timedelta(days=30)
        registered.save(update_fields=["concluded_at", "registered_at"])
        content = pdf.certificate_pdf(registered)
        certificate = ContractFile(
            contract=registered,
            purpose=ContractFile.Purpose.CERTIFICATE,
            kind="pdf",
            original_name=f"Eintragungsbestaetigung-{registered.register_number}.pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        certificate.file.save(certificate.original_name, ContentFile(content), save=True)
    return [("–", "–", "Lehrverträge: „Mein Portal“ → Online-Lehrvertrag (Betriebsadmin); Prüfung unter /admin/")]
