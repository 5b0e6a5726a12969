"""What the contracts app holds about a person with an account: the contracts they entered for a business and
the steps of the contracts' histories they took.

Contracts are the training business's records (and the chamber's, for the Lehrlingsrolle): with the account
they stay, without the person — the history keeps that a member of the business took a step, not who.
Apprentices and guardians have no account; their data belongs to the contract and is kept as the
Lehrlingsrolle requires.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.privacy import Erasure, ExportPart

from .models import ApprenticeshipContract, ContractEvent, ContractFile
from .workflow import event_label

TITLE = gettext_lazy("Apprenticeship contracts")
ORDER = 50

LABELS = {
    "contracts_created": gettext_lazy("Contracts you entered"),
    "steps": gettext_lazy("Steps you took in contracts"),
    "reference": gettext_lazy("Contract number"),
    "business": gettext_lazy("Business"),
    "apprentice": gettext_lazy("Apprentice"),
    "created_at": gettext_lazy("Created"),
    "status": gettext_lazy("Status"),
    "time": gettext_lazy("Time"),
    "step": gettext_lazy("Step"),
    "remarks": gettext_lazy("Remarks"),
}


def export(user) -> ExportPart:
    created = ApprenticeshipContract.objects.filter(created_by=user).select_related("business").order_by("pk")
    steps = (
        ContractEvent.objects.filter(actor=user)
        .select_related("contract", "contract__business")
        .order_by("created_at", "pk")
    )
    return ExportPart(
        data={
            "contracts_created": [
                {
                    "reference": contract.reference,
                    "business": contract.business.name,
                    "apprentice": contract.apprentice_name,
                    "created_at": contract.created_at,
                    "status": contract.get_status_display(),
                }
                for contract in created
            ],
            "steps": [
                {
                    "time": step.created_at,
                    "reference": step.contract.reference,
                    "business": step.contract.business.name,
                    "step": event_label(step.event),
                    "remarks": step.remarks,
                }
                for step in steps
            ],
        },
        labels=LABELS,
    )


def erase_notes(user) -> list[str]:
    count = (
        ApprenticeshipContract.objects.filter(created_by=user).count()
        + ContractEvent.objects.filter(actor=user).values("contract").distinct().count()
    )
    if not count:
        return []
    return [
        ngettext(
            "The apprenticeship contract you worked on stays with the training business, without your name.",
            "The apprenticeship contracts you worked on stay with the training businesses, without your name.",
            count,
        )
    ]


def erase(user, *, erasure: Erasure) -> None:
    # The history shows who took a step by the name kept with it (actor_label): that name goes too.
    ContractEvent.objects.filter(actor=user).update(actor=None, actor_label=_("former member of the business"))
    ApprenticeshipContract.objects.filter(created_by=user).update(created_by=None)
    ContractFile.objects.filter(uploaded_by=user).update(uploaded_by=None)
