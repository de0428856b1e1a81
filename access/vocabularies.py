"""The fixed vocabularies of access: EOSC's forms of access and SME-oriented business models.

Used by the data migration and by `load_seed`, so the same codes and names exist everywhere.
"""

FORMS_OF_ACCESS = [
    (
        "hands_on",
        "Hands-on",
        "Zelf aan de slag",
        "You use the equipment yourself, on site.",
        "U gebruikt de apparatuur zelf, ter plaatse.",
    ),
    (
        "assisted",
        "Assisted",
        "Met begeleiding",
        "Staff run the work with you.",
        "Medewerkers voeren het werk samen met u uit.",
    ),
    (
        "remote",
        "Remote",
        "Op afstand",
        "You steer the equipment from a distance.",
        "U bedient de apparatuur op afstand.",
    ),
    (
        "virtual",
        "Virtual",
        "Virtueel",
        "Data, software or simulations online.",
        "Data, software of simulaties online.",
    ),
    (
        "mail_in",
        "Mail-in",
        "Stalen opsturen",
        "You send samples and get results back.",
        "U stuurt stalen op en krijgt de resultaten terug.",
    ),
]

BUSINESS_MODELS = [
    ("pay_per_use", "Pay-per-use", "Betalen per gebruik"),
    ("membership", "Membership", "Lidmaatschap"),
    ("collaborative_project", "Collaborative project", "Samenwerkingsproject"),
    ("contract_research", "Contract research", "Contractonderzoek"),
    ("voucher_funded", "Voucher-funded", "Met een innovatievoucher"),
    ("free_first_use", "Free first use", "Eerste gebruik gratis"),
    ("open_playground", "Open playground", "Open speeltuin"),
    ("mobile_visit", "Mobile visit", "Mobiel bezoek"),
    ("advisory_trajectory", "Advisory trajectory", "Adviestraject"),
]


def ensure_vocabularies(AccessForm, BusinessModel):
    """Create or update the vocabularies; safe to run again (after a flush, say)."""
    for position, (code, name_en, name_nl, text_en, text_nl) in enumerate(FORMS_OF_ACCESS):
        AccessForm.objects.update_or_create(
            code=code,
            defaults={
                "name": name_en,
                "name_en": name_en,
                "name_nl": name_nl,
                "description": text_en,
                "description_en": text_en,
                "description_nl": text_nl,
                "position": position,
            },
        )
    for position, (code, name_en, name_nl) in enumerate(BUSINESS_MODELS):
        BusinessModel.objects.update_or_create(
            code=code,
            defaults={"name": name_en, "name_en": name_en, "name_nl": name_nl, "position": position},
        )
