"""Curators' pages: data quality, spreadsheet import and export. Rights come from the querysets."""

from django.contrib import admin, messages
from django.contrib.auth.mixins import AccessMixin, LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from access.models import AccessRequest
from infrastructures import exports, services
from infrastructures.columns import CLEAR, CLEAR_HELP, SHEETS, SHEETS_BY_NAME
from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.forms import EncodingForm, MappingForm
from infrastructures.models import ImportMapping, Infrastructure, Job
from infrastructures.quality import PROBLEMS, quality_page
from infrastructures.tables import UPLOAD_SUFFIXES, WORKBOOK_SUFFIX
from regions import roles

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
EXPORT_IN_REQUEST_MAX = 2000  # rows; a larger export is written by a background job
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CuratorRequiredMixin(AccessMixin):
    """Logged-in curators only: regional managers, managing authorities (reading), superusers."""

    writes = False

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not (roles.curates(user) if self.writes else roles.uses_curation_tools(user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_login_url(self):
        return reverse("admin:login")


def login(request):
    """The admin's login page; without a `next`, each role lands on its own start page."""
    asked_for = "next" in request.GET or "next" in request.POST
    return admin.site.login(request, extra_context=None if asked_for else {"next": reverse("curation:start")})


class StartView(LoginRequiredMixin, View):
    """Where a login lands: the curation home for curators, the reports for a managing authority,
    the admin's index for other staff."""

    def get(self, request):
        if roles.curates(request.user):
            return redirect("curation:home")
        if roles.reads_everything(request.user):
            return redirect("reports:home")
        return redirect("admin:index")


class CurationHomeView(CuratorRequiredMixin, View):
    """Where a curator starts: the new access requests of their regions, then the tools."""

    NEW_REQUESTS_SHOWN = 20

    def get(self, request):
        new = AccessRequest.objects.visible_to(request.user).filter(status=AccessRequest.Status.NEW)
        context = {
            "requests": new.for_listing()[: self.NEW_REQUESTS_SHOWN],
            "new_count": new.count(),
            "mail_trouble_count": AccessRequest.objects.visible_to(request.user)
            .with_mail_trouble()
            .filter(mail_trouble=True)
            .count(),
        }
        return render(request, "curation/home.html", context)


class DataQualityView(CuratorRequiredMixin, View):
    def get(self, request):
        problem = request.GET.get("problem")
        report = quality_page(
            Infrastructure.objects.curated_by(request.user),
            problem=problem if problem in PROBLEMS else None,
            page_number=request.GET.get("page") or 1,
        )
        shown = [row.entry.pk for row in report.page]
        editable = set(
            Infrastructure.objects.editable_by(request.user).filter(pk__in=shown).values_list("pk", flat=True)
        )
        context = {"report": report, "problems": PROBLEMS, "problem": report.problem, "editable": editable}
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
    """Upload a file: it is stored and checked by a background job, whose page shows the result."""

    writes = True
    template_name = "curation/import.html"

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def context(self, request, **extra):
        recent = Job.objects.filter(user=request.user, kind=Job.Kind.IMPORT)[:5]
        extra.setdefault("saved_mappings", ImportMapping.objects.filter(user=request.user))
        return {"sheets": SHEETS, "clear": CLEAR, "clear_help": CLEAR_HELP, "recent_jobs": recent, **extra}

    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return self.refuse(request, _("Choose a CSV or XLSX file."))
        if upload.size > MAX_UPLOAD_BYTES:
            return self.refuse(request, _("The file is larger than 10 MB."))
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            return self.refuse(request, _("Upload a .csv or .xlsx file."))
        job = services.import_start(user=request.user, upload=upload)
        return redirect(job)

    def refuse(self, request, message):
        return render(request, self.template_name, self.context(request, file_error=message), status=400)


class ImportMappingDeleteView(CuratorRequiredMixin, View):
    """Forget a saved column mapping (the curator's own)."""

    writes = True

    def post(self, request, pk):
        mapping = get_object_or_404(ImportMapping, pk=pk, user=request.user)
        services.import_mapping_delete(user=request.user, mapping=mapping)
        messages.success(request, _("The mapping “%(name)s” was deleted.") % {"name": mapping.name})
        return redirect("curation:import")


class JobView(CuratorRequiredMixin, View):
    """A job's state and progress (the page refreshes itself until the job ends). For an import:
    the columns to match, the plan of every change with the button that confirms it, or every
    problem; and the forms that read the file again (another encoding, other columns). Only the
    curator who started it sees it."""

    def get_job(self, request, pk):
        return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)

    def get(self, request, pk):
        job = self.get_job(request, pk)
        return self.render_job(request, job)

    def render_job(self, request, job, mapping_form=None, encoding_form=None, status=None):
        proposal = job.parameters.get("proposal") or {}
        context = {"job": job, "unmatched": [column for column, target in proposal.items() if not target]}
        if _may_read_again(request.user, job):
            is_csv = not job.filename.lower().endswith(WORKBOOK_SUFFIX)
            context["encoding_form"] = encoding_form or (
                EncodingForm(initial={"encoding": job.result.get("encoding")}) if is_csv else None
            )
            if job.parameters.get("header"):
                context["mapping_form"] = mapping_form or MappingForm(
                    header=job.parameters["header"],
                    user=request.user,
                    samples=job.parameters.get("samples"),
                    proposal=job.parameters.get("mapping") or job.parameters.get("proposal"),
                    initial=MappingForm.initial_from(
                        job.parameters.get("defaults") or {},
                        job.parameters.get("rows_are", "infrastructures"),
                    ),
                )
        if status is None:
            status = 400 if job.state == Job.State.FAILED and job.step == Job.Step.CHECK else 200
        return render(request, "curation/job.html", context, status=status)

    def post(self, request, pk):
        job = self.get_job(request, pk)
        if job.kind != Job.Kind.IMPORT:
            return HttpResponseNotAllowed(["GET"])
        try:
            services.import_confirm(user=request.user, job=job)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        return redirect(job)


def _may_read_again(user, job):
    return job.can_be_read_again and job.user_id == user.pk


class JobRecheckView(JobView):
    """Read an uploaded file again: in another encoding, or with its columns matched."""

    writes = True

    def get(self, request, pk):
        return redirect("curation:job", pk=pk)

    def post(self, request, pk):
        job = self.get_job(request, pk)
        if not _may_read_again(request.user, job):
            return HttpResponseNotAllowed(["GET"])
        if "encoding" in request.POST:
            return self.reread(request, job)
        return self.map_columns(request, job)

    def reread(self, request, job):
        form = EncodingForm(request.POST)
        if not form.is_valid():
            return self.render_job(request, job, encoding_form=form, status=400)
        try:
            services.import_reread(user=request.user, job=job, encoding=form.cleaned_data["encoding"])
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        return redirect(job)

    def map_columns(self, request, job):
        form = MappingForm(
            request.POST,
            header=job.parameters.get("header") or [],
            user=request.user,
            samples=job.parameters.get("samples"),
        )
        if form.is_valid():
            try:
                services.import_map(
                    user=request.user,
                    job=job,
                    mapping=form.mapping(),
                    defaults=form.defaults(),
                    save_as=form.cleaned_data["save_as"],
                )
                return redirect(job)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
        return self.render_job(request, job, mapping_form=form, status=400)


class JobStatusView(JobView):
    """A job's progress as JSON, for the job page to follow without reloading."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        job = self.get_job(request, pk)
        rows = ""
        if job.total:
            rows = _("%(done)s of %(total)s rows") % {"done": job.done, "total": job.total}
        return JsonResponse(
            {
                "state": job.get_state_display(),
                "rows": rows,
                "percent": job.percent,
                "finished": job.is_finished,
            }
        )


class JobDownloadView(JobView):
    """The file a finished export job wrote, for the curator who asked for it."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        job = self.get_job(request, pk)
        if not job.output:
            raise Http404
        return FileResponse(job.output.open("rb"), as_attachment=True, filename=job.filename)


def _table(request):
    """The table a CSV download is of (`?table=equipment`); the entries when none is named."""
    table = request.GET.get("table") or "infrastructures"
    return table if table in SHEETS_BY_NAME else None


class ImportTemplateView(CuratorRequiredMixin, View):
    def get(self, request, file_format):
        table = _table(request)
        if table is None:
            return _unknown_table()
        if file_format == "xlsx":
            response = HttpResponse(exports.template_xlsx(), content_type=XLSX)
            name = exports.filename("xlsx", suffix="-template")
        else:
            response = HttpResponse(exports.template_csv(table), content_type="text/csv; charset=utf-8")
            name = exports.filename("csv", table, suffix="-template")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _unknown_table():
    return HttpResponse(
        _("Unknown table. Choose one of: %(tables)s.") % {"tables": ", ".join(SHEETS_BY_NAME)},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


class ExportView(CuratorRequiredMixin, View):
    """The user's entries (drafts included), narrowed by the search page's filters."""

    def get(self, request, file_format):
        table = _table(request)
        if table is None:
            return _unknown_table()
        query = request.GET.copy()
        query.pop("table", None)
        filterset = InfrastructureFilterSet(query, queryset=Infrastructure.objects.curated_by(request.user))
        if not filterset.is_valid():
            return HttpResponse(
                str(filterset.errors.as_text()), status=400, content_type="text/plain; charset=utf-8"
            )
        queryset = filterset.qs
        if queryset.count() > EXPORT_IN_REQUEST_MAX:
            job = services.export_start(
                user=request.user, file_format=file_format, query=query.urlencode(), table=table
            )
            return redirect(job)
        if file_format == "xlsx":
            response = HttpResponse(exports.xlsx_bytes(queryset), content_type=XLSX)
            name = exports.filename("xlsx")
        else:
            response = StreamingHttpResponse(
                exports.csv_rows(queryset, table=table), content_type="text/csv; charset=utf-8"
            )
            name = exports.filename("csv", table)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
