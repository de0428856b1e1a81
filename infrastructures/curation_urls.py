from django.urls import path, re_path

from infrastructures.views import curation

app_name = "curation"

urlpatterns = [
    path("", curation.CurationHomeView.as_view(), name="home"),
    path("start/", curation.StartView.as_view(), name="start"),
    path("quality/", curation.DataQualityView.as_view(), name="quality"),
    path("import/", curation.ImportView.as_view(), name="import"),
    path("mappings/<int:pk>/delete/", curation.ImportMappingDeleteView.as_view(), name="mapping-delete"),
    path("jobs/<int:pk>/", curation.JobView.as_view(), name="job"),
    path("jobs/<int:pk>/status/", curation.JobStatusView.as_view(), name="job-status"),
    path("jobs/<int:pk>/read-again/", curation.JobRecheckView.as_view(), name="job-recheck"),
    path("jobs/<int:pk>/download/", curation.JobDownloadView.as_view(), name="job-download"),
    re_path(
        r"^import/template\.(?P<file_format>csv|xlsx)$",
        curation.ImportTemplateView.as_view(),
        name="import-template",
    ),
    re_path(r"^export\.(?P<file_format>csv|xlsx)$", curation.ExportView.as_view(), name="export"),
]
