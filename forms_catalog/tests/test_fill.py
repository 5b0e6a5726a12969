import re
from decimal import Decimal

import pytest
from django.urls import reverse

from forms_catalog.models import FormDefinition, FormField, Submission, SubmissionFile

from .factories import FormDefinitionFactory, FormFieldFactory
from .samples import exe_bytes, jpeg_bytes, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_type_form():
    definition = FormDefinitionFactory(title="Anmeldung zur Infoveranstaltung", slug="info")
    specs = [
        ("name", "Name", "text", True, {"max_length": 40}),
        ("anliegen", "Ihr Anliegen", "textarea", False, {}),
        ("personen", "Anzahl Personen", "number", True, {"min_value": Decimal(1), "max_value": Decimal(5)}),
        ("termin", "Wunschtermin", "date", True, {}),
        ("email", "E-Mail für Rückfragen", "email", False, {}),
        ("ort", "Veranstaltungsort", "choice", True, {"choices": "Musterstadt\nBeispielburg"}),
        ("themen", "Themen", "multiple", False, {"choices": "Meisterprüfung\nFörderung\nAusbildung"}),
        ("datenschutz", "Ich stimme der Datenschutzerklärung zu", "checkbox", True, {}),
        ("nachweis", "Nachweis", "file", False, {}),
    ]
    for position, (key, label, field_type, required, extra) in enumerate(specs):
        FormFieldFactory(
            form=definition, position=position, key=key, label=label, field_type=field_type, required=required, **extra
        )
    return definition


def _valid_data(**overrides) -> dict:
    data = {
        "name": "Erika Muster",
        "anliegen": "Ich möchte mehr über die Meisterprüfung erfahren.",
        "personen": "2",
        "termin": "2026-12-03",
        "email": "erika@example.de",
        "ort": "Beispielburg",
        "themen": ["Meisterprüfung", "Förderung"],
        "datenschutz": "on",
    }
    data.update(overrides)
    return data


def test_every_field_type_is_rendered(client_logged_in, every_type_form):
    html = client_logged_in.get(every_type_form.get_absolute_url()).content.decode()
    assert '<h1 class="h2">Anmeldung zur Infoveranstaltung</h1>' in html
    assert re.search(r'<input type="text" name="name" maxlength="40"[^>]*required', html)
    assert re.search(r'<textarea name="anliegen"', html)
    assert re.search(r'<input type="text" name="personen"[^>]*inputmode="decimal"', html)
    assert re.search(r'<input type="date" name="termin"', html)
    assert re.search(r'<input type="email" name="email"', html)
    assert re.search(r'<select name="ort"', html)
    assert '<option value="Beispielburg">Beispielburg</option>' in html
    assert re.search(r'<input type="checkbox"[^>]*name="themen" value="Förderung"', html)
    assert re.search(r'<input type="checkbox" name="datenschutz"', html)
    assert re.search(r'<input type="file" name="nachweis"', html)
    assert 'enctype="multipart/form-data"' in html
    assert "Dateien: PDF, JPEG oder PNG, höchstens 10,0\xa0MB je Datei." in html


def test_a_valid_form_is_stored_with_reference_and_confirmation_mail(
    client_logged_in, user, every_type_form, mailoutbox, django_capture_on_commit_callbacks
):
    data = _valid_data(nachweis=upload("Nachweis.pdf", pdf_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(every_type_form.get_absolute_url(), data)
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("forms_catalog:submitted", kwargs={"reference": submission.reference})
    assert re.fullmatch(r"F-2\d{3}-\d{6}", submission.reference)
    assert submission.values == {
        "name": "Erika Muster",
        "anliegen": "Ich möchte mehr über die Meisterprüfung erfahren.",
        "personen": "2",
        "termin": "2026-12-03",
        "email": "erika@example.de",
        "ort": "Beispielburg",
        "themen": ["Meisterprüfung", "Förderung"],
        "datenschutz": True,
        "nachweis": "Nachweis.pdf",
    }
    stored = SubmissionFile.objects.get()
    assert stored.kind == "pdf"
    assert stored.original_name == "Nachweis.pdf"
    assert "Nachweis" not in stored.file.name
    assert stored.file.read() == pdf_bytes()

    page = client_logged_in.get(response.url).content.decode()
    assert submission.reference in page
    assert "Ihr Formular wurde eingereicht" in page

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert submission.reference in mail.subject
    assert "Anmeldung zur Infoveranstaltung" in mail.body
    assert "Wunschtermin: 03.12.2026" in mail.body
    assert "Themen: Meisterprüfung, Förderung" in mail.body


def test_validation_errors_keep_the_entered_values(client_logged_in, every_type_form):
    data = _valid_data(personen="9", email="keine-adresse", nachweis=upload("Nachweis.pdf", pdf_bytes()))
    del data["datenschutz"]
    response = client_logged_in.post(every_type_form.get_absolute_url(), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Submission.objects.exists()
    assert "Bitte überprüfen Sie Ihre Eingaben." in html
    assert "Bitte wählen Sie Ihre Dateien erneut aus" in html
    assert "Dieser Wert muss kleiner oder gleich 5 sein." in html
    assert "Bitte gültige E-Mail-Adresse eingeben." in html
    assert "Dieses Feld ist zwingend erforderlich." in html
    # What was typed is still there.
    assert 'value="Erika Muster"' in html
    assert "Ich möchte mehr über die Meisterprüfung erfahren.</textarea>" in html
    assert 'value="9"' in html
    assert 'value="keine-adresse"' in html
    assert 'value="2026-12-03"' in html
    assert re.search(r'<option value="Beispielburg" selected>', html)
    assert re.search(r'<input type="checkbox"[^>]*name="themen" value="Meisterprüfung"[^>]*checked', html)
    assert not re.search(r'<input type="checkbox"[^>]*name="themen" value="Ausbildung"[^>]*checked', html)


def test_numbers_are_accepted_in_german_notation(client_logged_in, every_type_form):
    client_logged_in.post(every_type_form.get_absolute_url(), _valid_data(personen="2,5"))
    assert Submission.objects.get().values["personen"] == "2.5"


def test_a_renamed_executable_is_refused(client_logged_in, every_type_form):
    data = _valid_data(nachweis=upload("Rechnung.pdf", exe_bytes()))
    html = client_logged_in.post(every_type_form.get_absolute_url(), data).content.decode()
    assert "Die Datei „Rechnung.pdf“ ist keine PDF-, JPEG- oder PNG-Datei." in html
    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()


def test_a_file_that_only_starts_like_a_png_is_refused(client_logged_in, every_type_form):
    data = _valid_data(nachweis=upload("Foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "image/png"))
    html = client_logged_in.post(every_type_form.get_absolute_url(), data).content.decode()
    assert "ist keine PDF-, JPEG- oder PNG-Datei" in html


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("scan.dat", png_bytes(), "png"), ("Foto vom Ausweis.JPG", jpeg_bytes(), "jpeg")],
)
def test_real_images_are_accepted_whatever_their_name(client_logged_in, every_type_form, name, content, kind):
    data = _valid_data(nachweis=upload(name, content, "application/octet-stream"))
    response = client_logged_in.post(every_type_form.get_absolute_url(), data)
    assert response.status_code == 302
    stored = SubmissionFile.objects.get()
    assert stored.kind == kind
    assert stored.original_name == name
    download = client_logged_in.get(stored.get_absolute_url())
    assert download["Content-Type"] == f"image/{kind}"


@pytest.mark.parametrize(
    ("name", "content", "downloaded_as"),
    [
        ("rechnung.exe", pdf_bytes(), "rechnung.pdf"),
        ("rechnung.pdf.exe", pdf_bytes(), "rechnung.pdf"),
        ("scan.dat", png_bytes(), "scan.png"),
        ("Antrag v1.2", pdf_bytes(), "Antrag v1.2.pdf"),
        ("Foto vom Ausweis.JPEG", jpeg_bytes(), "Foto vom Ausweis.JPEG"),
        (".exe", pdf_bytes(), "datei.pdf"),
    ],
)
def test_a_download_has_the_extension_of_its_detected_type(
    client_logged_in, every_type_form, name, content, downloaded_as
):
    data = _valid_data(nachweis=upload(name, content, "application/octet-stream"))
    assert client_logged_in.post(every_type_form.get_absolute_url(), data).status_code == 302
    stored = SubmissionFile.objects.get()
    assert stored.original_name == name  # shown to the user and to staff as it was uploaded

    download = client_logged_in.get(stored.get_absolute_url())

    assert download["Content-Disposition"] == f'attachment; filename="{downloaded_as}"'


def test_a_file_above_the_size_limit_is_refused(client_logged_in, every_type_form, settings):
    settings.FORMS_MAX_UPLOAD_BYTES = 1024
    content = pdf_bytes().replace(b"%%EOF", b"%" + b" " * 1200 + b"\n%%EOF")
    data = _valid_data(nachweis=upload("Gross.pdf", content))
    html = client_logged_in.post(every_type_form.get_absolute_url(), data).content.decode()
    assert "Die Datei „Gross.pdf“ ist zu groß" in html
    assert "Dateien dürfen höchstens 1,0\xa0KB groß sein." in html
    assert not Submission.objects.exists()


def test_inactive_and_broken_forms_are_not_offered(client_logged_in):
    inactive = FormDefinitionFactory(title="Altes Formular", is_active=False)
    FormFieldFactory(form=inactive)
    broken = FormDefinitionFactory(title="Kaputtes Formular")
    FormFieldFactory(form=broken, field_type=FormField.Type.CHOICE, choices="")
    sound = FormDefinitionFactory(title="Gutes Formular")
    FormFieldFactory(form=sound)

    html = client_logged_in.get(reverse("forms_catalog:catalog")).content.decode()
    assert "Gutes Formular" in html
    assert "Altes Formular" not in html
    assert "Kaputtes Formular" not in html
    assert client_logged_in.get(inactive.get_absolute_url()).status_code == 404
    assert client_logged_in.get(broken.get_absolute_url()).status_code == 404


def test_catalog_shows_every_change_of_the_forms_at_once(client_logged_in, django_capture_on_commit_callbacks):
    # The cards are cached between requests; every change staff make must show on the next visit. Staff
    # changes are committed (the admin's request transaction), which is when the cached cards are dropped.
    form = FormDefinitionFactory(title="Zweitschrift der Handwerkskarte")
    field = FormFieldFactory(form=form)
    url = reverse("forms_catalog:catalog")
    assert "Zweitschrift der Handwerkskarte" in client_logged_in.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        form.title = "Ersatz der Handwerkskarte"
        form.save()
    html = client_logged_in.get(url).content.decode()
    assert "Ersatz der Handwerkskarte" in html
    assert "Zweitschrift der Handwerkskarte" not in html

    # A field that makes the form unusable hides it; repairing the field shows it again.
    with django_capture_on_commit_callbacks(execute=True):
        field.field_type = FormField.Type.CHOICE
        field.choices = ""
        field.save()
    assert "Ersatz der Handwerkskarte" not in client_logged_in.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        field.choices = "Verlust\nDiebstahl"
        field.save()
    assert "Ersatz der Handwerkskarte" in client_logged_in.get(url).content.decode()

    # Switched off in bulk (no save signals): gone as well.
    FormDefinition.objects.filter(pk=form.pk).update(is_active=False)
    assert "Ersatz der Handwerkskarte" not in client_logged_in.get(url).content.decode()


def test_catalog_needs_login(client):
    response = client.get(reverse("forms_catalog:catalog"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_business_forms_are_shown_to_unlinked_users_as_needing_a_link(client_logged_in):
    general = FormDefinitionFactory(title="Zweitschrift der Handwerkskarte")
    FormFieldFactory(form=general)
    business = FormDefinitionFactory(title="Änderung der Betriebsanschrift", audience=FormDefinition.Audience.BUSINESS)
    FormFieldFactory(form=business, key="strasse", label="Neue Straße")

    html = client_logged_in.get(reverse("forms_catalog:catalog")).content.decode()
    assert "Änderung der Betriebsanschrift" in html
    assert "Betriebsverknüpfung erforderlich" in html
    assert "Diese Formulare können nur im Namen eines Betriebs eingereicht werden." in html
    assert f'href="{business.get_absolute_url()}"' not in html
    assert f'href="{general.get_absolute_url()}"' in html

    # Opening the form itself leads to the page for linking a business.
    page = client_logged_in.get(business.get_absolute_url())
    assert page.status_code == 302
    assert page.url == reverse("businesses:link")
    client_logged_in.post(business.get_absolute_url(), {"strasse": "Hauptstraße 1"})
    assert not Submission.objects.exists()


def test_many_submissions_in_a_short_time_are_refused(client_logged_in, every_type_form):
    from forms_catalog import services

    for _ in range(services.SUBMISSIONS_PER_HOUR):
        client_logged_in.post(every_type_form.get_absolute_url(), _valid_data())
    response = client_logged_in.post(every_type_form.get_absolute_url(), _valid_data())
    assert response.status_code == 200
    assert "Sie haben in kurzer Zeit sehr viele Formulare eingereicht." in response.content.decode()
    assert 'value="Erika Muster"' in response.content.decode()
    assert Submission.objects.count() == services.SUBMISSIONS_PER_HOUR


def test_a_large_pdf_below_the_limit_is_accepted(client_logged_in, every_type_form):
    # Above 2.5 MB Django spools uploads to a temporary file; the checks read that just as well.
    content = pdf_bytes().replace(b"%%EOF", b"%" + b"0" * (3 * 1024 * 1024) + b"\n%%EOF")
    response = client_logged_in.post(
        every_type_form.get_absolute_url(), _valid_data(nachweis=upload("Bauplan.pdf", content))
    )
    assert response.status_code == 302
    assert SubmissionFile.objects.get().size == len(content)


@pytest.fixture
def count_form():
    definition = FormDefinitionFactory(title="Ersatz der Handwerkskarte", slug="ersatz")
    FormFieldFactory(
        form=definition,
        key="anzahl",
        label="Anzahl der Ausfertigungen",
        field_type="integer",
        required=True,
        min_value=Decimal(1),
        max_value=Decimal(3),
    )
    return definition


@pytest.mark.parametrize("typed", ["1,5", "2.5", "1.000"])
def test_a_whole_number_field_refuses_a_comma_or_decimal_point_with_a_german_message(
    client_logged_in, count_form, typed
):
    response = client_logged_in.post(count_form.get_absolute_url(), {"anzahl": typed})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie eine ganze Zahl ohne Komma oder Punkt ein, z. B. 3." in html
    assert f'value="{typed}"' in html
    assert not Submission.objects.exists()


def test_a_whole_number_field_accepts_digits_with_surrounding_spaces_and_stores_an_integer_string(
    client_logged_in, count_form
):
    html = client_logged_in.get(count_form.get_absolute_url()).content.decode()
    assert re.search(r'<input type="text" name="anzahl"[^>]*inputmode="numeric"', html)

    client_logged_in.post(count_form.get_absolute_url(), {"anzahl": " 2 "})

    assert Submission.objects.get().values == {"anzahl": "2"}


def test_a_whole_number_field_keeps_its_limits(client_logged_in, count_form):
    response = client_logged_in.post(count_form.get_absolute_url(), {"anzahl": "4"})

    assert "Dieser Wert muss kleiner oder gleich 3 sein." in response.content.decode()
    assert not Submission.objects.exists()
