from django.urls import path

from infrastructures.views import maps, public

app_name = "catalogue"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("search/", public.search, name="search"),
    path("map/features/", maps.map_features, name="map-features"),
    path("infrastructures/<slug:slug>/", public.InfrastructureDetailView.as_view(), name="infrastructure"),
    path("organisations/<slug:slug>/", public.OrganisationDetailView.as_view(), name="organisation"),
    path("regions/<slug:slug>/", public.RegionDetailView.as_view(), name="region"),
    path("themes/<slug:slug>/", public.ThemeDetailView.as_view(), name="theme"),
    path("clusters/<slug:slug>/", public.ClusterDetailView.as_view(), name="cluster"),
]
