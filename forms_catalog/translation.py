"""Which form texts staff enter in German and English (django-modeltranslation adds `<field>_de`/`_en`).

German is required; an English page shows the German text where no English one was entered. The options of
a choice field are entered line by line in both languages: the German line is the value that is stored
and exported, the English line on the same position only what an English visitor reads.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import FormDefinition, FormField


@register(FormDefinition)
class FormDefinitionTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("de",)


@register(FormField)
class FormFieldTranslationOptions(TranslationOptions):
    fields = ("label", "help_text", "choices")
    required_languages = ("de",)
