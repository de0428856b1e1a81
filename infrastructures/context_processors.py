from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def catalogue(request):
    return {"map_tile_url": settings.MAP_TILE_URL, "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION}


def language_versions(request):
    """This page in each language, for the switch and for search engines.

    Plain links rather than Django's set_language form: with English unprefixed, set_language
    (served outside the i18n patterns) cannot resolve a /nl/ address, so it sent the visitor back
    to the Dutch page; the address alone decides the language here.
    """
    current = get_language()
    path = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        versions.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return {"language_versions": versions}
