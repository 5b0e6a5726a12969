import factory

from accounts.tests.factories import UserFactory
from forms_catalog.models import FormDefinition, FormField, Submission


class FormDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormDefinition

    title = factory.Sequence(lambda n: f"Antrag Nummer {n}")
    slug = factory.Sequence(lambda n: f"antrag-{n}")
    description = "Ein Formular für Tests."
    audience = FormDefinition.Audience.ANY_USER
    is_active = True


class FormFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormField

    form = factory.SubFactory(FormDefinitionFactory)
    position = factory.Sequence(lambda n: n)
    key = factory.Sequence(lambda n: f"feld_{n}")
    label = factory.Sequence(lambda n: f"Feld {n}")
    field_type = FormField.Type.SHORT_TEXT


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    form = factory.SubFactory(FormDefinitionFactory)
    form_version = factory.SelfAttribute("form.version")
    form_title = factory.SelfAttribute("form.title")
    fields_snapshot = factory.LazyAttribute(lambda o: [f.snapshot() for f in o.form.fields.all()])
    values = factory.Dict({})
    user = factory.SubFactory(UserFactory)
    reference = factory.Sequence(lambda n: f"F-2026-{900000 + n:06d}")
