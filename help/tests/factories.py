import factory

from help.models import Category, ContactRequest, Faq


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"thema-{n}")
    title_de = factory.Sequence(lambda n: f"Thema {n}")
    title_en = factory.Sequence(lambda n: f"Topic {n}")
    intro_de = ""
    intro_en = ""
    order = factory.Sequence(lambda n: 500 + n)


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    slug = factory.Sequence(lambda n: f"frage-{n}")
    category = factory.SubFactory(CategoryFactory)
    question_de = factory.Sequence(lambda n: f"Wie funktioniert Nummer {n}?")
    question_en = factory.Sequence(lambda n: f"How does number {n} work?")
    answer_de = "Ganz **einfach**."
    answer_en = "Quite **simply**."
    is_published = True


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    reference = factory.Sequence(lambda n: f"H-2026-{n:06d}")
    topic = ContactRequest.Topic.BUSINESS_LINK
    name = "Petra Pinsel"
    email = factory.Sequence(lambda n: f"fragende{n}@example.de")
    message = "Wo finde ich die Betriebsnummer?"
    language = "de"
