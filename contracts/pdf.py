"""The contract's PDFs (German, with the chamber's name, text extractable): the Berufsausbildungsvertrag, the
Antrag auf Eintragung in die Lehrlingsrolle and the chamber's Eintragungsbestätigung."""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from . import document, rules
from .document import Section, day
from .models import ApprenticeshipContract

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontName="Helvetica", fontSize=9.5, leading=12.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
HEADING = ParagraphStyle(
    "heading", parent=BODY, fontName="Helvetica-Bold", fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=3
)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=2)
CHAMBER = ParagraphStyle(
    "chamber", parent=BODY, fontName="Helvetica-Bold", fontSize=11, textColor=colors.HexColor("#a4121a")
)
RIGHT = ParagraphStyle("right", parent=SMALL, alignment=TA_RIGHT)
DRAFT = "ENTWURF – nicht zur Unterschrift"


def _escape(text: str) -> str:
    """Paragraph text is reportlab's mini markup: everything typed by people is escaped."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(_escape(text), style)


def _table(rows: list[list[str]], widths: list[float], *, header: bool = False) -> Table:
    data = [[_p(cell, BODY) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]
    table.setStyle(TableStyle(style))
    return table


def _section(section: Section, width: float) -> list[Flowable]:
    parts: list[Flowable] = [_p(section.title, HEADING)]
    if section.rows:
        parts.append(_table([[label, value] for label, value in section.rows], [width * 0.38, width * 0.62]))
    if section.table:
        header, rows = section.table
        if rows:
            parts.append(_table([header, *rows], [width * 0.38, width * 0.62], header=True))
    for paragraph in section.paragraphs:
        parts += [Spacer(1, 2 * mm), _p(paragraph)]
    return [KeepTogether(parts)]


def _build(title: str, story: list[Flowable], *, reference: str, mark: str = "") -> bytes:
    buffer = io.BytesIO()
    chamber = document.chamber_name()

    def page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(20 * mm, 12 * mm, f"{chamber} · {title} · {reference}")
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Seite {doc.page}")
        if mark:
            canvas.setFont("Helvetica-Bold", 9)
            canvas.setFillColor(colors.HexColor("#a4121a"))
            canvas.drawRightString(A4[0] - 20 * mm, A4[1] - 12 * mm, mark)
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=chamber,
        subject=reference,
        lang="de-DE",
    )
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()


def _head(title: str, subtitle: str, reference: str) -> list[Flowable]:
    return [
        _p(document.chamber_name(), CHAMBER),
        Spacer(1, 3 * mm),
        _p(title, TITLE),
        _p(subtitle, SMALL),
        _p(f"Vertragsnummer {reference}", SMALL),
        Spacer(1, 2 * mm),
    ]


def _signatures(contract: ApprenticeshipContract, width: float) -> list[Flowable]:
    people = ["Ausbildender", "Auszubildende/r"] + [
        f"Gesetzliche/r Vertreter/in ({guardian['name']})" for guardian in contract.guardians()
    ]
    rows = [["Ort, Datum", "Unterschrift"]] + [[f"\n\n{person}", "\n\n"] for person in people]
    table = Table(
        [[_p(left, SMALL), _p(right, SMALL)] for left, right in rows],
        colWidths=[width * 0.45, width * 0.55],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle([("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    )
    return [Spacer(1, 6 * mm), KeepTogether([_p("Unterschriften", HEADING), table])]


def contract_pdf(contract: ApprenticeshipContract, *, for_confirmation: bool = False) -> bytes:
    """The Berufsausbildungsvertrag. Before the chamber has accepted it, marked as a draft; for a digital
    conclusion with the note on text form instead of signature lines."""
    width = A4[0] - 40 * mm
    reference = contract.reference or "–"
    story = _head(
        document.title(),
        "nach §§ 10, 11 Berufsbildungsgesetz (BBiG) und der Handwerksordnung (HwO)",
        reference,
    )
    for section in document.contract_sections(contract):
        story += _section(section, width)
    if for_confirmation:
        story += [
            Spacer(1, 5 * mm),
            _p(
                "Abschluss in Textform (§ 11 BBiG): Die Vertragsparteien bestätigen den Empfang dieser "
                "Vertragsniederschrift und ihr Einverständnis im Kundenportal der Kammer. Das Portal speichert, wer "
                "wann bestätigt hat, und den SHA-256-Prüfwert dieses Dokuments.",
                SMALL,
            ),
        ]
    else:
        story += _signatures(contract, width)
    accepted = contract.status not in (*ApprenticeshipContract.EDITABLE, "submitted", "in_review", "rejected")
    return _build(document.title(), story, reference=reference, mark="" if accepted else DRAFT)


def application_pdf(contract: ApprenticeshipContract) -> bytes:
    """Antrag auf Eintragung des Berufsausbildungsverhältnisses in die Lehrlingsrolle (§ 30 HwO, § 36 BBiG)."""
    width = A4[0] - 40 * mm
    reference = contract.reference or "–"
    title = "Antrag auf Eintragung in die Lehrlingsrolle"
    end = rules.computed_end(contract)
    story = _head(
        title,
        "Verzeichnis der Berufsausbildungsverhältnisse (§ 28 ff. HwO, § 34 ff. BBiG)",
        reference,
    )
    story += [
        _p(
            f"Der Ausbildungsbetrieb {contract.business.name} (Betriebsnummer {contract.business.number_display}) "
            "beantragt die Eintragung des folgenden Berufsausbildungsverhältnisses in die Lehrlingsrolle der "
            f"{document.chamber_name()}. Der unterzeichnete Berufsausbildungsvertrag ist beigefügt."
        ),
        Spacer(1, 3 * mm),
        _table(
            [
                ["Auszubildende/r", contract.apprentice_name or "–"],
                ["Geburtsdatum", day(contract.apprentice_birth_date)],
                ["Anschrift", contract.apprentice_address or "–"],
                ["Schulabschluss", contract.get_apprentice_school_qualification_display() or "–"],
                ["Ausbildungsberuf", contract.occupation.name if contract.occupation else "–"],
                ["Ausbildungsstätte", contract.site.name],
                ["Betriebsnummer der Bundesagentur für Arbeit", contract.ba_betriebsnummer or "–"],
                ["Beginn – Ende", f"{day(contract.start_date)} – {day(end)}"],
                ["Ausbilder/in", str(contract.trainer) if contract.trainer else "–"],
                [
                    "Minderjährig bei Beginn",
                    "ja – Bescheinigung über die Erstuntersuchung (§ 32 JArbSchG) liegt bei"
                    if rules.is_minor_at_start(contract)
                    else "nein",
                ],
            ],
            [width * 0.38, width * 0.62],
        ),
        Spacer(1, 8 * mm),
        _p(
            "Mit dem Antrag werden die Angaben zur Eintragung und zur Berufsbildungsstatistik (§ 88 BBiG) "
            "übermittelt. Die Kammer prüft die Eignung der Ausbildungsstätte und des Ausbildungspersonals.",
            SMALL,
        ),
        Spacer(1, 10 * mm),
        _table([["Ort, Datum", "Unterschrift des Ausbildenden"], ["\n\n", "\n\n"]], [width * 0.45, width * 0.55]),
    ]
    return _build(title, story, reference=reference)


def certificate_pdf(contract: ApprenticeshipContract) -> bytes:
    """The chamber's confirmation that the training relationship is registered, with the register number."""
    width = A4[0] - 40 * mm
    reference = contract.reference or "–"
    title = "Bestätigung der Eintragung in die Lehrlingsrolle"
    end = rules.computed_end(contract)
    registered = timezone.localtime(contract.registered_at or timezone.now()).date()
    story = _head(title, "Verzeichnis der Berufsausbildungsverhältnisse (§ 28 HwO)", reference)
    story += [
        _p(f"Datum: {day(registered)}", RIGHT),
        Spacer(1, 4 * mm),
        _p(
            "Das folgende Berufsausbildungsverhältnis ist in die Lehrlingsrolle der "
            f"{document.chamber_name()} eingetragen:"
        ),
        Spacer(1, 3 * mm),
        _table(
            [
                ["Registernummer", contract.register_number],
                ["Ausbildungsbetrieb", f"{contract.business.name} (Betriebsnummer {contract.business.number_display})"],
                ["Auszubildende/r", f"{contract.apprentice_name}, geboren am {day(contract.apprentice_birth_date)}"],
                ["Ausbildungsberuf", contract.occupation.name if contract.occupation else "–"],
                ["Ausbildungszeit", f"{day(contract.start_date)} bis {day(end)}"],
                ["Ausbilder/in", str(contract.trainer) if contract.trainer else "–"],
            ],
            [width * 0.38, width * 0.62],
        ),
        Spacer(1, 8 * mm),
        _p(
            "Bitte geben Sie bei Rückfragen und bei der Anmeldung zur Zwischen- und Gesellenprüfung die "
            "Registernummer an. Änderungen des Ausbildungsverhältnisses (Kündigung, Aufhebung, Wechsel des "
            "Ausbilders) melden Sie bitte im Kundenportal.",
            SMALL,
        ),
        Spacer(1, 8 * mm),
        _p(document.chamber_name(), BODY),
        _p("Abteilung Berufsbildung – Lehrlingsrolle", SMALL),
    ]
    return _build(title, story, reference=reference)
