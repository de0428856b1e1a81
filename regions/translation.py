from modeltranslation.translator import TranslationOptions, register

from regions.models import Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "managing_authority")
    required_languages = ("en",)
