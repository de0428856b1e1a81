"""Access requests and reports of outdated information: the public forms (no account), and the
curators' lists and handling pages. Who sees which request or report is decided by the models'
querysets (visible_to / editable_by)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from access import services
from access.filtersets import OPEN, AccessRequestFilterSet
from access.forms import (
    AccessRequestForm,
    HandledForm,
    MoveForm,
    OneStopRequestForm,
    OutdatedInformationForm,
)
from access.limits import over_the_rate, retry_after_seconds
from access.models import AccessRequest, OutdatedInformationReport
from infrastructures import jsonld
from infrastructures.models import Infrastructure
from infrastructures.views.curation import CuratorRequiredMixin
from rii_catalogue.writes import StaleVersion

SENT_IN_SESSION = "access_requests_sent"
REPORTS_IN_SESSION = "outdated_reports_sent"


class RequestFormView(View):
    """GET shows the form; POST stores the request once and shows its reference."""

    form_class = None
    template_name = "access/request_form.html"

    def get(self, request, **kwargs):
        return self.render_form(self.form_class(initial=self.initial()))

    def post(self, request, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        # Counted once valid: a company correcting its typing mistakes is not held back.
        if over_the_rate(request):
            message = _(
                "Too many requests were sent from your address. Nothing was sent: try again in an hour."
            )
            response = self.render_form(form, status=429, refusal=message)
            response["Retry-After"] = str(retry_after_seconds())
            return response
        try:
            access_request, _created = self.submit(form)
        except ValidationError as error:  # the entry was unpublished meanwhile
            raise Http404 from error
        sent = request.session.get(SENT_IN_SESSION, [])
        request.session[SENT_IN_SESSION] = [*sent, access_request.reference][-20:]
        return redirect("access:sent", reference=access_request.reference)

    def initial(self):
        return {}

    def render_form(self, form, status=200, refusal=None):
        context = {"form": form, "refusal": refusal, **self.context()}
        return render(self.request, self.template_name, context, status=status)


class InfrastructureRequestView(RequestFormView):
    form_class = AccessRequestForm

    def dispatch(self, request, slug, **kwargs):
        self.infrastructure = get_object_or_404(
            Infrastructure.objects.published().select_related("region", "owner"), slug=slug
        )
        return super().dispatch(request, **kwargs)

    def context(self):
        title = _("Request access to %(name)s") % {"name": self.infrastructure.name}
        return {
            "infrastructure": self.infrastructure,
            "jsonld": jsonld.for_page(jsonld.contact_page(self.request, title, self.infrastructure)),
        }

    def submit(self, form):
        return services.access_request_submit(
            values=form.request_values,
            infrastructure=self.infrastructure,
            language=get_language(),
            origin="form",
        )


class OneStopRequestView(RequestFormView):
    form_class = OneStopRequestForm

    def initial(self):
        """From the search the company came from: its regions, themes and words."""
        query = self.request.GET
        return {
            "regions": query.getlist("region"),
            "themes": query.getlist("theme"),
            "need": query.get("q", "")[:500],
        }

    def context(self):
        title = _("Ask for the right infrastructure")
        return {"infrastructure": None, "jsonld": jsonld.for_page(jsonld.contact_page(self.request, title))}

    def submit(self, form):
        return services.access_request_submit(
            values=form.request_values,
            regions=form.cleaned_data["regions"],
            themes=form.cleaned_data["themes"],
            language=get_language(),
            origin="form",
        )


class RequestSentView(View):
    """The confirmation: only in the browser that sent the request (the reference is no password)."""

    def get(self, request, reference):
        if reference not in request.session.get(SENT_IN_SESSION, []):
            raise Http404
        access_request = get_object_or_404(
            AccessRequest.objects.select_related("infrastructure__region").prefetch_related("regions"),
            reference=reference,
        )
        page = jsonld.for_page(jsonld.web_page(request, _("Request sent")))
        return render(request, "access/request_sent.html", {"access_request": access_request, "jsonld": page})


class PrivacyView(TemplateView):
    template_name = "access/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention_days=settings.ACCESS_REQUEST_RETENTION_DAYS,
            privacy_contact=settings.PRIVACY_CONTACT_EMAIL,
            jsonld=jsonld.for_page(jsonld.web_page(self.request, _("Privacy"))),
            **kwargs,
        )


class OutdatedInformationView(View):
    """A visitor tells the curators of an entry's region what is out of date: GET shows the form,
    POST stores the report once and shows the confirmation."""

    template_name = "access/outdated_form.html"

    def dispatch(self, request, slug, **kwargs):
        self.infrastructure = get_object_or_404(
            Infrastructure.objects.published().select_related("region"), slug=slug
        )
        return super().dispatch(request, **kwargs)

    def get(self, request):
        return self.render_form(OutdatedInformationForm())

    def post(self, request):
        form = OutdatedInformationForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        if over_the_rate(request):  # the access requests' limit, per address, counted once valid
            message = _(
                "Too many messages were sent from your address. Nothing was sent: try again in an hour."
            )
            response = self.render_form(form, status=429, refusal=message)
            response["Retry-After"] = str(retry_after_seconds())
            return response
        try:
            report, _created = services.outdated_report_submit(
                infrastructure=self.infrastructure,
                values=form.report_values,
                language=get_language(),
                origin="form",
            )
        except ValidationError as error:  # the entry was unpublished meanwhile
            raise Http404 from error
        sent = request.session.get(REPORTS_IN_SESSION, [])
        request.session[REPORTS_IN_SESSION] = [*sent, report.pk][-20:]
        return redirect("access:report-sent", slug=self.infrastructure.slug)

    def render_form(self, form, status=200, refusal=None):
        title = _("Report outdated information on %(name)s") % {"name": self.infrastructure.name}
        context = {
            "form": form,
            "refusal": refusal,
            "infrastructure": self.infrastructure,
            "retention_days": settings.ACCESS_REQUEST_RETENTION_DAYS,
            "jsonld": jsonld.for_page(jsonld.contact_page(self.request, title, self.infrastructure)),
        }
        return render(self.request, self.template_name, context, status=status)


class OutdatedInformationSentView(View):
    """The confirmation: only in the browser that sent the report (it shows the reply address)."""

    def get(self, request, slug):
        report = (
            OutdatedInformationReport.objects.filter(
                pk__in=request.session.get(REPORTS_IN_SESSION, []),
                infrastructure__in=Infrastructure.objects.published().filter(slug=slug),
            )
            .select_related("infrastructure__region")
            .order_by("-pk")
            .first()
        )
        if report is None:
            raise Http404
        page = jsonld.for_page(jsonld.web_page(request, _("Thank you for your report")))
        return render(request, "access/outdated_sent.html", {"report": report, "jsonld": page})


# Curators


class RequestListView(CuratorRequiredMixin, View):
    """The requests of the user's regions (open ones unless the filter says otherwise), newest
    first; those whose e-mail failed are marked."""

    PAGE_SIZE = 50

    def get(self, request):
        query = request.GET.copy()
        query.setdefault("status", OPEN)
        filterset = AccessRequestFilterSet(query, queryset=AccessRequest.objects.visible_to(request.user))
        if not filterset.is_valid():
            context = {"filterset": filterset, "requests": [], "page": None}
            return render(request, "access/curation_list.html", context, status=400)
        paginator = Paginator(filterset.qs.for_listing(), self.PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404 from None
        params = query.copy()
        params.pop("page", None)
        context = {
            "filterset": filterset,
            "page": page,
            "requests": page.object_list,
            "querystring_without_page": params.urlencode(),
        }
        return render(request, "access/curation_list.html", context)


class RequestCurateView(CuratorRequiredMixin, View):
    """One request: what the company sent (read-only), its events and e-mails; the move form for
    the curators of its regions."""

    def get_request(self, reference):
        queryset = AccessRequest.objects.visible_to(self.request.user).select_related(
            "infrastructure__region"
        )
        return get_object_or_404(
            queryset.prefetch_related("regions", "themes", "forwarded_to", "events__actor", "notifications"),
            reference=reference,
        )

    def forward_choices(self, access_request):
        return (
            Infrastructure.objects.published()
            .editable_by(self.request.user)
            .filter(region__in=access_request.regions.all())
            .order_by("name")
        )

    def move_form(self, access_request, data=None):
        if not AccessRequest.objects.editable_by(self.request.user).filter(pk=access_request.pk).exists():
            return None
        return MoveForm(
            data, access_request=access_request, forward_choices=self.forward_choices(access_request)
        )

    def get(self, request, reference):
        access_request = self.get_request(reference)
        return self.render_page(access_request, self.move_form(access_request))

    def post(self, request, reference):
        access_request = self.get_request(reference)
        form = self.move_form(access_request, request.POST)
        if form is None:
            raise PermissionDenied
        if not form.is_valid():
            return self.render_page(access_request, form, status=400)
        try:
            services.access_request_move(
                user=request.user,
                access_request=access_request,
                status=form.cleaned_data["status"] or None,
                note=form.cleaned_data["note"],
                forward_to=form.cleaned_data["forward_to"],
                origin="curation",
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as error:
            form.add_error(None, str(error))
            return self.render_page(access_request, form, status=409)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
            return self.render_page(access_request, form, status=400)
        without_contact = [entry.name for entry in form.cleaned_data["forward_to"] if not entry.contact_email]
        if without_contact:
            messages.warning(
                request,
                _("No e-mail went to %(names)s: they have no contact e-mail. Pass the request on yourself.")
                % {"names": ", ".join(without_contact)},
            )
        messages.success(request, _("Saved."))
        return redirect("access:curate", reference=reference)

    def render_page(self, access_request, form, status=200):
        context = {"access_request": access_request, "form": form}
        return render(self.request, "access/curation_request.html", context, status=status)


class OutdatedReportListView(CuratorRequiredMixin, View):
    """The reports of outdated information about entries of the user's regions, newest first: the
    open ones, or (?show=handled) those handled. Their curators mark each handled, or open again."""

    PAGE_SIZE = 50

    def get(self, request, status=200, problem=None):
        show_handled = request.GET.get("show") == "handled"
        reports = OutdatedInformationReport.objects.visible_to(request.user)
        reports = reports.filter(handled=True) if show_handled else reports.open()
        paginator = Paginator(reports.for_listing(), self.PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404 from None
        on_page = [report.pk for report in page.object_list]
        editable = OutdatedInformationReport.objects.editable_by(request.user).filter(pk__in=on_page)
        context = {
            "page": page,
            "reports": page.object_list,
            "editable": set(editable.values_list("pk", flat=True)),
            "show_handled": show_handled,
            "querystring_without_page": "show=handled" if show_handled else "",
            "problem": problem,
        }
        return render(request, "access/curation_outdated.html", context, status=status)

    def post(self, request):
        form = HandledForm(request.POST)
        if not form.is_valid():
            return self.get(request, status=400, problem=_("Choose a report and whether it is handled."))
        report = get_object_or_404(
            OutdatedInformationReport.objects.visible_to(request.user), pk=form.cleaned_data["report"]
        )
        handled = form.cleaned_data["handled"]
        services.outdated_report_set_handled(
            user=request.user, report=report, handled=handled, origin="curation"
        )
        messages.success(request, _("Marked handled.") if handled else _("Open again."))
        return redirect(request.get_full_path())
