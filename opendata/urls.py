from django.urls import path

from opendata.views import catalog, downloads

app_name = "opendata"

urlpatterns = [
    path("", downloads.index, name="index"),
    path("files/<str:name>", downloads.published_file, name="file"),
    # DCAT-AP 3.0.1 metadata of the catalogue, for data portals that harvest it.
    path("catalog.<str:rdf_format>", catalog.catalog, name="catalog"),
]
