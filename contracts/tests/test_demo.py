from accounts import demo as accounts_demo
from businesses import demo as businesses_demo
from contracts import demo, rules
from contracts.models import ApprenticeshipContract, MinimumRemuneration


def test_demo_contracts_in_every_interesting_state_and_idempotent(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    accounts_demo.load()
    businesses_demo.load()
    demo.load()
    demo.load()
    contracts = {c.reference: c for c in ApprenticeshipContract.objects.all()}
    assert {c.status for c in contracts.values()} == {"draft", "submitted", "returned", "accepted", "registered"}
    assert len(contracts) == 5
    registered = contracts["LV-DEMO-000005"]
    assert registered.files.get(purpose="certificate").size > 1000
    # The complete ones pass every check (the draft is incomplete on purpose).
    table = MinimumRemuneration.table()
    for reference in ("LV-DEMO-000002", "LV-DEMO-000004", "LV-DEMO-000005"):
        results = rules.run_checks(contracts[reference], remuneration_table=table)
        assert [f.code for f in rules.findings_of(results) if f.is_error] == [], reference
    assert rules.is_minor_at_start(contracts["LV-DEMO-000004"])
    assert contracts["LV-DEMO-000003"].staff_remarks.startswith("Bitte ergänzen")
