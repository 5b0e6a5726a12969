"""A customer fills in an online form with a file, gets a reference number and finds it under "Meine Anträge"."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from e2e.conftest import assert_accessible
from forms_catalog.models import Submission
from forms_catalog.tests.factories import FormDefinitionFactory, FormFieldFactory
from forms_catalog.tests.samples import exe_bytes, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_fill_in_a_form_with_a_file_and_find_it_under_my_applications(page, mailoutbox, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "uploads"
    customer = UserFactory(email="karla.kunde@example.de", first_name="Karla", last_name="Kunde")
    form = FormDefinitionFactory(
        title="Antrag auf Zweitschrift der Handwerkskarte",
        slug="zweitschrift-handwerkskarte",
        description="Für verlorene oder beschädigte Handwerkskarten.",
    )
    FormFieldFactory(
        form=form,
        position=1,
        key="grund",
        label="Grund des Antrags",
        field_type="choice",
        required=True,
        choices="Verlust\nDiebstahl\nBeschädigung",
    )
    FormFieldFactory(form=form, position=2, key="anzahl", label="Anzahl", field_type="number", min_value=1, max_value=3)
    FormFieldFactory(form=form, position=3, key="nachweis", label="Verlustanzeige", field_type="file", required=True)
    FormFieldFactory(
        form=form,
        position=4,
        key="versicherung",
        label="Meine Angaben sind richtig.",
        field_type="checkbox",
        required=True,
    )
    business_form = FormDefinitionFactory(title="Änderung der Betriebsanschrift", audience="business")
    FormFieldFactory(form=business_form)

    # The forms need an account: log in first, then the catalog opens.
    page.goto("/formulare/")
    assert_accessible(page, what="login before the forms")
    page.get_by_label("E-Mail", exact=False).first.fill(customer.email)
    page.get_by_role("textbox", name=re.compile(r"^Passwort")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Formulare", exact=True)).to_be_visible()
    expect(page.get_by_text("Betriebsverknüpfung erforderlich")).to_be_visible()
    assert_accessible(page, what="forms catalog")

    page.get_by_role("link", name=re.compile(r"Formular ausfüllen.*Zweitschrift der Handwerkskarte")).click()
    expect(page.get_by_role("heading", name="Antrag auf Zweitschrift der Handwerkskarte")).to_be_visible()
    assert_accessible(page, what="form to fill in")

    # First try: a program renamed to .pdf, and the confirmation box forgotten.
    page.get_by_label("Grund des Antrags").select_option("Diebstahl")
    page.get_by_label("Anzahl").fill("2")
    page.get_by_label("Verlustanzeige").set_input_files(
        files=[{"name": "Anzeige.pdf", "mimeType": "application/pdf", "buffer": exe_bytes()}]
    )
    page.get_by_role("button", name="Formular absenden").click()
    expect(page.get_by_text("Bitte überprüfen Sie Ihre Eingaben.")).to_be_visible()
    # The summary at the top names each problem and leads to its field; the message also stands at the field.
    summary = page.get_by_role("alert")
    expect(
        summary.get_by_role("link", name=re.compile("^Verlustanzeige: Die Datei „Anzeige.pdf“ ist keine"))
    ).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Meine Angaben sind richtig: "))).to_be_visible()
    expect(page.get_by_label("Verlustanzeige")).to_have_attribute("aria-invalid", "true")
    described_by = page.get_by_label("Verlustanzeige").get_attribute("aria-describedby")
    expect(page.locator(f"#{described_by.split()[-1]}")).to_contain_text("ist keine PDF-, JPEG- oder PNG-Datei")
    summary.get_by_role("link", name=re.compile("^Verlustanzeige")).click()
    expect(page.get_by_label("Verlustanzeige")).to_be_focused()
    expect(page.get_by_text("Bitte wählen Sie Ihre Dateien erneut aus", exact=False)).to_be_visible()
    expect(page.get_by_label("Grund des Antrags")).to_have_value("Diebstahl")
    expect(page.get_by_label("Anzahl")).to_have_value("2")
    assert_accessible(page, what="refused form with error summary")

    # Second try: the real police report and the box ticked.
    page.get_by_label("Verlustanzeige").set_input_files(
        files=[{"name": "Anzeige.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_label("Meine Angaben sind richtig.").check()
    page.get_by_role("button", name="Formular absenden").click()

    expect(page.get_by_role("heading", name="Vielen Dank – Ihr Formular wurde eingereicht")).to_be_visible()
    reference = page.locator(".reference-number").inner_text()
    assert re.fullmatch(r"F-\d{4}-\d{6}", reference)
    assert_accessible(page, what="form submitted")
    assert Submission.objects.get().reference == reference
    assert len(mailoutbox) == 1
    assert reference in mailoutbox[0].subject

    page.get_by_role("link", name="Meine Anträge").first.click()
    expect(page.get_by_role("heading", name="Meine Anträge")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row.get_by_text("Antrag auf Zweitschrift der Handwerkskarte")).to_be_visible()
    expect(row.get_by_text("Eingereicht")).to_be_visible()
    assert_accessible(page, what="my applications")

    # The detail page shows the entries, and the file can be downloaded again.
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Diebstahl")).to_be_visible()
    assert_accessible(page, what="submission detail")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Anzeige.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "Anzeige.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == pdf_bytes()
