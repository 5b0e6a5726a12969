"""Which course texts staff enter in German and English (django-modeltranslation adds `<field>_de`/`_en`).

German is required; an English page shows the German text where no English one was entered. The place
stays one value: it is the catalogue's filter. The search reads the `title`/`description` columns, which
hold the German text when staff work in German (courses.search).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Course


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title", "description", "target_group", "prerequisites", "funding_hint", "address")
    required_languages = ("de",)
