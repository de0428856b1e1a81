"""Content the public reads, in English and Dutch (one column per language, fallback to the other)."""

from modeltranslation.translator import TranslationOptions, register

from infrastructures.models import (
    Cluster,
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    PriorityAxis,
    Theme,
)


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Infrastructure)
class InfrastructureTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "description")
    required_languages = ("en",)


@register(Equipment)
class EquipmentTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(FundingProgramme)
class FundingProgrammeTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(PriorityAxis)
class PriorityAxisTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(FundingRecord)
class FundingRecordTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(Cluster)
class ClusterTranslationOptions(TranslationOptions):
    fields = ("description",)
