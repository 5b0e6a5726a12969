import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from forms_catalog.models import Submission
from forms_catalog.services import submission_change_status, submission_create

from .factories import FormDefinitionFactory, FormFieldFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_form():
    definition = FormDefinitionFactory(title="Anmeldung zu einer Informationsveranstaltung", slug="info")
    FormFieldFactory(form=definition, key="termin", label="Termin", field_type="date", position=1)
    FormFieldFactory(
        form=definition, key="themen", label="Themen", field_type="multiple", choices="A\nB\nC", position=2
    )
    FormFieldFactory(form=definition, key="bemerkung", label="Bemerkung", field_type="textarea", position=3)
    return definition


def _submit(definition, user, **values):
    return submission_create(
        definition=definition, fields=list(definition.fields.all()), user=user, values=values, uploads=[]
    )


def test_status_change_mails_the_applicant(user, event_form, mailoutbox, django_capture_on_commit_callbacks):
    submission = _submit(event_form, user, termin="2026-12-03", themen=["A"], bemerkung="")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_change_status(
            submission=submission, status="rejected", staff_remark="Die Veranstaltung ist ausgebucht."
        )
    submission.refresh_from_db()
    assert submission.status == "rejected"
    assert submission.status_changed_at is not None
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert mail.subject == f"Ihr Antrag {submission.reference}: Abgelehnt"
    assert "Neuer Status: Abgelehnt." in mail.body
    assert "Die Veranstaltung ist ausgebucht." in mail.body
    # Changed outside a request (no host to copy): the link still leads to the portal.
    assert f"{settings.PORTAL_BASE_URL}{submission.get_absolute_url()}" in mail.body


def test_saving_without_change_sends_no_mail(user, event_form, mailoutbox, django_capture_on_commit_callbacks):
    submission = _submit(event_form, user, termin="2026-12-03", themen=[], bemerkung="")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_change_status(submission=submission, status="submitted", staff_remark="")
    assert mailoutbox == []


def test_staff_change_status_in_the_admin_and_the_user_sees_it(
    admin_client, client, user, event_form, mailoutbox, django_capture_on_commit_callbacks
):
    submission = _submit(event_form, user, termin="2026-12-03", themen=["B"], bemerkung="")
    mailoutbox.clear()
    url = reverse("admin:forms_catalog_submission_change", args=[submission.pk])
    page = admin_client.get(url).content.decode()
    assert "03.12.2026" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "status": "completed",
                "staff_remark": "Ihre Anmeldung ist bestätigt.",
                "files-TOTAL_FORMS": "0",
                "files-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "http://testserver/formulare/meine-antraege/" in mailoutbox[0].body

    client.force_login(user)
    html = client.get(reverse("forms_catalog:my_submissions")).content.decode()
    assert "Abgeschlossen" in html
    assert "Ihre Anmeldung ist bestätigt." in html


def test_admin_list_filters_by_form_status_and_date(admin_client, user, event_form):
    other = FormDefinitionFactory(title="Anderes Formular")
    a = SubmissionFactory(form=event_form, user=user, status="in_progress")
    b = SubmissionFactory(form=other, user=user)
    base = reverse("admin:forms_catalog_submission_changelist")
    by_form = admin_client.get(f"{base}?form__id__exact={event_form.pk}").content.decode()
    assert a.reference in by_form and b.reference not in by_form
    by_status = admin_client.get(f"{base}?status__exact=submitted").content.decode()
    assert b.reference in by_status and a.reference not in by_status
    this_year = admin_client.get(f"{base}?submitted_at__year={timezone.now().year}").content.decode()
    assert a.reference in this_year
    long_ago = admin_client.get(f"{base}?submitted_at__year=2001").content.decode()
    assert a.reference not in long_ago


def test_csv_export_of_one_form(admin_client, user, event_form):
    first = _submit(event_form, user, termin="2026-12-03", themen=["A", "C"], bemerkung='=HYPERLINK("x")')
    second = _submit(event_form, user, termin="2027-01-15", themen=[], bemerkung="Rollstuhlgerecht bitte")
    submission_change_status(submission=second, status="in_progress", staff_remark="Wird geprüft")

    response = admin_client.post(
        reverse("admin:forms_catalog_submission_changelist"),
        {"action": "export_csv", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Aktenzeichen",
        "Formular",
        "Formularversion",
        "Eingereicht am",
        "Status",
        "Antragsteller/in",
        "E-Mail",
        "Betrieb",
        "Bemerkung der Kammer",
        "Termin",
        "Themen",
        "Bemerkung",
    ]
    assert rows[1][0] == first.reference
    assert rows[1][4] == "Eingereicht"
    assert rows[1][6] == user.email
    assert rows[1][9:] == ["03.12.2026", "A, C", '\'=HYPERLINK("x")']
    assert rows[2][4] == "In Bearbeitung"
    assert rows[2][8] == "Wird geprüft"
    assert rows[2][9:] == ["15.01.2027", "", "Rollstuhlgerecht bitte"]


def test_csv_export_refuses_a_mix_of_forms(admin_client, user, event_form):
    a = SubmissionFactory(form=event_form, user=user)
    b = SubmissionFactory(form=FormDefinitionFactory(), user=user)
    response = admin_client.post(
        reverse("admin:forms_catalog_submission_changelist"),
        {"action": "export_csv", "_selected_action": [a.pk, b.pk]},
        follow=True,
    )
    assert "Bitte wählen Sie Anträge genau eines Formulars aus" in response.content.decode()
    assert Submission.objects.count() == 2


def test_a_form_deactivated_meanwhile_is_not_accepted(user, event_form):
    from forms_catalog.services import FormsCatalogError

    fields = list(event_form.fields.all())
    event_form.__class__.objects.filter(pk=event_form.pk).update(is_active=False)
    with pytest.raises(FormsCatalogError) as error:
        submission_create(definition=event_form, fields=fields, user=user, values={}, uploads=[])
    assert error.value.message == "Dieses Formular steht nicht mehr zur Verfügung."
    assert not Submission.objects.exists()
