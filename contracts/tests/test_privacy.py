"""The contracts app's part of the data export and of the account deletion (portal/privacy.py)."""

import pytest

from contracts import privacy, services
from contracts.models import ContractEvent
from portal.privacy import Erasure, providers

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_contracts_and_steps_of_the_person(contract, member, colleague, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    draft = services.contract_create(actor=colleague, business=contract.business, data={"apprentice_last_name": "X"})
    part = privacy.export(member)
    assert [step["step"] for step in part.data["steps"]] == ["an die Kammer übermittelt"]
    assert part.data["contracts_created"] == []  # the factory's contract was not entered by her
    assert [c["reference"] for c in privacy.export(colleague).data["contracts_created"]] == [draft.reference]
    assert "contracts" in [provider.app_label for provider in providers()]


def test_deleting_the_account_keeps_the_contract_without_the_person(contract, member, reviewer):
    services.contract_submit(actor=member, contract_id=contract.pk)
    assert privacy.erase_notes(member)
    privacy.erase(member, erasure=Erasure(by_owner=True, reason="test"))
    step = ContractEvent.objects.get(contract=contract, event="submit")
    assert step.actor is None and step.actor_label == "ehemaliges Mitglied des Betriebs"
    assert member.get_full_name() not in step.actor_label
    assert privacy.export(member).data == {"contracts_created": [], "steps": []}
