import pytest
from django.urls import reverse

from forms_catalog.models import Submission
from forms_catalog.services import submission_create

from .factories import FormDefinitionFactory, FormFieldFactory, SubmissionFactory
from .samples import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload_form():
    definition = FormDefinitionFactory(title="Antrag auf Zweitschrift der Handwerkskarte", slug="zweitschrift")
    FormFieldFactory(form=definition, key="grund", label="Grund", position=1)
    FormFieldFactory(form=definition, key="nachweis", label="Verlustanzeige", field_type="file", position=2)
    return definition


def _submit(definition, user):
    file = upload("Verlustanzeige.pdf", pdf_bytes())
    file.portal_kind = "pdf"
    return submission_create(
        definition=definition,
        fields=list(definition.fields.all()),
        user=user,
        values={"grund": "Verlust", "nachweis": "Verlustanzeige.pdf"},
        uploads=[("nachweis", file)],
    )


def test_empty_state(client_logged_in):
    html = client_logged_in.get(reverse("forms_catalog:my_submissions")).content.decode()
    assert "Sie haben noch keine Formulare eingereicht." in html
    assert reverse("forms_catalog:catalog") in html


def test_list_shows_status_and_remark_of_own_submissions_only(client_logged_in, user, user_factory, upload_form):
    mine = _submit(upload_form, user)
    Submission.objects.filter(pk=mine.pk).update(status="in_progress", staff_remark="Bitte Lichtbild nachreichen.")
    theirs = _submit(upload_form, user_factory())

    html = client_logged_in.get(reverse("forms_catalog:my_submissions")).content.decode()
    assert mine.reference in html
    assert theirs.reference not in html
    assert "In Bearbeitung" in html
    assert "Bitte Lichtbild nachreichen." in html


def test_list_is_paginated_with_bounded_queries(client_logged_in, user, django_assert_max_num_queries):
    definition = FormDefinitionFactory()
    for _ in range(45):
        SubmissionFactory(form=definition, user=user)
    with django_assert_max_num_queries(8):
        page_one = client_logged_in.get(reverse("forms_catalog:my_submissions")).content.decode()
    assert "Seite 1 von 3" in page_one
    page_three = client_logged_in.get(reverse("forms_catalog:my_submissions") + "?page=3").content.decode()
    assert "Seite 3 von 3" in page_three
    assert page_three.count('<span class="badge') == 5


def test_detail_shows_the_labels_the_user_saw(client_logged_in, user, upload_form):
    submission = _submit(upload_form, user)
    upload_form.fields.filter(key="grund").update(label="Ganz neue Beschriftung")

    html = client_logged_in.get(submission.get_absolute_url()).content.decode()
    assert "Grund" in html
    assert "Ganz neue Beschriftung" not in html
    assert "Verlust" in html
    assert "Verlustanzeige.pdf" in html
    assert "Eingereicht" in html


def test_submitter_downloads_the_file(client_logged_in, user, upload_form):
    submission = _submit(upload_form, user)
    stored = submission.files.get()
    response = client_logged_in.get(stored.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Verlustanzeige.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_another_user_gets_404_for_submission_files_and_confirmation(client, user, user_factory, upload_form):
    submission = _submit(upload_form, user)
    stored = submission.files.get()
    client.force_login(user_factory())
    assert client.get(submission.get_absolute_url()).status_code == 404
    assert client.get(stored.get_absolute_url()).status_code == 404
    assert client.get(reverse("forms_catalog:submitted", kwargs={"reference": submission.reference})).status_code == 404
    assert client.get(submission.get_absolute_url().replace(submission.reference, "F-2026-999999")).status_code == 404


def test_file_of_another_submission_cannot_be_reached_through_own_reference(client, user, user_factory, upload_form):
    own = _submit(upload_form, user)
    foreign_file = _submit(upload_form, user_factory()).files.get()
    client.force_login(user)
    url = reverse("forms_catalog:file_download", kwargs={"reference": own.reference, "file_id": foreign_file.pk})
    assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, user, upload_form):
    stored = _submit(upload_form, user).files.get()
    response = client.get(stored.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_download_files_but_staff_without_permission_or_second_factor_do_not(
    client, admin_user, user, user_factory, upload_form
):
    from conftest import staff_login

    stored = _submit(upload_form, user).files.get()
    client.force_login(admin_user)  # a password alone, no second factor
    assert client.get(stored.get_absolute_url()).status_code == 404
    staff_login(client, admin_user)
    assert client.get(stored.get_absolute_url()).status_code == 200
    staff_login(client, user_factory(is_staff=True))
    assert client.get(stored.get_absolute_url()).status_code == 404


def test_files_are_not_stored_under_media_root(user, upload_form, settings):
    stored = _submit(upload_form, user).files.get()
    path = stored.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = stored.file.url
