import simple_history
from modeltranslation.translator import TranslationOptions, register

from access.models import (
    PERSONAL_FIELDS,
    AccessCondition,
    AccessForm,
    AccessRequest,
    BusinessModel,
    PriceIndication,
)


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
# Status changes of requests are history; what identifies the company or its people is not copied
# into it (anonymising a request then needs to touch only the request and its events).
simple_history.register(AccessRequest, excluded_fields=PERSONAL_FIELDS)
