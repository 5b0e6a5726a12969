"""Which help texts staff enter in German and English (django-modeltranslation adds `<field>_de`/`_en`)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Faq


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("title", "intro")
    required_languages = ("de",)


@register(Faq)
class FaqTranslationOptions(TranslationOptions):
    fields = ("question", "answer")
    required_languages = ("de",)
