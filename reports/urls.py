from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("funding/", views.funding, name="funding"),
    path("compare/", views.compare, name="compare"),
    path("sme-access/", views.sme_access, name="sme-access"),
]
