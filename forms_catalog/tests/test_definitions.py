from decimal import Decimal

import pytest

from forms_catalog.definitions import definition_errors, field_errors
from forms_catalog.models import FormDefinition, FormField
from forms_catalog.services import submission_create

from .factories import FormDefinitionFactory, FormFieldFactory


def _field(**kwargs) -> FormField:
    return FormField(key="feld", label="Feld", **kwargs)


def test_choice_without_options_is_refused():
    errors = field_errors(_field(field_type="choice", choices=""))
    assert errors["choices"] == ["Ein Auswahlfeld braucht mindestens zwei Optionen, eine pro Zeile."]


def test_multiple_choice_needs_an_option_and_options_must_be_distinct():
    assert "choices" in field_errors(_field(field_type="multiple", choices="\n  \n"))
    errors = field_errors(_field(field_type="choice", choices="Ja\nNein\nJa"))
    assert errors["choices"] == ["Jede Option darf nur einmal vorkommen: Ja."]


def test_minimum_above_maximum_is_refused():
    errors = field_errors(_field(field_type="number", min_value=Decimal(10), max_value=Decimal(5)))
    assert errors["min_value"] == ["Das Minimum darf nicht größer als das Maximum sein."]


def test_limits_that_do_not_fit_the_type_are_refused():
    errors = field_errors(_field(field_type="date", min_value=Decimal(1), max_length=10, choices="A\nB"))
    assert set(errors) == {"min_value", "max_length", "choices"}


def test_sound_fields_have_no_errors():
    assert field_errors(_field(field_type="number", min_value=Decimal(1), max_value=Decimal(9))) == {}
    assert field_errors(_field(field_type="choice", choices="Ja\nNein")) == {}
    assert field_errors(_field(field_type="text", max_length=80)) == {}


@pytest.mark.django_db
def test_a_saved_definition_with_a_broken_field_is_reported():
    definition = FormDefinitionFactory()
    FormFieldFactory(form=definition, key="name")
    FormFieldFactory(form=definition, key="vorname", field_type="choice", choices="")
    errors = definition_errors(definition)
    assert any("zwei Optionen" in error for error in errors)


def _admin_post_data(**overrides) -> dict:
    data = {
        "title": "Antrag auf Zweitschrift",
        "slug": "zweitschrift",
        "description": "",
        "audience": "any",
        "is_active": "on",
        "fields-TOTAL_FORMS": "2",
        "fields-INITIAL_FORMS": "0",
        "fields-MIN_NUM_FORMS": "0",
        "fields-MAX_NUM_FORMS": "1000",
        "fields-0-position": "1",
        "fields-0-key": "grund",
        "fields-0-label": "Grund",
        "fields-0-field_type": "choice",
        "fields-0-choices": "Verlust\nBeschädigung",
        "fields-1-position": "2",
        "fields-1-key": "anzahl",
        "fields-1-label": "Anzahl",
        "fields-1-field_type": "number",
        "fields-1-min_value": "1",
        "fields-1-max_value": "3",
    }
    data.update(overrides)
    # The admin shows each text per language (forms_catalog.translation): these are the German ones.
    return {_in_german(name): value for name, value in data.items()}


def _in_german(name: str) -> str:
    prefix, _dash, field = name.rpartition("-")
    if field in {"title", "description", "label", "help_text", "choices"}:
        return f"{prefix}{_dash}{field}_de"
    return name


@pytest.fixture
def admin_client_de(admin_client):
    admin_client.cookies["django_language"] = "de"
    return admin_client


@pytest.mark.django_db
def test_staff_save_a_sound_definition_in_the_admin(admin_client):
    response = admin_client.post("/admin/forms_catalog/formdefinition/add/", _admin_post_data())
    assert response.status_code == 302
    definition = FormDefinition.objects.get(slug="zweitschrift")
    assert [f.key for f in definition.fields.all()] == ["grund", "anzahl"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fields-0-choices": ""}, "Ein Auswahlfeld braucht mindestens zwei Optionen"),
        ({"fields-1-min_value": "5"}, "Das Minimum darf nicht größer als das Maximum sein."),
        ({"fields-1-key": "grund"}, "Jedes Feld braucht einen eigenen Schlüssel; mehrfach verwendet: grund."),
        ({"fields-0-key": "Grund!"}, "Verwenden Sie Kleinbuchstaben, Ziffern und Unterstriche"),
        ({"fields-TOTAL_FORMS": "0"}, "Ein aktives Formular braucht mindestens ein Feld."),
        ({"slug": "meine-antraege"}, "Dieser Kurzname ist reserviert"),
    ],
)
def test_admin_refuses_a_definition_that_cannot_be_rendered(admin_client, overrides, message):
    response = admin_client.post("/admin/forms_catalog/formdefinition/add/", _admin_post_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FormDefinition.objects.filter(slug__in=["zweitschrift", "meine-antraege"]).exists()


@pytest.mark.django_db
def test_changing_a_definition_raises_its_version_and_old_submissions_keep_their_labels(admin_client, user):
    admin_client.post("/admin/forms_catalog/formdefinition/add/", _admin_post_data())
    definition = FormDefinition.objects.get(slug="zweitschrift")
    assert definition.version == 1
    fields = list(definition.fields.all())
    submission = submission_create(
        definition=definition, fields=fields, user=user, values={"grund": "Verlust", "anzahl": "1"}, uploads=[]
    )

    grund, anzahl = fields
    data = _admin_post_data(
        **{
            "fields-INITIAL_FORMS": "2",
            "fields-0-id": str(grund.pk),
            "fields-0-form": str(definition.pk),
            "fields-0-label": "Warum benötigen Sie eine Zweitschrift?",
            "fields-1-id": str(anzahl.pk),
            "fields-1-form": str(definition.pk),
            "fields-1-DELETE": "on",
        }
    )
    response = admin_client.post(f"/admin/forms_catalog/formdefinition/{definition.pk}/change/", data)
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.version == 2
    assert [f.label for f in definition.fields.all()] == ["Warum benötigen Sie eine Zweitschrift?"]

    submission.refresh_from_db()
    assert submission.form_version == 1
    assert [(row["label"], row["value"]) for row in submission.rows()] == [("Grund", "Verlust"), ("Anzahl", "1")]


def test_a_whole_number_field_takes_whole_limits_only():
    assert field_errors(_field(field_type="integer", min_value=Decimal(1), max_value=Decimal(3))) == {}
    assert "min_value" in field_errors(_field(field_type="integer", min_value=Decimal("0.5")))
