"""schema.org descriptions of the catalogue's records: embedded as JSON-LD in the public pages
(`for_page`) and written as the open-data JSON-LD file, one vocabulary for both.

Each builder takes the record and `absolute`, a function that makes a path an absolute address
(`request.build_absolute_uri` on a page; the site's address in a file).
"""

import json

from django.utils.safestring import mark_safe

# The characters json_script escapes, so that text in the JSON cannot close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def for_page(data):
    """The description as the body of a <script type=\"application/ld+json\"> element."""
    data = {"@context": "https://schema.org", **data}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def _organisation(organisation, absolute):
    data = {
        "@type": "Organization",
        "name": organisation.name,
        "url": absolute(organisation.get_absolute_url()),
    }
    if organisation.acronym:
        data["alternateName"] = organisation.acronym
    if organisation.website:
        data["sameAs"] = organisation.website
    return data


def infrastructure(entry, absolute):
    data = {
        "@type": "Place",
        "additionalType": entry.get_kind_display(),
        "name": entry.name,
        "description": entry.summary or entry.description,
        "url": absolute(entry.get_absolute_url()),
        "keywords": ", ".join(entry.keyword_list),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": entry.street_address,
            "postalCode": entry.postal_code,
            "addressLocality": entry.city,
            "addressCountry": entry.region.country,
        },
        "containedInPlace": {"@type": "AdministrativeArea", "name": entry.region.name},
    }
    if entry.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(entry.latitude),
            "longitude": float(entry.longitude),
        }
    if entry.website:
        data["sameAs"] = entry.website
    return data


def organisation(organisation, absolute):
    data = _organisation(organisation, absolute)
    if organisation.description:
        data["description"] = organisation.description
    if organisation.parent_id:
        data["parentOrganization"] = _organisation(organisation.parent, absolute)
    if organisation.city:
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": organisation.city,
            "addressCountry": organisation.region.country,
        }
    return data


def region(region, absolute):
    data = {
        "@type": "AdministrativeArea",
        "name": region.name,
        "url": absolute(region.get_absolute_url()),
        "containedInPlace": {"@type": "Country", "identifier": region.country},
    }
    if region.nuts_code:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "NUTS", "value": region.nuts_code}
    return data


def theme(theme, absolute):
    return {
        "@type": "DefinedTerm",
        "name": theme.name,
        "description": theme.description,
        "url": absolute(theme.get_absolute_url()),
    }


def cluster(cluster, absolute):
    data = {
        "@type": "Organization",
        "name": cluster.name,
        "description": cluster.description,
        "url": absolute(cluster.get_absolute_url()),
        "member": [
            {
                "@type": "Organization",
                "name": member.name,
                "url": absolute(member.get_absolute_url()),
            }
            for member in cluster.members.all()
        ],
    }
    if cluster.website:
        data["sameAs"] = cluster.website
    return data
