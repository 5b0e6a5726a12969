"""The contract's text: one structure from which both the PDF and the HTML page are made.

The apprentice confirms what the page and the PDF show, so both must say the same: they are rendered from
the sections built here. The text is the German contract (a legal document of a German chamber), not UI
text, and is therefore not translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from . import rules
from .models import ApprenticeshipContract


@dataclass
class Section:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # label, value
    paragraphs: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list[str]]] | None = None  # header, rows


def euro(amount: Decimal | None) -> str:
    if amount is None:
        return "–"
    grouped = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{grouped} €"


def day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def _or_dash(value) -> str:
    return str(value) if value not in (None, "") else "–"


def _hours(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return format(value.quantize(Decimal("0.01")), "f").rstrip("0").rstrip(".").replace(".", ",")


def title() -> str:
    return "Berufsausbildungsvertrag"


def contract_sections(contract: ApprenticeshipContract) -> list[Section]:
    business = contract.business
    site = contract.training_site
    occupation = contract.occupation
    duration = rules.computed_duration(contract)
    end = rules.computed_end(contract)
    sections = [
        Section(
            "Ausbildender (Ausbildungsbetrieb)",
            rows=[
                ("Name", business.name),
                ("Anschrift", ", ".join(line for line in business.address_lines[1:]) or "–"),
                ("Betriebsnummer der Kammer", business.number_display),
                ("Betriebsnummer der Bundesagentur für Arbeit", _or_dash(contract.ba_betriebsnummer)),
                *(
                    [("Ausbildungsstätte", f"{site.name}, {', '.join(site.address_lines[1:])}")]
                    if site is not None and site.pk != business.pk
                    else []
                ),
            ],
        ),
        Section(
            "Auszubildende/r",
            rows=[
                ("Name", _or_dash(contract.apprentice_name)),
                ("Geburtsdatum", day(contract.apprentice_birth_date)),
                ("Anschrift", _or_dash(contract.apprentice_address)),
                ("Schulabschluss", _or_dash(contract.get_apprentice_school_qualification_display())),
                *([("E-Mail-Adresse", contract.apprentice_email)] if contract.apprentice_email else []),
            ],
        ),
    ]
    guardians = contract.guardians()
    if guardians:
        sections.append(
            Section(
                "Gesetzliche Vertreter",
                rows=[(person["name"], person["address"]) for person in guardians],
                paragraphs=(
                    [
                        "Die Bescheinigung über die Erstuntersuchung nach § 32 JArbSchG liegt vor"
                        + (
                            f" (Untersuchung am {day(contract.medical_exam_date)})."
                            if contract.medical_exam_date
                            else " oder wird vor Beginn der Ausbildung vorgelegt."
                        )
                    ]
                    if contract.medical_certificate_confirmed
                    else []
                ),
            )
        )
    sections.append(
        Section(
            "§ 1 Ausbildungsberuf, Ausbildungsdauer, Probezeit",
            rows=[
                ("Ausbildungsberuf", occupation.name if occupation else "–"),
                (
                    "Regelausbildungsdauer nach der Ausbildungsordnung",
                    f"{occupation.duration_months} Monate" if occupation else "–",
                ),
                (
                    "Form der Ausbildung",
                    "Teilzeit (§ 7a BBiG, § 27b HwO), Ausbildungszeit um "
                    f"{_or_dash(contract.part_time_reduction_percent)} % verkürzt"
                    if rules.is_part_time(contract)
                    else "Vollzeit",
                ),
                *(
                    [
                        (
                            "Verkürzung",
                            f"{contract.shortening_months} Monate ({contract.get_shortening_reason_display() or '–'}"
                            + (f": {contract.shortening_note}" if contract.shortening_note else "")
                            + ")",
                        )
                    ]
                    if contract.shortening_months
                    else []
                ),
                ("Ausbildungsdauer", f"{duration} Monate" if duration is not None else "–"),
                ("Beginn", day(contract.start_date)),
                ("Ende", day(end)),
                ("Probezeit", f"{contract.probation_months} Monate" if contract.probation_months else "–"),
            ],
            paragraphs=[
                "Die Ausbildung erfolgt nach der Ausbildungsordnung des Berufs und dem ihr beigefügten "
                "Ausbildungsrahmenplan, nach dem der Ausbildende einen betrieblichen Ausbildungsplan erstellt. "
                "Besteht der Auszubildende vor Ablauf der Ausbildungszeit die Abschluss- bzw. Gesellenprüfung, so "
                "endet das Ausbildungsverhältnis mit Bekanntgabe des Ergebnisses (§ 21 BBiG)."
            ],
        )
    )
    sections.append(
        Section(
            "§ 2 Ausbildungsstätte und Ausbildungsmaßnahmen außerhalb der Ausbildungsstätte",
            rows=[("Ausbildungsstätte", (site or business).name)],
            paragraphs=[contract.measures_outside.strip() or "Keine."],
        )
    )
    sections.append(
        Section(
            "§ 3 Ausbildungszeit",
            rows=[
                ("Regelmäßige tägliche Ausbildungszeit", f"{_hours(contract.daily_hours)} Stunden"),
                ("Regelmäßige wöchentliche Ausbildungszeit", f"{_hours(contract.weekly_hours)} Stunden"),
                ("Ausbildungstage je Woche", _or_dash(contract.days_per_week)),
            ],
            paragraphs=[
                "Eine über die vereinbarte regelmäßige tägliche Ausbildungszeit hinausgehende Beschäftigung ist "
                "besonders zu vergüten oder durch entsprechende Freizeit auszugleichen (§ 17 Abs. 7 BBiG)."
            ],
        )
    )
    amounts = contract.remuneration_amounts()
    years = rules.training_years(duration) if duration else len(amounts)
    sections.append(
        Section(
            "§ 4 Vergütung",
            table=(
                ["Ausbildungsjahr", "Monatliche Bruttovergütung"],
                [
                    [f"{year}. Ausbildungsjahr", euro(amounts[year - 1] if year - 1 < len(amounts) else None)]
                    for year in range(1, min(years, rules.MAX_TRAINING_YEARS) + 1)
                ],
            ),
            paragraphs=[
                "Die Vergütung wird für den laufenden Kalendermonat spätestens am letzten Arbeitstag des Monats "
                "gezahlt (§ 18 BBiG)."
                + (
                    " Der Ausbildende ist an einen Tarifvertrag über die Ausbildungsvergütung gebunden."
                    if contract.collective_agreement_binding
                    else ""
                )
            ],
        )
    )
    holiday = contract.holiday_days()
    calendar_years = rules.calendar_years(contract.start_date, end) if contract.start_date and end else []
    sections.append(
        Section(
            "§ 5 Urlaub",
            table=(
                ["Kalenderjahr", "Urlaub"],
                [
                    [str(year), f"{holiday[index]} Arbeitstage" if index < len(holiday) and holiday[index] else "–"]
                    for index, year in enumerate(calendar_years[: rules.MAX_CALENDAR_YEARS])
                ],
            ),
            paragraphs=[
                f"Arbeitstage bei {_or_dash(contract.days_per_week)} Ausbildungstagen je Woche. Der Urlaub soll "
                "in der Zeit der Berufsschulferien erteilt und genommen werden."
            ],
        )
    )
    trainer = contract.trainer
    sections.append(
        Section(
            "§ 6 Ausbilder/in und Ausbildungsnachweis",
            rows=[
                ("Ausbilder/in", str(trainer) if trainer else "–"),
                ("Form des Ausbildungsnachweises", _or_dash(contract.get_record_form_display())),
            ],
        )
    )
    sections.append(
        Section(
            "§ 7 Kündigung",
            paragraphs=[
                "Während der Probezeit kann das Ausbildungsverhältnis jederzeit ohne Einhalten einer "
                "Kündigungsfrist gekündigt werden. Nach der Probezeit kann es nur gekündigt werden aus einem "
                "wichtigen Grund ohne Einhalten einer Kündigungsfrist, oder von dem Auszubildenden mit einer "
                "Kündigungsfrist von vier Wochen, wenn er die Berufsausbildung aufgeben oder sich für eine andere "
                "Berufstätigkeit ausbilden lassen will. Die Kündigung muss schriftlich und in den Fällen nach der "
                "Probezeit unter Angabe der Kündigungsgründe erfolgen (§ 22 BBiG)."
            ],
        )
    )
    sections.append(
        Section(
            "§ 8 Tarifverträge, Betriebs- und Dienstvereinbarungen",
            paragraphs=[contract.collective_agreements.strip() or "Keine."],
        )
    )
    if contract.other_agreements.strip():
        sections.append(Section("§ 9 Sonstige Vereinbarungen", paragraphs=[contract.other_agreements.strip()]))
    return sections


def chamber_name() -> str:
    return settings.PORTAL_CHAMBER_NAME
