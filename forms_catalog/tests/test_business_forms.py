import pytest
from django.urls import reverse

from businesses.models import Membership
from businesses.tests.factories import BusinessFactory, MembershipFactory
from forms_catalog.models import FormDefinition, Submission
from forms_catalog.services import FormsCatalogError, submission_create

from .factories import FormDefinitionFactory, FormFieldFactory
from .samples import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def address_form():
    definition = FormDefinitionFactory(
        title="Änderung der Betriebsanschrift", slug="betriebsanschrift", audience=FormDefinition.Audience.BUSINESS
    )
    FormFieldFactory(form=definition, key="strasse", label="Neue Straße", required=True, position=1)
    FormFieldFactory(form=definition, key="nachweis", label="Gewerbeummeldung", field_type="file", position=2)
    return definition


@pytest.fixture
def tischlerei():
    return BusinessFactory(name="Tischlerei Holzwurm GmbH", betriebsnummer="1234567")


@pytest.fixture
def member(tischlerei, user_factory):
    return MembershipFactory(business=tischlerei, user=user_factory()).user


def test_linked_user_submits_on_behalf_of_the_business(client, member, tischlerei, address_form):
    client.force_login(member)
    catalog = client.get(reverse("forms_catalog:catalog")).content.decode()
    assert f'href="{address_form.get_absolute_url()}"' in catalog
    assert "Betriebsverknüpfung erforderlich" not in catalog

    page = client.get(address_form.get_absolute_url()).content.decode()
    assert "Sie reichen dieses Formular im Namen von <strong>Tischlerei Holzwurm GmbH" in page

    response = client.post(
        address_form.get_absolute_url(),
        {"strasse": "Sägewerkstraße 4", "nachweis": upload("Ummeldung.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.business == tischlerei
    assert submission.user == member


def test_user_of_two_businesses_chooses_and_cannot_pick_a_foreign_one(client, member, tischlerei, address_form):
    bakery = MembershipFactory(user=member, business=BusinessFactory(name="Bäckerei Krume")).business
    stranger = BusinessFactory(name="Fremdbetrieb")
    client.force_login(member)

    page = client.get(address_form.get_absolute_url()).content.decode()
    assert "Einreichen im Namen von" in page
    assert "Bäckerei Krume" in page and "Fremdbetrieb" not in page

    response = client.post(address_form.get_absolute_url(), {"_business": stranger.pk, "strasse": "Weg 1"})
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
    assert not Submission.objects.exists()

    client.post(address_form.get_absolute_url(), {"_business": bakery.pk, "strasse": "Weg 1"})
    assert Submission.objects.get().business == bakery


def test_service_refuses_a_business_the_user_is_not_an_active_member_of(user, tischlerei, address_form):
    MembershipFactory(user=user, business=tischlerei, status=Membership.Status.ENDED)
    with pytest.raises(FormsCatalogError) as error:
        submission_create(
            definition=address_form,
            fields=list(address_form.fields.all()),
            user=user,
            values={"strasse": "Weg 1"},
            uploads=[],
            business=tischlerei,
        )
    assert "nur im Namen eines Betriebs" in error.value.message


def test_colleagues_see_the_business_submission_other_businesses_get_404(
    client, member, tischlerei, address_form, user_factory
):
    client.force_login(member)
    client.post(
        address_form.get_absolute_url(),
        {"strasse": "Sägewerkstraße 4", "nachweis": upload("Ummeldung.pdf", pdf_bytes())},
    )
    submission = Submission.objects.get()
    stored = submission.files.get()

    colleague = MembershipFactory(business=tischlerei, user=user_factory(first_name="Kollegin")).user
    client.force_login(colleague)
    assert client.get(submission.get_absolute_url()).status_code == 200
    assert client.get(stored.get_absolute_url()).status_code == 200
    assert submission.reference in client.get(reverse("forms_catalog:my_submissions")).content.decode()

    other = MembershipFactory(business=BusinessFactory(name="Andere GmbH"), user=user_factory()).user
    client.force_login(other)
    assert client.get(submission.get_absolute_url()).status_code == 404
    assert client.get(stored.get_absolute_url()).status_code == 404
    assert submission.reference not in client.get(reverse("forms_catalog:my_submissions")).content.decode()

    # A colleague who left the business loses access at once.
    Membership.objects.filter(user=colleague).update(status=Membership.Status.ENDED)
    client.force_login(colleague)
    assert client.get(stored.get_absolute_url()).status_code == 404
