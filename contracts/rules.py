"""The legal rules of an apprenticeship contract, each in one place.

Pure functions of the contract's data (an `ApprenticeshipContract`, saved or not, with its occupation and
trainer attached) and of the minimum-remuneration table; no database access of their own. Used by

- the contract form, which shows each finding at its field,
- the submit service: only a contract without errors can be submitted (a draft may be saved as it is),
- the chamber's review page, which shows every check's result side by side,
- the live preview while a business types (`calculation`, through a JSON view the form's script calls).

Sources: §§ 5, 7a, 8, 11, 17, 20 BBiG (for the Handwerk §§ 27b, 27c HwO have the same content as §§ 7a, 8),
§§ 8, 15, 19, 32 JArbSchG, §§ 3, 4, 5 BUrlG, § 3 ArbZG, §§ 187, 188 BGB.

A finding is an error (the contract cannot be submitted) or a warning (the chamber looks at it; e.g. a
remuneration below the statutory minimum under a binding collective agreement, which § 17 Abs. 3 BBiG
allows).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ERROR = "error"
WARNING = "warning"

PROBATION_MONTHS = (1, 4)  # § 20 BBiG
PART_TIME_MAX_REDUCTION = 50  # § 7a Abs. 1 BBiG, § 27b HwO: at most half of the daily or weekly time
PART_TIME_MAX_FACTOR = Decimal("1.5")  # § 7a Abs. 2 BBiG: at most 1.5 × the regular duration
MEDICAL_EXAM_VALID_MONTHS = 14  # § 32 Abs. 1 JArbSchG
ADULT_AGE = 18
# Shortening (§ 8 BBiG, § 27c HwO): the remaining duration should not fall below these (recommendation of
# the BIBB main board, no. 129), by regular duration in months.
SHORTENING_GUIDELINE = {24: 12, 36: 18, 42: 24}
MAX_TRAINING_YEARS = 6  # 42 months part-time at most × 1.5 = 63 months
MAX_CALENDAR_YEARS = 7


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    field: str | None = None
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# --- dates -------------------------------------------------------------------------------------------


def _add_months(day: date, months: int) -> tuple[int, int, bool]:
    """(year, month, has_same_day) of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return year, month + 1, day.day <= calendar.monthrange(year, month + 1)[1]


def training_end(start: date, months: int) -> date:
    """The last day of a period of `months` months that begins on `start` (§§ 187 Abs. 2, 188 Abs. 2 and 3 BGB):
    the day before the day with the start's number in the last month — or that month's last day when the month
    has no such day. 1 Aug 2026 + 36 months → 31 Jul 2029; 31 Jan 2026 + 1 month → 28 Feb 2026."""
    year, month, has_day = _add_months(start, months)
    if not has_day:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date.fromordinal(date(year, month, start.day).toordinal() - 1)


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day where it has no such day)."""
    year, month, has_day = _add_months(day, -months)
    return date(year, month, day.day if has_day else calendar.monthrange(year, month)[1])


def full_months(first: date, last: date) -> int:
    """How many whole months, counted from `first`, lie within first … last (§ 5 BUrlG: 1/12 per full month)."""
    count = 0
    while count < 24 and training_end(first, count + 1) <= last:
        count += 1
    return count


def age_on(birth_date: date, day: date) -> int:
    """Completed years of life on `day`. A person is a year older from the beginning of the birthday (§ 187
    Abs. 2 S. 2 BGB): someone born on 1 January is already 16 at the start of the year of the 16th birthday."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# --- duration ------------------------------------------------------------------------------------------


def part_time_cap(regular_months: int) -> int:
    """The longest a part-time training may last: 1.5 × the regular duration, in whole months rounded down."""
    return int(regular_months * PART_TIME_MAX_FACTOR)


def training_duration(
    *, regular_months: int, shortening_months: int = 0, part_time_reduction: int | None = None
) -> int:
    """The contract's duration in months: the regular duration of the training regulation less a shortening
    (§ 8 BBiG); in part-time extended in proportion to the reduced time, rounded down to whole months and at
    most 1.5 × the regular duration (§ 7a Abs. 2 BBiG, § 27b HwO).

    36 months at 25 % less time → 48 months; 36 months at 50 % less → 72, capped at 54."""
    months = regular_months - (shortening_months or 0)
    if part_time_reduction:
        reduction = min(max(part_time_reduction, 0), 99)
        months = min(months * 100 // (100 - reduction), part_time_cap(regular_months))
    return months


def training_years(duration_months: int) -> int:
    """Training years (12-month periods from the start) of a training of this duration; the last may be short."""
    return max(0, -(-duration_months // 12))


# --- § 17 BBiG: minimum remuneration ----------------------------------------------------------------


@dataclass(frozen=True)
class RemunerationMinimum:
    amount: Decimal
    start_year_used: int  # the table's year applied; differs from the start year when that year is not stored
    exact_year: bool


def minimum_remuneration(
    *,
    start: date,
    training_year: int,
    table: Mapping[int, Sequence[Decimal]],
    part_time_reduction: int | None = None,
) -> RemunerationMinimum | None:
    """The monthly minimum remuneration (§ 17 Abs. 2 BBiG) for `training_year` (1, 2, …) of a training that
    begins on `start`: fixed by the year the training BEGINS, for all its years (start 2026: 724, 854, 977,
    1 014 €); from the fourth year on the fourth year's amount.

    `table` maps a start year to its four amounts (staff maintain it). A start year after the last one stored
    uses the last one as a lower bound (the amounts only ever rise); before the first one there is no
    minimum to check (None).

    Part-time (§ 17 Abs. 5 BBiG): the remuneration may be lower by at most the percentage by which the time is
    reduced — the minimum times (100 − reduction) %, rounded up to the cent (any amount below it would be a
    larger cut than the time's)."""
    if not table or training_year < 1:
        return None
    year = start.year
    exact = year in table
    if not exact:
        earlier = [stored for stored in table if stored < year]
        if not earlier:
            return None
        year = max(earlier)
    amounts = table[year]
    amount = Decimal(amounts[min(training_year, len(amounts)) - 1])
    if part_time_reduction:
        amount = (amount * (100 - part_time_reduction) / 100).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    return RemunerationMinimum(amount=amount, start_year_used=year, exact_year=exact)


# --- holiday: § 19 JArbSchG, §§ 3, 5 BUrlG -------------------------------------------------------------


@dataclass(frozen=True)
class HolidayMinimum:
    year: int
    days: int  # whole days at the contract's days per week: what the contract must give at least
    exact: Decimal  # the legal minimum before rounding up
    werktage: int  # the annual minimum in Werktage (6-day week): 30, 27, 25 or 24
    law: str
    months: int  # 12, or the full months of a year the training covers only in part (§ 5 BUrlG)
    age: int  # age at the beginning of the calendar year


def annual_holiday_werktage(age_at_new_year: int) -> tuple[int, str]:
    """The annual minimum in Werktage for the age at the beginning of the calendar year: § 19 Abs. 2 JArbSchG
    30 below 16, 27 below 17, 25 below 18; otherwise § 3 Abs. 1 BUrlG 24 Werktage."""
    if age_at_new_year < 16:
        return 30, "§ 19 JArbSchG"
    if age_at_new_year < 17:
        return 27, "§ 19 JArbSchG"
    if age_at_new_year < ADULT_AGE:
        return 25, "§ 19 JArbSchG"
    return 24, "§ 3 BUrlG"


def holiday_minimum(
    *, birth_date: date, year: int, days_per_week: int, training_start: date, training_end: date
) -> HolidayMinimum | None:
    """The least holiday the contract must give in calendar `year`, in days at `days_per_week` working days.

    - The age counts at the beginning of the calendar year (§ 19 Abs. 2 JArbSchG), whatever birthday follows.
    - Werktage are six a week: at a 5-day week 24 Werktage are 20 days, 30 are 25 (§ 3 BUrlG, BAG).
    - The year training begins: the full entitlement only if the six-month waiting period (§ 4 BUrlG) ends
      within that year; otherwise 1/12 per full month (§ 5 Abs. 1 a). The year it ends: 1/12 per full month
      if it ends in the first half (§ 5 Abs. 1 c), the full entitlement if it ends on 1 July or later.
    - Fractions are owed, not dropped (§ 5 Abs. 2 BUrlG rounds half days up; smaller parts stay due): in whole
      days that is the next whole day.
    None for a year the training does not cover."""
    if not training_start.year <= year <= training_end.year or not 1 <= days_per_week <= 6:
        return None
    age = age_on(birth_date, date(year, 1, 1))
    werktage, law = annual_holiday_werktage(age)
    months = 12
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    if year == training_start.year == training_end.year:
        months = full_months(training_start, training_end)
    elif year == training_start.year:
        if training_end_of_waiting(training_start) > year_end:
            months = full_months(training_start, year_end)
    elif year == training_end.year and training_end < date(year, 7, 1):
        months = full_months(year_start, training_end)
    exact = Decimal(werktage) * days_per_week / 6 * months / 12
    days = int(exact.to_integral_value(rounding=ROUND_CEILING))
    return HolidayMinimum(
        year=year,
        days=days,
        exact=exact.quantize(Decimal("0.01")),
        werktage=werktage,
        law=law,
        months=months,
        age=age,
    )


def training_end_of_waiting(start: date) -> date:
    """Last day of the six-month waiting period (§ 4 BUrlG) of an employment beginning on `start`."""
    return training_end(start, 6)


def calendar_years(start: date, end: date) -> list[int]:
    return list(range(start.year, end.year + 1)) if end >= start else []


# --- the contract's computed values ----------------------------------------------------------------


def is_part_time(contract) -> bool:
    return contract.training_form == "part_time"


def computed_duration(contract) -> int | None:
    if contract.occupation_id is None or contract.occupation is None:
        return None
    return training_duration(
        regular_months=contract.occupation.duration_months,
        shortening_months=contract.shortening_months or 0,
        part_time_reduction=contract.part_time_reduction_percent if is_part_time(contract) else None,
    )


def computed_end(contract) -> date | None:
    duration = computed_duration(contract)
    if contract.start_date is None or duration is None:
        return None
    return training_end(contract.start_date, duration)


def is_minor_at_start(contract) -> bool | None:
    if contract.apprentice_birth_date is None or contract.start_date is None:
        return None
    return age_on(contract.apprentice_birth_date, contract.start_date) < ADULT_AGE


# --- the checks ------------------------------------------------------------------------------------------


def _euro(amount: Decimal) -> str:
    return f"{number_format(amount, 2, force_grouping=True)} €"


def _date(day: date) -> str:
    return date_format(day, "d.m.Y")


REQUIRED_FIELDS = [
    "ba_betriebsnummer",
    "apprentice_first_name",
    "apprentice_last_name",
    "apprentice_birth_date",
    "apprentice_street",
    "apprentice_postal_code",
    "apprentice_city",
    "apprentice_school_qualification",
    "occupation",
    "training_site",
    "start_date",
    "probation_months",
    "daily_hours",
    "weekly_hours",
    "days_per_week",
    "trainer",
    "record_form",
]


def check_complete(contract, **_context) -> list[Finding]:
    """The contents § 11 Abs. 1 BBiG requires, and the parties' names and addresses."""
    findings = []
    for name in REQUIRED_FIELDS:
        value = getattr(contract, f"{name}_id" if name in ("occupation", "trainer", "training_site") else name)
        if value in (None, ""):
            label = contract._meta.get_field(name).verbose_name
            findings.append(
                Finding("missing", _("Please fill in “%(field)s”.") % {"field": _capfirst(label)}, field=name)
            )
    if contract.occupation_id and contract.occupation and not contract.occupation.is_active:
        findings.append(
            Finding(
                "occupation_inactive",
                _("The occupation “%(name)s” is no longer in the chamber's catalogue. Please choose another one.")
                % {"name": contract.occupation.name},
                field="occupation",
            )
        )
    return findings


def _capfirst(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def check_dates(contract, **_context) -> list[Finding]:
    """Start, duration and end (§ 11 Abs. 1 Nr. 2 BBiG): the end is computed and must lie after the start."""
    end = computed_end(contract)
    if contract.start_date is None or end is None:
        return []
    if end <= contract.start_date:
        return [
            Finding(
                "end_not_after_start",
                _("The training would end on %(end)s, not after its start on %(start)s. Please check the shortening.")
                % {"end": _date(end), "start": _date(contract.start_date)},
                field="shortening_months",
            )
        ]
    return []


def check_duration(contract, **_context) -> list[Finding]:
    """Shortening (§ 8 BBiG, § 27c HwO) and part-time (§ 7a BBiG, § 27b HwO)."""
    findings = []
    shortening = contract.shortening_months or 0
    if shortening < 0:
        findings.append(
            Finding("shortening_negative", _("A shortening cannot be negative."), field="shortening_months")
        )
    if shortening > 0 and not contract.shortening_reason:
        findings.append(
            Finding(
                "shortening_reason_missing",
                _("Please give the reason for the shortening (§ 8 BBiG)."),
                field="shortening_reason",
            )
        )
    occupation = contract.occupation if contract.occupation_id else None
    if occupation is not None and shortening > 0:
        regular = occupation.duration_months
        least = SHORTENING_GUIDELINE.get(regular, regular // 2)
        if regular - shortening < least:
            findings.append(
                Finding(
                    "shortening_below_guideline",
                    _(
                        "After the shortening, %(months)s months remain; for a training of %(regular)s months the "
                        "chamber normally requires at least %(least)s months. The chamber decides on the application."
                    )
                    % {"months": regular - shortening, "regular": regular, "least": least},
                    field="shortening_months",
                    severity=WARNING,
                )
            )
    if is_part_time(contract):
        reduction = contract.part_time_reduction_percent
        if reduction is None:
            findings.append(
                Finding(
                    "part_time_reduction_missing",
                    _("Please state by how many percent the training time is reduced in part-time."),
                    field="part_time_reduction_percent",
                )
            )
        elif not 1 <= reduction <= PART_TIME_MAX_REDUCTION:
            findings.append(
                Finding(
                    "part_time_reduction_range",
                    _(
                        "In part-time the daily or weekly training time may be reduced by at most %(max)s percent "
                        "(§ 7a BBiG, § 27b HwO); you entered %(value)s percent."
                    )
                    % {"max": PART_TIME_MAX_REDUCTION, "value": reduction},
                    field="part_time_reduction_percent",
                )
            )
        duration = computed_duration(contract)
        if occupation is not None and duration is not None and duration > part_time_cap(occupation.duration_months):
            findings.append(
                Finding(
                    "part_time_too_long",
                    _("A part-time training may last at most %(cap)s months (1.5 times the regular duration).")
                    % {"cap": part_time_cap(occupation.duration_months)},
                    field="part_time_reduction_percent",
                )
            )
    elif contract.part_time_reduction_percent:
        findings.append(
            Finding(
                "reduction_without_part_time",
                _(
                    "A reduction of the training time applies only to a part-time training. Please choose part-time "
                    "or clear the reduction."
                ),
                field="part_time_reduction_percent",
            )
        )
    return findings


def check_probation(contract, **_context) -> list[Finding]:
    """§ 20 BBiG: the probation period is at least one month and at most four months."""
    months = contract.probation_months
    if months is None:
        return []
    low, high = PROBATION_MONTHS
    if not low <= months <= high:
        return [
            Finding(
                "probation_range",
                _("The probation period must be at least %(low)s and at most %(high)s months (§ 20 BBiG).")
                % {"low": low, "high": high},
                field="probation_months",
            )
        ]
    return []


def check_minor(contract, **_context) -> list[Finding]:
    """A minor at the start: the legal guardians are parties (§ 11 BBiG), the initial medical examination
    (§ 32 JArbSchG) within the last 14 months before the start; not younger than 15 (§ 5 JArbSchG)."""
    minor = is_minor_at_start(contract)
    if not minor:
        return []
    findings = []
    age = age_on(contract.apprentice_birth_date, contract.start_date)
    if not contract.guardian1_name.strip():
        findings.append(
            Finding(
                "guardian_missing",
                _(
                    "The apprentice is %(age)s at the start of the training: please name the legal guardians "
                    "(usually both parents), who conclude the contract for a minor."
                )
                % {"age": age},
                field="guardian1_name",
            )
        )
    for number in (1, 2):
        name = getattr(contract, f"guardian{number}_name").strip()
        if name and not getattr(contract, f"guardian{number}_address").strip() and not contract.apprentice_street:
            findings.append(
                Finding(
                    "guardian_address_missing",
                    _("Please give the address of %(name)s.") % {"name": name},
                    field=f"guardian{number}_address",
                )
            )
    if not contract.medical_certificate_confirmed:
        findings.append(
            Finding(
                "medical_certificate",
                _(
                    "A minor may only begin the training with the certificate of the initial medical examination "
                    "(§ 32 JArbSchG). Please confirm that it is available or will be presented before the start."
                ),
                field="medical_certificate_confirmed",
            )
        )
    exam = contract.medical_exam_date
    if exam is not None:
        earliest = months_before(contract.start_date, MEDICAL_EXAM_VALID_MONTHS)
        if exam > contract.start_date:
            findings.append(
                Finding(
                    "medical_exam_after_start",
                    _("The initial medical examination must take place before the start of the training."),
                    field="medical_exam_date",
                )
            )
        elif exam < earliest:
            findings.append(
                Finding(
                    "medical_exam_too_old",
                    _(
                        "The initial medical examination must not be older than 14 months at the start of the "
                        "training (§ 32 JArbSchG): on or after %(earliest)s."
                    )
                    % {"earliest": _date(earliest)},
                    field="medical_exam_date",
                )
            )
    else:
        findings.append(
            Finding(
                "medical_exam_date_missing",
                _("The date of the initial medical examination has not been entered yet."),
                field="medical_exam_date",
                severity=WARNING,
            )
        )
    if age < 15:
        findings.append(
            Finding(
                "younger_than_15",
                _("The apprentice is younger than 15 at the start. Please check compulsory schooling (§ 5 JArbSchG)."),
                field="apprentice_birth_date",
                severity=WARNING,
            )
        )
    return findings


def check_training_time(contract, **_context) -> list[Finding]:
    """Daily and weekly training time: JArbSchG §§ 8, 15 for a minor (8 hours a day, 8.5 if other days of the
    week are shorter; 40 hours and 5 days a week), § 3 ArbZG otherwise (10 hours a day, 48 a week)."""
    findings = []
    daily, weekly, days = contract.daily_hours, contract.weekly_hours, contract.days_per_week
    if days is not None and not 1 <= days <= 6:
        findings.append(
            Finding("days_per_week_range", _("Training takes place on 1 to 6 days a week."), field="days_per_week")
        )
    minor = is_minor_at_start(contract)
    if minor:
        if daily is not None and daily > Decimal("8.5"):
            findings.append(
                Finding(
                    "daily_hours_minor",
                    _("A minor may be trained at most 8 hours a day (8.5 if other days are shorter; § 8 JArbSchG)."),
                    field="daily_hours",
                )
            )
        elif daily is not None and daily > 8:
            findings.append(
                Finding(
                    "daily_hours_minor_compensated",
                    _("More than 8 hours a day are allowed for a minor only if other days of the week are shorter."),
                    field="daily_hours",
                    severity=WARNING,
                )
            )
        if weekly is not None and weekly > 40:
            findings.append(
                Finding(
                    "weekly_hours_minor",
                    _("A minor may be trained at most 40 hours a week (§ 8 JArbSchG)."),
                    field="weekly_hours",
                )
            )
        if days is not None and days > 5:
            findings.append(
                Finding(
                    "days_per_week_minor",
                    _("A minor may be trained on at most 5 days a week (§ 15 JArbSchG)."),
                    field="days_per_week",
                )
            )
    else:
        if daily is not None and daily > 10:
            findings.append(
                Finding(
                    "daily_hours_adult",
                    _("The training time may not exceed 10 hours a day (§ 3 ArbZG)."),
                    field="daily_hours",
                )
            )
        if weekly is not None and weekly > 48:
            findings.append(
                Finding(
                    "weekly_hours_adult",
                    _("The training time may not exceed 48 hours a week (§ 3 ArbZG)."),
                    field="weekly_hours",
                )
            )
    if daily is not None and daily <= 0:
        findings.append(Finding("daily_hours_zero", _("Please enter the daily training time."), field="daily_hours"))
    if weekly is not None and weekly <= 0:
        findings.append(Finding("weekly_hours_zero", _("Please enter the weekly training time."), field="weekly_hours"))
    return findings


def check_remuneration(contract, *, remuneration_table: Mapping[int, Sequence[Decimal]], **_context) -> list[Finding]:
    """§ 17 BBiG: a remuneration for every training year, none below the minimum for the start year (in part-time
    reduced at most in proportion to the time, § 17 Abs. 5). A binding collective agreement may set less
    (§ 17 Abs. 3): then a warning for the chamber instead of an error."""
    duration = computed_duration(contract)
    if contract.start_date is None or duration is None or duration <= 0:
        return []
    findings = []
    amounts = contract.remuneration_amounts()
    reduction = contract.part_time_reduction_percent if is_part_time(contract) else None
    for year in range(1, min(training_years(duration), MAX_TRAINING_YEARS) + 1):
        amount = amounts[year - 1] if year - 1 < len(amounts) else None
        name = f"remuneration_{year}"
        if amount is None:
            findings.append(
                Finding(
                    "remuneration_missing",
                    _("Please enter the monthly remuneration for training year %(year)s.") % {"year": year},
                    field=name,
                )
            )
            continue
        minimum = minimum_remuneration(
            start=contract.start_date, training_year=year, table=remuneration_table, part_time_reduction=reduction
        )
        if minimum is None:
            if year == 1:
                findings.append(
                    Finding(
                        "remuneration_minimum_unknown",
                        _("No statutory minimum remuneration is stored for a start in %(year)s; the chamber checks it.")
                        % {"year": contract.start_date.year},
                        field=name,
                        severity=WARNING,
                    )
                )
            continue
        if amount < minimum.amount:
            values = {"year": year, "amount": _euro(amount), "minimum": _euro(minimum.amount)}
            if contract.collective_agreement_binding:
                findings.append(
                    Finding(
                        "remuneration_below_minimum_collective",
                        _(
                            "Training year %(year)s: %(amount)s is below the statutory minimum of %(minimum)s. "
                            "Allowed only under a binding collective agreement (§ 17 Abs. 3 BBiG); the chamber "
                            "checks it."
                        )
                        % values,
                        field=name,
                        severity=WARNING,
                    )
                )
            elif reduction:
                findings.append(
                    Finding(
                        "remuneration_below_minimum",
                        _(
                            "Training year %(year)s: %(amount)s is below the minimum of %(minimum)s (§ 17 BBiG; in "
                            "part-time at most reduced like the training time)."
                        )
                        % values,
                        field=name,
                    )
                )
            else:
                findings.append(
                    Finding(
                        "remuneration_below_minimum",
                        _(
                            "Training year %(year)s: %(amount)s is below the statutory minimum of %(minimum)s "
                            "(§ 17 BBiG)."
                        )
                        % values,
                        field=name,
                    )
                )
        if not minimum.exact_year and year == 1:
            findings.append(
                Finding(
                    "remuneration_minimum_year_missing",
                    _(
                        "No minimum remuneration is stored yet for a start in %(year)s; checked against the amounts "
                        "for %(used)s. The chamber checks it."
                    )
                    % {"year": contract.start_date.year, "used": minimum.start_year_used},
                    field=name,
                    severity=WARNING,
                )
            )
    for year in range(training_years(duration) + 1, len(amounts) + 1):
        if amounts[year - 1] is not None:
            findings.append(
                Finding(
                    "remuneration_extra_year",
                    _("The training has only %(years)s training years; please clear the amount for year %(year)s.")
                    % {"years": training_years(duration), "year": year},
                    field=f"remuneration_{year}",
                )
            )
    return findings


def check_holiday(contract, **_context) -> list[Finding]:
    """Holiday for every calendar year the training covers, at least the legal minimum (§ 19 JArbSchG by the
    age at the beginning of the calendar year, § 3 BUrlG otherwise; partial years per § 5 BUrlG)."""
    end = computed_end(contract)
    if (
        contract.start_date is None
        or end is None
        or end <= contract.start_date
        or contract.apprentice_birth_date is None
        or not contract.days_per_week
        or not 1 <= contract.days_per_week <= 6
    ):
        return []
    findings = []
    days = contract.holiday_days()
    years = calendar_years(contract.start_date, end)
    for index, year in enumerate(years[:MAX_CALENDAR_YEARS]):
        name = f"holiday_{index + 1}"
        entered = days[index] if index < len(days) else None
        minimum = holiday_minimum(
            birth_date=contract.apprentice_birth_date,
            year=year,
            days_per_week=contract.days_per_week,
            training_start=contract.start_date,
            training_end=end,
        )
        if entered is None:
            findings.append(
                Finding(
                    "holiday_missing",
                    _("Please enter the holiday for %(year)s (at least %(days)s days).")
                    % {"year": year, "days": minimum.days},
                    field=name,
                )
            )
        elif entered < minimum.days:
            findings.append(
                Finding(
                    "holiday_below_minimum",
                    _(
                        "%(year)s: %(entered)s days are less than the legal minimum of %(days)s days "
                        "(%(law)s: %(werktage)s Werktage a year at age %(age)s on 1 January%(share)s, at %(week)s "
                        "days a week)."
                    )
                    % {
                        "year": year,
                        "entered": entered,
                        "days": minimum.days,
                        "law": minimum.law,
                        "werktage": minimum.werktage,
                        "age": minimum.age,
                        "share": (_(", %(months)s/12 for the part of the year") % {"months": minimum.months})
                        if minimum.months < 12
                        else "",
                        "week": contract.days_per_week,
                    },
                    field=name,
                )
            )
    for index in range(len(years), len(days)):
        if days[index] is not None:
            findings.append(
                Finding(
                    "holiday_extra_year",
                    _("The training ends in %(year)s; please clear the holiday for later years.") % {"year": years[-1]},
                    field=f"holiday_{index + 1}",
                )
            )
    return findings


def check_parties(contract, **_context) -> list[Finding]:
    """The training site is the business or one of its branches; the trainer is registered for one of them and
    still active."""
    findings = []
    site = contract.training_site if contract.training_site_id else None
    if site is not None and site.pk != contract.business_id and site.main_business_id != contract.business_id:
        findings.append(
            Finding(
                "training_site_foreign",
                _("The training site must be your business or one of its branches."),
                field="training_site",
            )
        )
    trainer = contract.trainer if contract.trainer_id else None
    if trainer is not None:
        if trainer.business_id not in {contract.business_id, contract.training_site_id}:
            findings.append(
                Finding(
                    "trainer_foreign",
                    _("The trainer must be registered with the chamber for your business or the training site."),
                    field="trainer",
                )
            )
        elif not trainer.is_active:
            findings.append(
                Finding(
                    "trainer_inactive",
                    _("%(name)s is no longer registered as trainer. Please choose another trainer.")
                    % {"name": trainer.full_name},
                    field="trainer",
                )
            )
    return findings


@dataclass(frozen=True)
class Check:
    key: str
    title: Promise
    run: Callable[..., list[Finding]]


CHECKS: list[Check] = [
    Check("complete", gettext_lazy("Required contents (§ 11 BBiG)"), check_complete),
    Check("parties", gettext_lazy("Training site and trainer"), check_parties),
    Check("dates", gettext_lazy("Start, duration and end"), check_dates),
    Check("duration", gettext_lazy("Shortening and part-time (§§ 7a, 8 BBiG)"), check_duration),
    Check("probation", gettext_lazy("Probation period (§ 20 BBiG)"), check_probation),
    Check("minor", gettext_lazy("Minors: guardians, medical examination (§ 32 JArbSchG)"), check_minor),
    Check("training_time", gettext_lazy("Training time (JArbSchG, ArbZG)"), check_training_time),
    Check("remuneration", gettext_lazy("Minimum remuneration (§ 17 BBiG)"), check_remuneration),
    Check("holiday", gettext_lazy("Holiday (§ 19 JArbSchG, BUrlG)"), check_holiday),
]


@dataclass
class CheckResult:
    check: Check
    findings: list[Finding] = field(default_factory=list)

    @property
    def state(self) -> str:
        if any(finding.is_error for finding in self.findings):
            return ERROR
        return WARNING if self.findings else "ok"


def run_checks(contract, *, remuneration_table: Mapping[int, Sequence[Decimal]]) -> list[CheckResult]:
    """Every check's result, in the order of CHECKS."""
    return [CheckResult(check, check.run(contract, remuneration_table=remuneration_table)) for check in CHECKS]


def findings_of(results: list[CheckResult]) -> list[Finding]:
    return [finding for result in results for finding in result.findings]


# --- what the form shows while typing -------------------------------------------------------------------


def calculation(
    *,
    regular_months: int | None,
    start: date | None,
    shortening_months: int = 0,
    part_time_reduction: int | None = None,
    birth_date: date | None = None,
    days_per_week: int | None = None,
    remuneration_table: Mapping[int, Sequence[Decimal]],
) -> dict:
    """Duration, end, the minimum remuneration per training year and the minimum holiday per calendar year, as
    the form's script shows them (and the page without script, from the saved draft)."""
    result: dict = {"duration_months": None, "end": None, "minor": None, "years": [], "holiday": []}
    if regular_months is None:
        return result
    duration = training_duration(
        regular_months=regular_months, shortening_months=shortening_months, part_time_reduction=part_time_reduction
    )
    result["duration_months"] = duration
    result["regular_months"] = regular_months
    if start is None or duration <= 0:
        return result
    end = training_end(start, duration)
    result["end"] = end
    if birth_date is not None:
        result["minor"] = age_on(birth_date, start) < ADULT_AGE
        result["age_at_start"] = age_on(birth_date, start)
    for year in range(1, min(training_years(duration), MAX_TRAINING_YEARS) + 1):
        minimum = minimum_remuneration(
            start=start, training_year=year, table=remuneration_table, part_time_reduction=part_time_reduction
        )
        result["years"].append(
            {
                "year": year,
                "from": training_end(start, (year - 1) * 12) if year > 1 else start,
                "minimum": minimum.amount if minimum else None,
            }
        )
    # The first day of year k is the day after the end of k−1 years.
    for entry in result["years"][1:]:
        entry["from"] = date.fromordinal(entry["from"].toordinal() + 1)
    if birth_date is not None and days_per_week and 1 <= days_per_week <= 6:
        for year in calendar_years(start, end)[:MAX_CALENDAR_YEARS]:
            minimum = holiday_minimum(
                birth_date=birth_date, year=year, days_per_week=days_per_week, training_start=start, training_end=end
            )
            result["holiday"].append(
                {"year": year, "days": minimum.days, "werktage": minimum.werktage, "months": minimum.months}
            )
    else:
        result["holiday"] = [{"year": year, "days": None} for year in calendar_years(start, end)[:MAX_CALENDAR_YEARS]]
    return result
