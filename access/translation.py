import simple_history
from modeltranslation.translator import TranslationOptions, register

from access.models import AccessCondition, AccessForm, AccessRequest, BusinessModel, PriceIndication


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
simple_history.register(PriceIndication)
# Status changes of requests are history; the contact's personal data is not copied into it.
simple_history.register(AccessRequest, excluded_fields=["contact_name", "contact_email", "need"])
