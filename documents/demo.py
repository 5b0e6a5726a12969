"""Demo Postfach for `make run`: documents in both directions for the demo business Elektro Mustermann."""

import hashlib
import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from businesses.models import Business

from .models import Department, Document, DocumentFile

DEMO_MARK = "[Demo] "


def _pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(title)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, 770, title)
    page.setFont("Helvetica", 11)
    for number, line in enumerate(lines):
        page.drawString(72, 730 - 18 * number, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _png() -> bytes:
    from PIL import Image, ImageDraw

    buffer = io.BytesIO()
    image = Image.new("RGB", (600, 400), (245, 245, 245))
    ImageDraw.Draw(image).text((40, 180), "Foto Gesellenstueck (Demo)", fill=(30, 30, 30))
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _document(*, business, department, direction, subject, note, files, sent_by, days_ago, read=False, done=False):
    sent_at = timezone.now() - timedelta(days=days_ago)
    document = Document.objects.create(
        business=business,
        direction=direction,
        department=department,
        subject=DEMO_MARK + subject,
        note=note,
        sent_by=sent_by,
        sent_by_name=sent_by.get_full_name() if sent_by else "",
        created_at=sent_at,
        file_count=len(files),
        total_bytes=sum(len(content) for _name, _kind, content in files),
        read_at=sent_at + timedelta(hours=3) if read else None,
        done_at=sent_at + timedelta(days=1) if done else None,
    )
    for name, kind, content in files:
        row = DocumentFile(
            document=document,
            original_name=name,
            kind=kind,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=sent_by,
            uploaded_at=sent_at,
        )
        row.file.save(name, ContentFile(content), save=False)
        row.save()
    return document


def load() -> list[tuple[str, str, str]]:
    business = Business.objects.filter(betriebsnummer="1234567", filialnummer="").first()
    if business is None or Document.objects.filter(business=business, subject__startswith=DEMO_MARK).exists():
        return []
    departments = {department.name: department for department in Department.objects.all()}
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    owner = User.objects.filter(email="betrieb@example.de").first()
    to_chamber, from_chamber = Document.Direction.TO_CHAMBER, Document.Direction.FROM_CHAMBER
    _document(
        business=business,
        department=departments["Prüfungswesen"],
        direction=to_chamber,
        subject="Anmeldung Gesellenprüfung – Unterlagen Lena Lehrling",
        note="Anbei die Anmeldung und ein Foto des Gesellenstücks.",
        files=[
            ("Anmeldung_Gesellenpruefung.pdf", "pdf", _pdf("Anmeldung zur Gesellenprüfung", ["Lena Lehrling"])),
            ("Gesellenstueck.png", "png", _png()),
        ],
        sent_by=owner,
        days_ago=12,
        read=True,
        done=True,
    )
    _document(
        business=business,
        department=departments["Prüfungswesen"],
        direction=from_chamber,
        subject="Zulassung zur Gesellenprüfung",
        note="",
        files=[
            (
                "Zulassung_Gesellenpruefung.pdf",
                "pdf",
                _pdf("Zulassung zur Gesellenprüfung", ["Lena Lehrling ist zur Prüfung am 12.06. zugelassen."]),
            )
        ],
        sent_by=staff,
        days_ago=10,
        read=True,
    )
    _document(
        business=business,
        department=departments["Lehrlingsrolle"],
        direction=from_chamber,
        subject="Eintragung des Ausbildungsvertrags",
        note="Der Ausbildungsvertrag wurde in die Lehrlingsrolle eingetragen.",
        files=[
            (
                "Eintragungsbestaetigung.pdf",
                "pdf",
                _pdf("Eintragungsbestätigung", ["Ausbildungsvertrag Elektroniker/in", "eingetragen am 02.09."]),
            )
        ],
        sent_by=staff,
        days_ago=2,
    )
    _document(
        business=business,
        department=departments["Handwerksrolle"],
        direction=to_chamber,
        subject="Neue Betriebsanschrift ab 1. Juli",
        note="Wir ziehen um, die Gewerbeummeldung liegt bei.",
        files=[("Gewerbeummeldung.pdf", "pdf", _pdf("Gewerbeummeldung", ["Neue Anschrift: Werkstattweg 7"]))],
        sent_by=owner,
        days_ago=1,
    )
    return [("–", "–", "Postfach: Dokumente in beiden Richtungen für Elektro Mustermann (Admin: Postfach → Dokumente)")]
