import simple_history
from modeltranslation.translator import TranslationOptions, register

from access.models import AccessCondition, AccessForm, BusinessModel


@register(AccessForm)
class AccessFormTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(BusinessModel)
class BusinessModelTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(AccessCondition)
class AccessConditionTranslationOptions(TranslationOptions):
    fields = (
        "eligibility",
        "price_notes",
        "training_terms",
        "ip_terms",
        "confidentiality_terms",
    )


# History of what curators change (see infrastructures/translation.py for why it is registered here).
simple_history.register(AccessCondition)
