"""The PIN letter (PDF, German) staff print and post to a business's address of record."""

import io

from django.conf import settings
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from .models import Business


def _paragraph(pdf: canvas.Canvas, text: str, x: float, y: float, width: float, size: int = 11) -> float:
    """Write `text` wrapped to `width`; returns the y below it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pdf.setFont("Helvetica", size)
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if stringWidth(candidate, "Helvetica", size) > width:
            pdf.drawString(x, y, line)
            y -= size * 1.45
            line = word
        else:
            line = candidate
    if line:
        pdf.drawString(x, y, line)
        y -= size * 1.45
    return y - size * 0.6


def pin_letters_pdf(letters: list[tuple[Business, dict]]) -> bytes:
    """One page per business; each context comes from services.pin_letter_context (holds the clear PIN)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("PIN-Brief")
    pdf.setAuthor(settings.PORTAL_CHAMBER_NAME)
    width, height = A4
    left, text_width = 25 * mm, width - 45 * mm
    for business, context in letters:
        pdf.setFont("Helvetica-Bold", 13)
        pdf.drawString(left, height - 25 * mm, settings.PORTAL_CHAMBER_NAME)
        pdf.setFont("Helvetica", 8)
        pdf.drawString(left, height - 45 * mm, f"{settings.PORTAL_CHAMBER_NAME} · Kundenportal")
        y = height - 52 * mm
        pdf.setFont("Helvetica", 11)
        for line in business.address_lines:
            pdf.drawString(left, y, line)
            y -= 5 * mm
        pdf.drawRightString(width - 20 * mm, height - 95 * mm, timezone.localdate().strftime("%d.%m.%Y"))
        y = height - 105 * mm
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(left, y, "Ihre PIN für das Kundenportal")
        y -= 10 * mm
        y = _paragraph(pdf, "Sehr geehrte Damen und Herren,", left, y, text_width)
        y = _paragraph(
            pdf,
            f"mit der folgenden einmaligen PIN verknüpft eine Person Ihres Betriebs {business.name} "
            f"(Betriebsnummer {business.number_display}) ihr persönliches Konto im Kundenportal mit dem Betrieb. "
            "Diese Person wird Administrator/in des Betriebs im Portal und kann Kolleginnen und Kollegen einladen.",
            left,
            y,
            text_width,
        )
        pdf.setFont("Helvetica-Bold", 22)
        pdf.drawString(left + 10 * mm, y - 6 * mm, f"PIN: {context['pin']}")
        y -= 18 * mm
        y = _paragraph(
            pdf,
            f"Die PIN ist {context['valid_days']} Tage gültig (bis {context['expires_at']:%d.%m.%Y}) "
            "und kann einmal verwendet werden. Groß- und Kleinschreibung sowie Bindestriche spielen keine Rolle.",
            left,
            y,
            text_width,
        )
        y = _paragraph(pdf, "So verknüpfen Sie Ihr Konto:", left, y, text_width)
        steps = [
            f"1. Melden Sie sich im Kundenportal an oder registrieren Sie sich: {context['signup_url']}",
            f"2. Öffnen Sie die Seite „Betrieb verknüpfen“: {context['link_url']}",
            f"3. Geben Sie die Betriebsnummer {business.betriebsnummer}"
            + (f" und die Filialnummer {business.filialnummer}" if business.filialnummer else "")
            + " sowie die PIN ein.",
        ]
        for step in steps:
            y = _paragraph(pdf, step, left + 5 * mm, y, text_width - 5 * mm)
        y = _paragraph(
            pdf,
            "Ihre Betriebsnummer finden Sie auf jedem Schreiben der Kammer, auf Ihrer Handwerkskarte und auf "
            "Ihrem Beitragsbescheid. Bitte geben Sie die PIN nur an Personen weiter, die für Ihren Betrieb "
            "handeln dürfen.",
            left,
            y,
            text_width,
        )
        y = _paragraph(pdf, "Mit freundlichen Grüßen", left, y - 3 * mm, text_width)
        _paragraph(pdf, settings.PORTAL_CHAMBER_NAME, left, y, text_width)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
