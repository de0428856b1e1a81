"""Content the public reads, in English and Dutch (one column per language, fallback to the other)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from infrastructures.models import (
    Cluster,
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    OrganisationFigure,
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


@register(OrganisationFigure)
class OrganisationFigureTranslationOptions(TranslationOptions):
    fields = ("breakdown", "note")


@register(Cluster)
class ClusterTranslationOptions(TranslationOptions):
    fields = ("description",)


# History of what curators change. Registered here, after the translation fields exist, so the
# historical tables carry name_en / name_nl too (declaring HistoricalRecords on a translated model
# breaks every save).
# Many-to-many fields (themes, operators) are not tracked: simple-history would write a second full
# historical row and two relation snapshots per change, tripling the cost of a bulk import.
simple_history.register(
    Infrastructure,
    excluded_fields=["search_vector"],  # derived, rebuilt after each change
)
simple_history.register(Organisation)
simple_history.register(FundingRecord)
simple_history.register(Equipment)
simple_history.register(OrganisationFigure)
