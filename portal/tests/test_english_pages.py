"""English pages read as English: British date and number formats, staff-entered texts in English where
staff gave them (German where not), and German pages without English."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from courses.models import Course
from courses.tests.factories import CourseFactory
from forms_catalog.models import FormField, Submission
from forms_catalog.tests.factories import FormDefinitionFactory, FormFieldFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 11, 30, 15, 22, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _staff_write_in_german():
    """Texts given to a model's constructor land in the active language's column (django-modeltranslation);
    a request of an earlier test in English leaves English active in this thread."""
    with translation.override("de"):
        yield


def visitor(language: str, user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def test_english_formats_are_british_and_german_ones_stay_german():
    with translation.override("en"):
        assert formats.date_format(START, "DATETIME_FORMAT") == "30 November 2026, 15:22"
        assert formats.date_format(START, "DATE_FORMAT") == "30 November 2026"
        assert formats.date_format(START, "SHORT_DATE_FORMAT") == "30/11/2026"
        assert formats.date_format(START, "SHORT_DATETIME_FORMAT") == "30/11/2026 15:22"
        assert formats.time_format(START, "TIME_FORMAT") == "15:22"
        assert formats.number_format(Decimal("1234.5"), 2, force_grouping=True) == "1,234.50"
    with translation.override("de"):
        assert formats.date_format(START, "DATETIME_FORMAT") == "30. November 2026 15:22"
        assert formats.date_format(START, "SHORT_DATE_FORMAT") == "30.11.2026"
        assert formats.number_format(Decimal("1234.5"), 2, force_grouping=True) == "1.234,50"


def test_a_course_page_in_english_shows_english_dates_and_prices():
    course = CourseFactory(
        price=Decimal("1490.00"), booking_deadline=datetime(2026, 12, 20, 12, 0, tzinfo=BERLIN), dates=0
    )
    course.dates.create(
        start=datetime(2027, 1, 11, 9, 0, tzinfo=BERLIN), end=datetime(2027, 1, 11, 17, 0, tzinfo=BERLIN)
    )
    url = reverse("courses:detail", args=[course.pk])

    english = visitor("en").get(url).content.decode()
    german = visitor("de").get(url).content.decode()

    assert "Mon, 11/01/2027, 09:00–17:00" in english
    assert "20/12/2026 12:00" in english  # the booking deadline
    assert "€1,490.00" in english
    assert "12/20/2026" not in english and "p.m." not in english and "a.m." not in english
    assert "Mo, 11.01.2027, 09:00–17:00" in german
    assert "20.12.2026 12:00" in german
    assert "1.490,00 €" in german


def test_a_course_shows_its_english_texts_on_english_pages_and_german_where_none_are_given():
    course = CourseFactory(
        title="Meistervorbereitung Elektrotechnik",
        description="Vorbereitung auf die Meisterprüfung.",
        target_group="Gesellinnen und Gesellen",
    )
    course.refresh_from_db()  # with the dates' summary the factory wrote
    course.title_en = "Master craftsman preparation, electrical engineering"
    course.description_en = "Preparation for the master craftsman examination."
    course.save()
    url = reverse("courses:detail", args=[course.pk])

    english = visitor("en").get(url).content.decode()
    german = visitor("de").get(url).content.decode()

    assert "Master craftsman preparation, electrical engineering" in english
    assert "Preparation for the master craftsman examination." in english
    assert "Gesellinnen und Gesellen" in english  # no English target group given: the German one
    assert "Meistervorbereitung Elektrotechnik" in german
    assert "Master craftsman" not in german and "Preparation for" not in german
    assert "Master craftsman preparation" in visitor("en").get(reverse("courses:catalog")).content.decode()
    assert Course.objects.get(pk=course.pk).title_de == "Meistervorbereitung Elektrotechnik"


def test_a_form_in_english_shows_english_labels_and_options_and_keeps_the_german_values(user):
    definition = FormDefinitionFactory(title="Adressänderung", description="Teilen Sie uns Ihre neue Anschrift mit.")
    definition.title_en = "Change of address"
    definition.save()
    street = FormFieldFactory(form=definition, key="strasse", label="Straße", help_text="Mit Hausnummer", required=True)
    street.label_en = "Street"
    street.save()
    reason = FormFieldFactory(
        form=definition, key="grund", label="Grund", field_type=FormField.Type.CHOICE, choices="Umzug\nFehler"
    )
    reason.label_en = "Reason"
    reason.choices_en = "Move\nMistake"
    reason.save()
    url = reverse("forms_catalog:fill", args=[definition.slug])
    english_client = visitor("en", user)

    english = english_client.get(url).content.decode()
    german = visitor("de", user).get(url).content.decode()

    assert "Change of address" in english
    assert "Teilen Sie uns Ihre neue Anschrift mit." in english  # no English description: the German one
    assert "Street" in english and "Mit Hausnummer" in english
    assert '<option value="Umzug">Move</option>' in english
    assert "Adressänderung" in german and '<option value="Umzug">Umzug</option>' in german
    assert "Street" not in german and "Move" not in german

    english_client.post(url, {"strasse": "Hauptstraße 1", "grund": "Umzug"})

    submission = Submission.objects.get(form=definition)
    assert submission.form_title == "Adressänderung"
    assert submission.values["grund"] == "Umzug"
    assert [field["label"] for field in submission.fields_snapshot] == ["Straße", "Grund"]


def test_english_options_must_match_the_german_ones():
    from django.core.exceptions import ValidationError

    field = FormFieldFactory.build(
        form=FormDefinitionFactory(), key="grund", field_type=FormField.Type.CHOICE, choices="Umzug\nFehler"
    )
    field.choices_en = "Move"

    with pytest.raises(ValidationError) as refused:
        field.clean()

    assert "choices_en" in refused.value.message_dict
