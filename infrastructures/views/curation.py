"""Curators' pages: data quality, spreadsheet import and export. Rights come from the querysets."""

import base64

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from infrastructures import exports, imports, services
from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.models import Infrastructure
from infrastructures.quality import PROBLEMS, quality_report
from regions import roles

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SESSION_KEY = "infrastructure_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CuratorRequiredMixin(AccessMixin):
    """Logged-in curators only: regional managers, managing authorities (reading), superusers."""

    writes = False

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        may_read = user.is_superuser or roles.is_regional_manager(user) or roles.is_managing_authority(user)
        may_write = user.is_superuser or roles.is_regional_manager(user)
        if not (may_write if self.writes else may_read):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_login_url(self):
        return reverse("admin:login")


class DataQualityView(CuratorRequiredMixin, View):
    def get(self, request):
        rows, counts = quality_report(Infrastructure.objects.curated_by(request.user))
        problem = request.GET.get("problem")
        if problem in PROBLEMS:
            rows = [row for row in rows if problem in row.problems]
        editable = set(Infrastructure.objects.editable_by(request.user).values_list("pk", flat=True))
        context = {
            "rows": rows,
            "counts": counts,
            "problems": PROBLEMS,
            "problem": problem,
            "editable": editable,
        }
        return render(request, "curation/quality.html", context)

    def post(self, request):
        """Mark the ticked entries as verified today."""
        ids = [value for value in request.POST.getlist("entry") if value.isdigit()]
        chosen = Infrastructure.objects.editable_by(request.user).filter(pk__in=ids)
        for entry in chosen:
            services.infrastructure_mark_reviewed(user=request.user, infrastructure=entry, origin="admin")
        messages.success(request, _("Marked as verified today: %(count)d.") % {"count": len(chosen)})
        return redirect(request.get_full_path())


class ImportView(CuratorRequiredMixin, View):
    """Upload, preview every problem, and import only a file without any."""

    writes = True
    template_name = "curation/import.html"

    def get(self, request):
        return render(request, self.template_name, {"columns": exports.COLUMNS})

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        upload = request.FILES.get("file")
        if upload is None:
            return self.refuse(request, _("Choose a CSV or XLSX file."))
        if upload.size > MAX_UPLOAD_BYTES:
            return self.refuse(request, _("The file is larger than 10 MB."))
        content = upload.read()
        preview = self.preview(request, content, upload.name)
        if preview is None:
            return self.refuse(request, self.file_error)
        if preview.is_valid:
            request.session[SESSION_KEY] = {
                "name": upload.name,
                "content": base64.b64encode(content).decode(),
            }
        status = 200 if preview.is_valid else 400
        context = {"columns": exports.COLUMNS, "preview": preview, "filename": upload.name}
        return render(request, self.template_name, context, status=status)

    def preview(self, request, content, filename):
        try:
            header, rows = imports.read_table(content, filename)
        except imports.ImportFileError as error:
            self.file_error = str(error)
            return None
        return imports.validate(request.user, header, rows)

    def confirm(self, request):
        stored = request.session.pop(SESSION_KEY, None)
        if stored is None:
            return self.refuse(request, _("Upload the file again: its preview has expired."))
        # Checked again: entries or rights may have changed since the preview.
        preview = self.preview(request, base64.b64decode(stored["content"]), stored["name"])
        if preview is None or not preview.is_valid:
            context = {"columns": exports.COLUMNS, "preview": preview, "filename": stored["name"]}
            return render(request, self.template_name, context, status=400)
        try:
            created, updated = imports.run_import(request.user, preview, origin="import")
        except (ValidationError, PermissionDenied) as error:
            return self.refuse(request, "; ".join(getattr(error, "messages", [str(error)])))
        messages.success(
            request,
            _("Imported: %(created)d created, %(updated)d updated.")
            % {"created": created, "updated": updated},
        )
        return redirect("curation:import")

    def refuse(self, request, message):
        context = {"columns": exports.COLUMNS, "file_error": message}
        return render(request, self.template_name, context, status=400)


class ImportTemplateView(CuratorRequiredMixin, View):
    def get(self, request, file_format):
        if file_format == "xlsx":
            response = HttpResponse(exports.template_xlsx(), content_type=XLSX)
        else:
            response = HttpResponse(exports.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="infrastructures-template.{file_format}"'
        return response


class ExportView(CuratorRequiredMixin, View):
    """The user's entries (drafts included), narrowed by the search page's filters."""

    def get(self, request, file_format):
        filterset = InfrastructureFilterSet(
            request.GET, queryset=Infrastructure.objects.curated_by(request.user)
        )
        if not filterset.is_valid():
            return HttpResponse(
                str(filterset.errors.as_text()), status=400, content_type="text/plain; charset=utf-8"
            )
        queryset = filterset.qs
        if file_format == "xlsx":
            response = HttpResponse(exports.xlsx_bytes(queryset), content_type=XLSX)
        else:
            response = StreamingHttpResponse(
                exports.csv_rows(queryset), content_type="text/csv; charset=utf-8"
            )
        response["Content-Disposition"] = f'attachment; filename="infrastructures.{file_format}"'
        return response
