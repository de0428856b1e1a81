"""The reports' pages and downloads. Figures come from `selectors`; who sees which funding and which
entries from the querysets (`visible_to`): the public sees published entries, a managing authority
and curators also drafts, marked as such."""

from datetime import date

from django.contrib import messages
from django.core.paginator import InvalidPage, Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from infrastructures import jsonld
from regions import roles
from reports import charts, downloads, selectors, services
from reports.forms import CompareForm, SmeAccessForm

ROWS_PER_PAGE = 50
XLSX_IN_REQUEST_MAX = 5000  # records; a larger workbook is written by a background job
FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_safe
def home(request):
    """Where a managing authority starts: the three reports, and each programme's funded list."""
    programmes = selectors.programmes_with_funding(request.user)
    page = jsonld.for_page(jsonld.web_page(request, _("Reports")))
    return render(request, "reports/home.html", {"programmes": programmes, "jsonld": page})


def _errors(form, filters=None):
    """[(label, message)] of a bound form or FilterSet form."""
    fields = filters or form.fields
    return [
        (getattr(fields.get(name), "label", None) or name, message)
        for name, messages_ in form.errors.items()
        for message in messages_
    ]


def _plain_error(errors):
    text = "\n".join(f"{label}: {message}" for label, message in errors)
    return HttpResponse(text + "\n", status=400, content_type="text/plain; charset=utf-8")


def _querystring_without(request, *keys):
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


@require_safe
def funding(request):
    """The funded list: records with their totals, narrowed by the filters in the URL; the same
    URL with `format=csv|xlsx|json` downloads the same rows and totals."""
    filterset = selectors.funding_filterset(request.user, request.GET)
    file_format = request.GET.get("format", "")
    context = {
        "filterset": filterset,
        "querystring": _querystring_without(request, "page", "format"),
        "reads_drafts": roles.sees_drafts(request.user),
        "jsonld": jsonld.for_page(jsonld.web_page(request, _("Funded list"))),
    }
    errors = [] if filterset.is_valid() else _errors(filterset.form, filterset.filters)
    if file_format and file_format not in FORMATS:
        errors.append((_("Format"), _("Choose csv, xlsx or json.")))
    if errors:
        if file_format:
            return _plain_error(errors)
        return render(request, "reports/funding.html", {**context, "errors": errors}, status=400)

    records = filterset.qs
    if file_format:
        return _download(request, records, file_format, filterset)

    paginator = Paginator(records.for_report().in_report_order(), ROWS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        message = _("There is no page %(page)s of this list.") % {"page": request.GET.get("page", "")[:20]}
        return render(
            request, "reports/funding.html", {**context, "errors": [(_("Page"), message)]}, status=400
        )
    owners = filterset.form.cleaned_data.get("owner") or []
    if len(owners) == 1:  # one organisation's list: its funding per year too
        years = selectors.funding_by_year(owners[0].funding_records.select_related("programme"))
        context.update(
            organisation=owners[0],
            organisation_years=years,
            funding_chart=charts.organisation_charts(years[0], []).get("funding"),
        )
    context.update(
        page=page,
        rows=[selectors.report_row(record) for record in page.object_list],
        totals=selectors.funding_totals(records),
    )
    return render(request, "reports/funding.html", context)


def _download(request, records, file_format, filterset):
    name = f"funding-{date.today().isoformat()}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(downloads.csv_lines(records), content_type=CONTENT_TYPES["csv"])
    elif file_format == "json":
        filters = {key: request.GET.getlist(key) for key in filterset.filters if key in request.GET}
        response = StreamingHttpResponse(
            downloads.json_chunks(records, filters), content_type=CONTENT_TYPES["json"]
        )
    elif records.count() > XLSX_IN_REQUEST_MAX:
        if roles.uses_curation_tools(request.user):
            job = services.funding_export_start(
                user=request.user, query=_querystring_without(request, "page", "format")
            )
            return redirect(job)
        messages.info(
            request,
            _(
                "This list has more than %(count)s records: too many for a spreadsheet made while you "
                "wait. Download it as CSV or JSON (both open in a spreadsheet program), or narrow the "
                "filters."
            )
            % {"count": XLSX_IN_REQUEST_MAX},
        )
        query = _querystring_without(request, "page", "format")
        return redirect(f"{request.path}?{query}" if query else request.path)
    else:
        response = HttpResponse(downloads.xlsx_bytes(records), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def compare(request):
    """Two or more regions side by side, as tables and as charts of the same figures."""
    form = CompareForm(request.GET or None)
    context = {"form": form, "jsonld": jsonld.for_page(jsonld.web_page(request, _("Compare regions")))}
    if not form.is_bound:
        return render(request, "reports/compare.html", context)
    if not form.is_valid():
        return render(request, "reports/compare.html", {**context, "errors": _errors(form)}, status=400)
    comparison = selectors.region_comparison(list(form.cleaned_data["region"]), request.user)
    return render(
        request,
        "reports/compare.html",
        {**context, "comparison": comparison, "charts": charts.comparison_charts(comparison)},
    )


@require_safe
def sme_access(request):
    """Access requests and completed accesses by company size, per year, region and infrastructure."""
    form = SmeAccessForm(request.GET)
    context = {"form": form, "jsonld": jsonld.for_page(jsonld.web_page(request, _("SME access")))}
    if not form.is_valid():
        return render(request, "reports/sme_access.html", {**context, "errors": _errors(form)}, status=400)
    cleaned = form.cleaned_data
    figures = selectors.sme_access(
        request.user, list(cleaned["region"] or []), cleaned.get("year_from"), cleaned.get("year_to")
    )
    return render(
        request,
        "reports/sme_access.html",
        {**context, "figures": figures, "charts": charts.sme_access_charts(figures)},
    )
