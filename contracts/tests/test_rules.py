"""The legal rules, each at its boundary (contracts/rules.py)."""

from datetime import date
from decimal import Decimal

import pytest

from businesses.tests.factories import BusinessFactory
from contracts import rules
from contracts.models import ApprenticeshipContract
from contracts.tests.factories import TABLE, ContractFactory, TrainerFactory, occupation

pytestmark = pytest.mark.django_db


def build(**overrides) -> ApprenticeshipContract:
    """An unsaved contract (of a saved business with its trainer), valid unless `overrides` say otherwise."""
    business = overrides.pop("business", None) or BusinessFactory()
    if "trainer" not in overrides:
        overrides["trainer"] = TrainerFactory(business=business)
    return ContractFactory.build(business=business, **overrides)


def codes(contract, check=None) -> list[str]:
    results = rules.run_checks(contract, remuneration_table=TABLE)
    return [f.code for r in results if check is None or r.check.key == check for f in r.findings]


def error_codes(contract) -> list[str]:
    results = rules.run_checks(contract, remuneration_table=TABLE)
    return [f.code for f in rules.findings_of(results) if f.is_error]


def test_the_factory_contract_passes_every_check():
    assert codes(build()) == []


# --- dates and durations (§§ 187, 188 BGB) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "start, months, end",
    [
        (date(2026, 8, 1), 36, date(2029, 7, 31)),
        (date(2026, 9, 15), 36, date(2029, 9, 14)),
        (date(2026, 1, 28), 1, date(2026, 2, 27)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 31 February: the month's last day (§ 188 Abs. 3 BGB)
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 3, 1), 42, date(2029, 8, 31)),
    ],
)
def test_the_end_of_the_training_follows_the_civil_code(start, months, end):
    assert rules.training_end(start, months) == end


@pytest.mark.parametrize(
    "birth, day, age",
    [
        (date(2010, 1, 1), date(2026, 1, 1), 16),  # a year older from the first moment of the birthday
        (date(2010, 1, 2), date(2026, 1, 1), 15),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_age(birth, day, age):
    assert rules.age_on(birth, day) == age


@pytest.mark.parametrize(
    "regular, shortening, reduction, months",
    [
        (36, 0, None, 36),
        (36, 12, None, 24),
        (36, 0, 25, 48),  # 36 / 0.75
        (42, 0, 20, 52),  # 52.5, rounded down to whole months (§ 7a Abs. 2 BBiG)
        (36, 0, 50, 54),  # 72 would be longer than 1.5 × 36
        (42, 0, 50, 63),
        (36, 6, 25, 40),  # shortened first, then extended
    ],
)
def test_training_duration(regular, shortening, reduction, months):
    assert (
        rules.training_duration(regular_months=regular, shortening_months=shortening, part_time_reduction=reduction)
        == months
    )


def test_the_end_must_lie_after_the_start():
    assert "end_not_after_start" in error_codes(build(shortening_months=36, shortening_reason="school"))
    assert "end_not_after_start" not in codes(build(shortening_months=35, shortening_reason="school"))


# --- probation (§ 20 BBiG) ----------------------------------------------------------------------------


@pytest.mark.parametrize("months, allowed", [(0, False), (1, True), (4, True), (5, False)])
def test_probation_is_one_to_four_months(months, allowed):
    assert ("probation_range" not in codes(build(probation_months=months))) is allowed


# --- minimum remuneration (§ 17 BBiG) ------------------------------------------------------------------


def test_minimum_remuneration_by_start_year_and_training_year():
    def minimum(start, year, **kwargs):
        return rules.minimum_remuneration(start=start, training_year=year, table=TABLE, **kwargs)

    assert minimum(date(2026, 8, 1), 1).amount == Decimal("724")
    assert minimum(date(2026, 8, 1), 4).amount == Decimal("1014")
    assert minimum(date(2026, 8, 1), 5).amount == Decimal("1014")  # from the fourth year on
    assert minimum(date(2025, 12, 31), 2).amount == Decimal("805")  # the start year decides, for all years
    later = minimum(date(2027, 8, 1), 1)
    assert (later.amount, later.start_year_used, later.exact_year) == (Decimal("724"), 2026, False)
    assert minimum(date(2024, 8, 1), 1) is None
    # Part-time: at most reduced like the time (§ 17 Abs. 5 BBiG), rounded up to the cent.
    assert minimum(date(2026, 8, 1), 1, part_time_reduction=25).amount == Decimal("543.00")
    cents = {2026: (Decimal("724.50"),) * 4}
    assert rules.minimum_remuneration(
        start=date(2026, 8, 1), training_year=1, table=cents, part_time_reduction=23
    ).amount == Decimal("557.87")  # 557.865


@pytest.mark.parametrize("amount, allowed", [("724.00", True), ("723.99", False)])
def test_remuneration_for_a_2026_start_in_year_one(amount, allowed):
    contract = build(remuneration=[amount, "854.00", "977.00"])
    assert ("remuneration_below_minimum" not in error_codes(contract)) is allowed


@pytest.mark.parametrize("amount, allowed", [("1014.00", True), ("1013.99", False)])
def test_remuneration_in_the_fourth_year_of_a_part_time_training(amount, allowed):
    # 36 months at 20 % less time: 45 months, four training years; the minimum reduced by 20 %.
    contract = build(
        training_form="part_time",
        part_time_reduction_percent=20,
        remuneration=["579.20", "683.20", "781.60", str(Decimal(amount) * Decimal("0.8"))],
    )
    assert rules.computed_duration(contract) == 45
    assert ("remuneration_below_minimum" not in error_codes(contract)) is allowed


def test_every_training_year_needs_its_remuneration_and_no_more():
    assert "remuneration_missing" in error_codes(build(remuneration=["724.00", "854.00"]))
    assert "remuneration_extra_year" in error_codes(build(remuneration=["724", "854", "977", "1014"]))


def test_below_the_minimum_under_a_binding_collective_agreement_is_a_note_for_the_chamber():
    contract = build(remuneration=["700.00", "854.00", "977.00"], collective_agreement_binding=True)
    assert error_codes(contract) == []
    assert "remuneration_below_minimum_collective" in codes(contract)


# --- holiday (§ 19 JArbSchG, §§ 3, 5 BUrlG) -----------------------------------------------------------


def holiday(birth, year, days_per_week=5, start=date(2026, 8, 1), end=date(2029, 7, 31)):
    return rules.holiday_minimum(
        birth_date=birth, year=year, days_per_week=days_per_week, training_start=start, training_end=end
    )


def test_holiday_by_the_age_at_the_beginning_of_the_calendar_year():
    # 15 on 1 January 2027: 30 Werktage, at five days a week 25 days.
    fifteen = holiday(date(2011, 5, 10), 2027)
    assert (fifteen.age, fifteen.werktage, fifteen.days) == (15, 30, 25)
    assert holiday(date(2011, 5, 10), 2027, days_per_week=6).days == 30
    # Born on 1 January: already 16 at the beginning of the year → 27 Werktage (22.5 days → 23).
    assert (holiday(date(2011, 1, 1), 2027).werktage, holiday(date(2011, 1, 1), 2027).days) == (27, 23)
    assert holiday(date(2011, 1, 2), 2027).werktage == 30
    # 17 on 1 January: 25 Werktage (20.83 → 21); the 18th birthday in February changes nothing that year.
    assert (holiday(date(2009, 2, 1), 2026 + 1).werktage, holiday(date(2009, 2, 1), 2027).days) == (25, 21)
    # Of age: 24 Werktage, 20 days at five days a week (BUrlG).
    adult = holiday(date(2005, 3, 15), 2027)
    assert (adult.werktage, adult.days, adult.law) == (24, 20, "§ 3 BUrlG")


def test_holiday_in_the_first_and_last_year():
    adult = date(2005, 3, 15)
    # Begins 1 August: the waiting period ends in the next year → 5/12 of 20 = 8.33 → 9 days.
    first = holiday(adult, 2026)
    assert (first.months, first.days) == (5, 9)
    # Begins 1 July: the waiting period ends on 31 December → the full year.
    assert holiday(adult, 2026, start=date(2026, 7, 1), end=date(2029, 6, 30)).days == 20
    assert holiday(adult, 2026, start=date(2026, 7, 2), end=date(2029, 7, 1)).months == 5
    # Ends 31 July (second half): the full year; ends 30 June: 6/12.
    assert holiday(adult, 2029).days == 20
    assert holiday(adult, 2029, start=date(2026, 7, 1), end=date(2029, 6, 30)).days == 10
    assert holiday(adult, 2029, start=date(2026, 2, 1), end=date(2029, 1, 31)).days == 2  # 1.67
    assert holiday(adult, 2030) is None


@pytest.mark.parametrize("days, allowed", [(25, True), (24, False)])
def test_holiday_for_a_fifteen_year_old(days, allowed):
    # 14 on 1 January 2026, 15 on 1 January 2027: 2027 needs 25 days at five days a week.
    contract = build(
        apprentice_birth_date=date(2011, 5, 10),
        guardian1_name="Petra Lehrling",
        medical_certificate_confirmed=True,
        medical_exam_date=date(2026, 5, 4),
        holiday=[13, days, 23, 21],
    )
    assert ("holiday_below_minimum" not in error_codes(contract)) is allowed


def test_every_calendar_year_needs_its_holiday():
    assert "holiday_missing" in error_codes(build(holiday=[9, 20, 20]))


# --- part-time and shortening (§§ 7a, 8 BBiG) ---------------------------------------------------------


@pytest.mark.parametrize("reduction, allowed", [(1, True), (50, True), (51, False), (0, False)])
def test_part_time_reduces_the_time_by_at_most_half(reduction, allowed):
    contract = build(training_form="part_time", part_time_reduction_percent=reduction, remuneration=[])
    assert ("part_time_reduction_range" not in codes(contract)) is allowed


def test_part_time_needs_the_reduction():
    assert "part_time_reduction_missing" in error_codes(build(training_form="part_time"))


def test_a_shortening_needs_a_reason_and_is_noted_below_the_guideline():
    assert "shortening_reason_missing" in error_codes(build(shortening_months=12, remuneration=["724", "854"]))
    contract = build(shortening_months=20, shortening_reason="school", remuneration=["724", "854"], holiday=[9, 20])
    assert error_codes(contract) == []
    assert "shortening_below_guideline" in codes(contract)  # 16 months left, 18 recommended


# --- minors (§§ 8, 15, 32 JArbSchG) -------------------------------------------------------------------


def minor(**overrides):
    values = {
        "apprentice_birth_date": date(2009, 9, 1),  # 16 at the start
        "guardian1_name": "Petra Lehrling",
        "medical_certificate_confirmed": True,
        "medical_exam_date": date(2026, 3, 1),
        "holiday": [11, 23, 21, 20],
    }
    return build(**(values | overrides))


def test_a_minor_at_the_start_with_guardian_and_examination_passes():
    assert error_codes(minor()) == []


def test_a_minor_needs_a_guardian_and_the_medical_examination():
    assert "guardian_missing" in error_codes(minor(guardian1_name=""))
    assert "medical_certificate" in error_codes(minor(medical_certificate_confirmed=False))
    # Of age the day before the start: nothing of this is asked.
    assert error_codes(build(apprentice_birth_date=date(2008, 7, 31))) == []
    assert "guardian_missing" in error_codes(minor(apprentice_birth_date=date(2008, 8, 2), guardian1_name=""))


@pytest.mark.parametrize(
    "exam, code",
    [
        (date(2025, 6, 1), None),  # exactly 14 months before the start
        (date(2025, 5, 31), "medical_exam_too_old"),
        (date(2026, 8, 1), None),
        (date(2026, 8, 2), "medical_exam_after_start"),
    ],
)
def test_the_initial_examination_lies_within_14_months_before_the_start(exam, code):
    found = [c for c in error_codes(minor(medical_exam_date=exam)) if c.startswith("medical_exam")]
    assert found == ([code] if code else [])


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"weekly_hours": Decimal("40")}, None),
        ({"weekly_hours": Decimal("40.5")}, "weekly_hours_minor"),
        ({"daily_hours": Decimal("8.5"), "weekly_hours": Decimal("40")}, None),
        ({"daily_hours": Decimal("8.75")}, "daily_hours_minor"),
        ({"days_per_week": 6, "holiday": [13, 28, 25, 24]}, "days_per_week_minor"),
    ],
)
def test_training_time_of_a_minor(changes, code):
    found = [c for c in error_codes(minor(**changes)) if c.endswith("_minor")]
    assert found == ([code] if code else [])


def test_training_time_of_an_adult():
    assert (
        error_codes(
            build(daily_hours=Decimal("10"), weekly_hours=Decimal("48"), days_per_week=6, holiday=[10, 24, 24, 24])
        )
        == []
    )
    assert "weekly_hours_adult" in error_codes(build(weekly_hours=Decimal("48.5")))
    assert "daily_hours_adult" in error_codes(build(daily_hours=Decimal("10.25")))


# --- completeness and parties ------------------------------------------------------------------------


def test_an_empty_draft_lists_what_is_missing():
    empty = ApprenticeshipContract(business=BusinessFactory())
    missing = {f.field for f in rules.check_complete(empty) if f.code == "missing"}
    assert missing == set(rules.REQUIRED_FIELDS)
    assert all(f.message.startswith("Bitte") for f in rules.check_complete(empty))


def test_an_inactive_occupation_must_be_replaced():
    retired = occupation("Glaser/in")
    retired.is_active = False
    assert "occupation_inactive" in error_codes(build(occupation=retired))


def test_messages_are_german_and_name_the_law():
    [finding] = [f for f in rules.findings_of(rules.run_checks(build(probation_months=5), remuneration_table=TABLE))]
    assert finding.message == "Die Probezeit muss mindestens 1 und höchstens 4 Monate betragen (§ 20 BBiG)."
    assert finding.field == "probation_months"
