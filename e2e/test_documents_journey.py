"""Postfach: a business sends documents to the chamber with a progress bar, staff answer in the admin, the
business downloads the answer.

Screenshots of each step go to E2E_SCREENSHOTS (a directory) when it is set, else to the test's tmp_path.
"""

import os
import re
import time
from pathlib import Path

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from businesses.models import AuditEvent, Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from documents.models import Document, DocumentReceipt
from documents.tests.factories import DepartmentFactory
from documents.tests.samples import elf_bytes, ooxml_bytes, pdf_bytes
from e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _large_pdf(megabytes: int) -> bytes:
    """A PDF of some megabytes (a scan), so that sending it takes a moment."""
    body = pdf_bytes()
    return body[:-6] + os.urandom(megabytes * 1024 * 1024) + b"\n%%EOF\n"


def _log_in(page, email: str) -> None:
    page.get_by_label("E-Mail", exact=False).first.fill(email)
    page.get_by_role("textbox", name=re.compile(r"^Passwort")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_member_sends_with_progress_staff_reply_in_the_admin_member_downloads(
    page, browser, live_server, mailoutbox, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    screens = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path / "screens")
    screens.mkdir(parents=True, exist_ok=True)

    def shot(tab, name: str) -> None:
        tab.screenshot(path=str(screens / f"{name}.png"), full_page=True)

    business = BusinessFactory(name="Elektro Mustermann GmbH", betriebsnummer="1234567")
    owner = MembershipFactory(
        business=business,
        role=Membership.Role.ADMIN,
        user=UserFactory(email="max@elektro-mustermann.de", first_name="Max", last_name="Mustermann"),
    ).user
    staff = UserFactory(
        email="sabine@hwk-musterstadt.de", first_name="Sabine", last_name="Sachbearbeiter", is_staff=True
    )
    staff.is_superuser = True
    staff.save()
    staff_secret = pyotp.random_base32()
    TOTP.activate(staff, staff_secret)
    exams = DepartmentFactory(name="Prüfungswesen")  # the migration's departments are gone after a flush
    scan = _large_pdf(8)

    # Max opens the Postfach from the navigation; it asks him to log in first, then shows it empty.
    page.goto("/")
    page.goto("/postfach/")
    _log_in(page, owner.email)
    expect(page.get_by_role("heading", name="Postfach", exact=True)).to_be_visible()
    expect(page.get_by_text("Ihr Postfach ist leer")).to_be_visible()
    shot(page, "01-postfach-leer")
    assert_accessible(page, what="Postfach (leer)")

    page.get_by_role("link", name="Dokument an die Kammer senden").first.click()
    expect(page.get_by_role("heading", name="Dokument an die Kammer senden")).to_be_visible()
    page.get_by_label("Abteilung").select_option(label="Prüfungswesen")
    page.get_by_label("Betreff").fill("Anmeldung Gesellenprüfung Lena Lehrling")
    page.get_by_label("Nachricht").fill("Anbei die Anmeldung und der Ausbildungsnachweis.")

    # First try: one of the files is a program renamed to .pdf. The portal refuses it; what he typed and the
    # files he chose stay on the page.
    files = page.get_by_label("Dateien")
    files.set_input_files(
        files=[
            {"name": "Anmeldung.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
            {"name": "Nachweis.pdf", "mimeType": "application/pdf", "buffer": elf_bytes()},
        ]
    )
    expect(page.get_by_text("Anmeldung.pdf (")).to_be_visible()  # the chosen files are listed with their size
    page.get_by_role("button", name="Dokument senden").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Die Datei „Nachweis.pdf“ hat keinen hier angenommenen Dateityp")
    expect(alert).to_contain_text("Ihre Eingaben und die ausgewählten Dateien bleiben erhalten.")
    expect(page.get_by_label("Betreff")).to_have_value("Anmeldung Gesellenprüfung Lena Lehrling")
    assert not Document.objects.exists()
    shot(page, "02-datei-abgelehnt")
    assert_accessible(page, what="Dokument senden mit Fehlern")

    # Second try: the real scan (8 MB) and the schedule as a spreadsheet, over a slow line: the bar moves.
    files.set_input_files(
        files=[
            {"name": "Anmeldung Scan.pdf", "mimeType": "application/pdf", "buffer": scan},
            {"name": "Ausbildungsnachweis.xlsx", "mimeType": "application/octet-stream", "buffer": ooxml_bytes("xlsx")},
        ]
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 2 * 1024 * 1024},
    )
    page.get_by_role("button", name="Dokument senden").click()
    bar = page.locator("#upload-progress-bar")
    expect(bar).to_be_visible()
    seen = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        value, maximum = bar.evaluate("bar => [bar.value, bar.max]")
        if 0 < value < maximum:
            seen.append(value / maximum)
            if len(seen) == 3:
                shot(page, "03-fortschritt")
            if len(seen) > 5:
                break
        time.sleep(0.1)
    assert len(seen) > 5 and seen == sorted(seen), f"the bar did not move: {seen}"
    expect(page.get_by_role("status").filter(has_text="gesendet (")).to_contain_text("MB von")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )

    expect(page.get_by_text("Ihr Dokument wurde an die Kammer gesendet (Prüfungswesen).")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Anmeldung Gesellenprüfung Lena Lehrling")).to_be_visible()
    expect(page.get_by_text("Zugestellt, von der Kammer noch nicht gelesen")).to_be_visible()
    sent = Document.objects.get()
    assert [f.original_name for f in sent.files.order_by("pk")] == ["Anmeldung Scan.pdf", "Ausbildungsnachweis.xlsx"]
    assert sent.department == exams and sent.files.first().size == len(scan)
    shot(page, "04-gesendet")
    assert_accessible(page, what="gesendetes Dokument")

    # Sabine, at the chamber, finds it first in the inbox of the Prüfungswesen and answers it.
    staff_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    admin = staff_context.new_page()
    admin.set_default_timeout(10_000)
    # Staff log in with their authenticator app (the admin needs a second factor).
    admin.goto("/admin/documents/document/")
    admin.get_by_label("E-Mail-Adresse").fill(staff.email)
    admin.get_by_role("textbox", name=re.compile(r"^Passwort")).fill(DEFAULT_PASSWORD)
    admin.get_by_role("main").get_by_role("button", name="Anmelden", exact=True).click()
    expect(admin.get_by_role("heading", name="Anmeldung bestätigen")).to_be_visible()
    admin.get_by_role("textbox").first.fill(pyotp.TOTP(staff_secret).now())
    admin.get_by_role("main").get_by_role("button").first.click()
    expect(admin.get_by_role("link", name="Prüfungswesen (1 ungelesen)")).to_be_visible()
    shot(admin, "05-admin-posteingang")
    assert_accessible(admin, what="05-admin-posteingang")
    admin.get_by_role("link", name="Anmeldung Gesellenprüfung Lena Lehrling").click()
    expect(admin.get_by_role("link", name="Anmeldung Scan.pdf")).to_be_visible()
    admin.get_by_role("link", name="Dem Betrieb antworten").click()
    expect(admin.locator("#id_subject")).to_have_value("AW: Anmeldung Gesellenprüfung Lena Lehrling")
    admin.locator("#id_note").fill("Die Anmeldung ist vollständig. Anbei die Zulassung.")
    admin.locator("#id_files").set_input_files(
        files=[{"name": "Zulassung Gesellenprüfung.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    shot(admin, "06-admin-antwort")
    assert_accessible(admin, what="06-admin-antwort")
    admin.get_by_role("button", name="Dokument senden").click()
    expect(admin.get_by_text("Das Dokument wurde an Elektro Mustermann GmbH (1234567) gesendet.")).to_be_visible()
    shot(admin, "07-admin-gesendet")
    assert_accessible(admin, what="07-admin-gesendet")
    staff_context.close()

    reply = Document.objects.get(direction=Document.Direction.FROM_CHAMBER)
    sent.refresh_from_db()
    assert reply.in_reply_to == sent and sent.done_at is not None and sent.read_by == staff
    # Max gets a mail that says only that there is something new.
    mail = mailoutbox[-1]
    assert mail.to == [owner.email] and mail.subject == "Neues Dokument im Kundenportal"
    assert "Zulassung" not in mail.body and "Lena" not in mail.body

    # Back in the portal, the navigation counts one new document; the Postfach marks it.
    page.goto("/postfach/")
    expect(page.get_by_role("link", name=re.compile(r"Postfach\s*1 neue Dokumente"))).to_be_visible()
    row = page.get_by_role("row").filter(has_text="AW: Anmeldung Gesellenprüfung")
    expect(row.get_by_text("neu", exact=True)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="von der Kammer erledigt")).to_be_visible()
    shot(page, "08-postfach-neu")
    assert_accessible(page, what="Postfach mit neuem Dokument")
    row.get_by_role("link", name="AW: Anmeldung Gesellenprüfung Lena Lehrling").click()
    expect(page.get_by_text("Die Anmeldung ist vollständig. Anbei die Zulassung.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Zulassung Gesellenprüfung.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "Zulassung Gesellenprüfung.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == pdf_bytes()
    page.reload()
    expect(page.get_by_text("Max Mustermann: „Zulassung Gesellenprüfung.pdf“ heruntergeladen")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"neue Dokumente"))).to_have_count(0)
    shot(page, "09-heruntergeladen")
    assert_accessible(page, what="empfangenes Dokument")
    assert DocumentReceipt.objects.filter(document=reply, event="downloaded", user=owner).exists()
    assert AuditEvent.objects.filter(action="documents.file.downloaded", actor=owner).exists()
