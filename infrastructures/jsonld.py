"""schema.org descriptions of the public pages, embedded as JSON-LD."""

import json

from django.utils.safestring import mark_safe

# The characters json_script escapes, so that text in the JSON cannot close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def as_script_json(data):
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def _organisation(organisation, request):
    data = {
        "@type": "Organization",
        "name": organisation.name,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }
    if organisation.acronym:
        data["alternateName"] = organisation.acronym
    if organisation.website:
        data["sameAs"] = organisation.website
    return data


def infrastructure_jsonld(entry, request):
    data = {
        "@context": "https://schema.org",
        "@type": "Place",
        "additionalType": entry.get_kind_display(),
        "name": entry.name,
        "description": entry.summary or entry.description,
        "url": request.build_absolute_uri(entry.get_absolute_url()),
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
    return as_script_json(data)


def organisation_jsonld(organisation, request):
    data = {"@context": "https://schema.org", **_organisation(organisation, request)}
    if organisation.description:
        data["description"] = organisation.description
    if organisation.parent_id:
        data["parentOrganization"] = _organisation(organisation.parent, request)
    if organisation.city:
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": organisation.city,
            "addressCountry": organisation.region.country,
        }
    return as_script_json(data)


def region_jsonld(region, request):
    data = {
        "@context": "https://schema.org",
        "@type": "AdministrativeArea",
        "name": region.name,
        "url": request.build_absolute_uri(region.get_absolute_url()),
        "containedInPlace": {"@type": "Country", "identifier": region.country},
    }
    if region.nuts_code:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "NUTS", "value": region.nuts_code}
    return as_script_json(data)


def theme_jsonld(theme, request):
    return as_script_json(
        {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "name": theme.name,
            "description": theme.description,
            "url": request.build_absolute_uri(theme.get_absolute_url()),
        }
    )


def cluster_jsonld(cluster, request):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": cluster.name,
        "description": cluster.description,
        "url": request.build_absolute_uri(cluster.get_absolute_url()),
        "member": [
            {
                "@type": "Organization",
                "name": member.name,
                "url": request.build_absolute_uri(member.get_absolute_url()),
            }
            for member in cluster.members.all()
        ],
    }
    if cluster.website:
        data["sameAs"] = cluster.website
    return as_script_json(data)
