"""schema.org descriptions of the catalogue's records: embedded as JSON-LD in the public pages
(`for_page`) and written as the open-data JSON-LD file, one vocabulary for both.

Each record builder takes the record and `absolute`, a function that makes a path an absolute address
(`request.build_absolute_uri` on a page; the site's address in a file). The page builders describe
the page itself (its type, title, address and language, part of the catalogue's WebSite) and take
the request. Every builder leaves out the properties that have no value: schema.org readers take an
empty string for a value, and Google reports an empty description as an error.
"""

import json

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

# The characters json_script escapes, so that text in the JSON cannot close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

SEARCH_TERM = "search_term_string"  # the SearchAction's placeholder, named in its query-input


def for_page(data):
    """The description as the body of a <script type=\"application/ld+json\"> element."""
    data = {"@context": "https://schema.org", **data}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def _compact(value):
    """`value` without the properties that have no value (None, "", [], a node left with nothing
    but its type), at every depth."""
    if isinstance(value, dict):
        kept = {key: _compact(item) for key, item in value.items()}
        kept = {key: item for key, item in kept.items() if item not in (None, "", [], {})}
        return kept if set(kept) - {"@type"} else {}
    if isinstance(value, list):
        return [item for item in map(_compact, value) if item not in (None, "", [], {})]
    return value.strip() if isinstance(value, str) else value


# The site and its pages


def website(absolute):
    """The catalogue as a WebSite, in the language of the page that names it."""
    home = absolute(reverse("catalogue:home"))
    return {
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": _("RII catalogue"),
        "description": _("Find labs, pilot lines and test beds your company can use, and on what terms."),
        "url": home,
        "inLanguage": get_language(),
    }


def home(request):
    """The home page: the WebSite, with its search as a SearchAction (the sitelinks search box)."""
    data = website(request.build_absolute_uri)
    # Appended after build_absolute_uri, which would percent-encode the braces of the placeholder.
    search = request.build_absolute_uri(reverse("catalogue:search"))
    data["potentialAction"] = {
        "@type": "SearchAction",
        "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{{SEARCH_TERM}}}"},
        "query-input": f"required name={SEARCH_TERM}",
    }
    return _compact(data)


def web_page(request, name, page_type="WebPage", url=None, **properties):
    """A page of the catalogue: `page_type` is WebPage or the more specific type it is (ContactPage,
    ItemPage, SearchResultsPage...), `name` its title; `url` its address, by default the one asked."""
    absolute = request.build_absolute_uri
    data = {
        "@type": page_type,
        "name": str(name),
        "url": url or absolute(),
        "inLanguage": get_language(),
        "isPartOf": website(absolute),
        **properties,
    }
    return _compact(data)


def contact_page(request, name, infrastructure=None):
    """A form that writes to an infrastructure or to the curators: a ContactPage, about the
    infrastructure it names."""
    about = None
    if infrastructure is not None:
        url = request.build_absolute_uri(infrastructure.get_absolute_url())
        about = {"@type": "Place", "name": infrastructure.name, "url": url}
    return web_page(request, name, "ContactPage", about=about)


def record_page(request, describe, record):
    """A record's page: the record as `describe` (a builder below) describes it, with its page (an
    ItemPage) as its `mainEntityOfPage`. The record stays the top node, where readers look for it."""
    described = describe(record, request.build_absolute_uri)
    described["mainEntityOfPage"] = web_page(request, described["name"], "ItemPage", url=described["url"])
    return described


def search_page(request, name, page=None):
    """The search page; with a `page` of results, its main entity is the list of those results,
    numbered from the first result of the search (`numberOfItems` counts them all)."""
    results = None
    if page is not None and page.object_list:
        absolute = request.build_absolute_uri
        results = {
            "@type": "ItemList",
            "numberOfItems": page.paginator.count,
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "url": absolute(entry.get_absolute_url()),
                    "name": entry.name,
                }
                for position, entry in enumerate(page.object_list, start=page.start_index())
            ],
        }
    return web_page(request, name, "SearchResultsPage", mainEntity=results)


# The records


def _organisation(organisation, absolute):
    return {
        "@type": "Organization",
        "name": organisation.name,
        "alternateName": organisation.acronym,
        "url": absolute(organisation.get_absolute_url()),
        "sameAs": organisation.website,
    }


def _country(code):
    return {"@type": "Country", "name": countries.name(code) or code, "identifier": code}


def equipment(item, absolute):
    """An equipment item as a Product, identified by its place on its infrastructure's page.

    The instrument fields map as PIDINST asks: the identifier with its type, the landing page as url.
    """
    page = absolute(item.infrastructure.get_absolute_url())
    data = {
        "@type": "Product",
        "@id": f"{page}#equipment-{item.pk}",
        "name": item.name,
        "description": item.description,
        "manufacturer": {"@type": "Organization", "name": item.manufacturer},
        "model": item.model_number,
        "url": item.landing_page,
    }
    if item.identifier:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": item.identifier_type,
            "value": item.identifier,
        }
    return _compact(data)


def infrastructure(entry, absolute):
    """An infrastructure as a Place. Its owner is the `owner` (schema.org's inverse of `owns`), who
    owns its equipment too (the catalogue records no other owner for an item); its themes are
    DefinedTerms among its keywords. Operators have no property on a Place and are left out."""
    owner = _organisation(entry.owner, absolute)
    owner["owns"] = [equipment(item, absolute) for item in entry.equipment.all()]
    data = {
        "@type": "Place",
        "additionalType": entry.get_kind_display(),
        "name": entry.name,
        "alternateName": entry.acronym,
        "description": entry.summary or entry.description,
        "url": absolute(entry.get_absolute_url()),
        "keywords": [theme(term, absolute) for term in entry.themes.all()] + entry.keyword_list,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": entry.street_address,
            "postalCode": entry.postal_code,
            "addressLocality": entry.city,
            "addressCountry": entry.region.country,
        },
        "containedInPlace": region(entry.region, absolute),
        "telephone": entry.contact_phone,
        "sameAs": entry.website,
        "owner": owner,
    }
    if entry.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(entry.latitude),
            "longitude": float(entry.longitude),
        }
    return _compact(data)


def organisation(organisation, absolute):
    data = _organisation(organisation, absolute)
    data["description"] = organisation.description
    if organisation.parent_id:
        data["parentOrganization"] = _organisation(organisation.parent, absolute)
    if organisation.city:
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": organisation.city,
            "addressCountry": organisation.region.country,
        }
    return _compact(data)


def region(region, absolute):
    data = {
        "@type": "AdministrativeArea",
        "name": region.name,
        "url": absolute(region.get_absolute_url()),
        "containedInPlace": _country(region.country),
    }
    if region.nuts_code:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "NUTS", "value": region.nuts_code}
    return _compact(data)


def theme_set(absolute):
    """The catalogue's themes as a DefinedTermSet, published whole at the API's list of themes."""
    themes = absolute(reverse("api:theme-list"))
    return {"@type": "DefinedTermSet", "@id": themes, "name": _("Themes of the RII catalogue"), "url": themes}


def theme(theme, absolute):
    return _compact(
        {
            "@type": "DefinedTerm",
            "name": theme.name,
            "description": theme.description,
            "termCode": theme.slug,
            "url": absolute(theme.get_absolute_url()),
            "inDefinedTermSet": theme_set(absolute),
        }
    )


def cluster(cluster, absolute):
    data = {
        "@type": "Organization",
        "name": cluster.name,
        "description": cluster.description,
        "url": absolute(cluster.get_absolute_url()),
        "sameAs": cluster.website,
        "member": [_organisation(member, absolute) for member in cluster.members.all()],
    }
    return _compact(data)
