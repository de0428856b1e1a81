from django.urls import path

from access import views

app_name = "access"

urlpatterns = [
    path("infrastructures/<slug:slug>/request/", views.InfrastructureRequestView.as_view(), name="request"),
    path(
        "infrastructures/<slug:slug>/report/", views.OutdatedInformationView.as_view(), name="report-outdated"
    ),
    path(
        "infrastructures/<slug:slug>/report/sent/",
        views.OutdatedInformationSentView.as_view(),
        name="report-sent",
    ),
    path("request/", views.OneStopRequestView.as_view(), name="one-stop"),
    path("request/sent/<str:reference>/", views.RequestSentView.as_view(), name="sent"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("curation/requests/", views.RequestListView.as_view(), name="curation-list"),
    path("curation/requests/<str:reference>/", views.RequestCurateView.as_view(), name="curate"),
    path("curation/outdated-information/", views.OutdatedReportListView.as_view(), name="curation-reports"),
]
