"""The public request forms, the report of outdated information, and the curators' forms. The
rules across fields of a request live in validation.py, shared with the API."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from access.models import AccessRequest, OutdatedInformationReport
from access.validation import request_problems
from infrastructures.models import Infrastructure, Theme
from regions.models import Region

# Commission Recommendation 2003/361/EC: staff headcount, and turnover or balance-sheet total.
SIZE_CLASS_HELP = {
    AccessRequest.CompanySize.MICRO: _("and a turnover or balance sheet of at most € 2 million"),
    AccessRequest.CompanySize.SMALL: _("and a turnover or balance sheet of at most € 10 million"),
    AccessRequest.CompanySize.MEDIUM: _(
        "and a turnover of at most € 50 million or a balance sheet of at most € 43 million"
    ),
    AccessRequest.CompanySize.LARGE: _("or above a medium-sized company's turnover and balance sheet"),
}

# Offered first in the country list: the catalogue's regions and their neighbours.
NEARBY_COUNTRIES = ["BE", "NL", "DE", "FR", "LU"]

REQUEST_FIELDS = [
    "company_name", "vat_number", "company_size", "country", "contact_name", "contact_email",
    "contact_phone", "need", "wanted_from", "wanted_until", "wants_updates", "consent",
]  # fmt: skip


def country_choices():
    everywhere = list(countries)
    return [
        ("", _("(choose)")),
        (_("Nearby"), [(code, name) for code, name in everywhere if code in NEARBY_COUNTRIES]),
        (_("All countries"), everywhere),
    ]


class SizeClassSelect(forms.RadioSelect):
    """Radio buttons, each with the size class's thresholds beside it (see access/_choices.html)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["help"] = SIZE_CLASS_HELP.get(value, "")
        return option


def honeypot_field():
    """A field people never see: software that fills every field fills it too."""
    return forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # fmt: skip


def empty_honeypot(form):
    if form.cleaned_data["website"]:
        raise forms.ValidationError(_("Leave this field empty: nothing was sent."))
    return ""


class AccessRequestForm(forms.ModelForm):
    """What a company tells about itself and its need; no account needed."""

    website = honeypot_field()

    class Meta:
        model = AccessRequest
        fields = REQUEST_FIELDS
        widgets = {
            "company_size": SizeClassSelect,
            "need": forms.Textarea(attrs={"rows": 6}),
            "wanted_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "wanted_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        labels = {
            "company_name": _("Company name"),
            "company_size": _("Company size (EU SME definition)"),
            "contact_name": _("Your name"),
            "contact_email": _("Your e-mail address"),
            "contact_phone": _("Your phone number (optional)"),
            "need": _("What do you need?"),
            "wanted_from": _("Preferred period: from"),
            "wanted_until": _("Preferred period: until"),
            "wants_updates": _("Tell me by e-mail when the status of my request changes"),
            "consent": _("I agree that this request and my contact details are passed on to handle it"),
        }
        help_texts = {
            "vat_number": _("Optional. For example BE0403170701 or, for a Belgian company, 0403.170.701."),
            "company_size": _(
                "Staff in full-time equivalents, per Commission Recommendation 2003/361/EC. Many "
                "infrastructures have terms for SMEs (micro, small and medium)."
            ),
            "need": _(
                "The tests, measurements or equipment you need, your samples or product, and any deadline."
            ),
            "consent": "",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company_size"].choices = AccessRequest.CompanySize.choices  # no empty choice
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = _(
            "We can only pass on your request with your consent."
        )
        self.fields["country"].widget.attrs["autocomplete"] = "country"
        self.fields["country"].choices = country_choices()

    def clean_website(self):
        return empty_honeypot(self)

    def clean(self):
        values = super().clean()
        for name, message in request_problems(values).items():
            if name not in self._errors:
                self.add_error(name, message)
        return values

    @property
    def request_values(self):
        return {name: self.cleaned_data[name] for name in REQUEST_FIELDS}


class OneStopRequestForm(AccessRequestForm):
    """For a company that does not know which lab fits: the curators of the chosen regions route it."""

    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The curators of these regions receive your request."),
        error_messages={"required": _("Choose at least one region.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes (optional)"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    field_order = ["need", "regions", "themes"]


class OutdatedInformationForm(forms.ModelForm):
    """What a visitor found out of date, and where to answer them if they want an answer."""

    website = honeypot_field()

    class Meta:
        model = OutdatedInformationReport
        fields = ["message", "reply_email"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "reply_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        labels = {
            "message": _("What is out of date or wrong?"),
            "reply_email": _("Your e-mail address (optional)"),
        }
        help_texts = {
            "message": _(
                "For example a new address, equipment that is gone, other prices or terms, another "
                "contact. Where you know it, say what is right now."
            ),
            "reply_email": _("Only if you want an answer: the curators use it for nothing else."),
        }

    def clean_website(self):
        return empty_honeypot(self)

    @property
    def report_values(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class MoveForm(forms.Form):
    """A curator moves a request on: a new status, a note, infrastructures to forward it to."""

    status = forms.ChoiceField(label=_("New status"), required=False)
    forward_to = forms.ModelMultipleChoiceField(
        label=_("Forward to"),
        queryset=Infrastructure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Published infrastructures of your regions. Their contact receives the request by e-mail."
        ),
    )
    note = forms.CharField(
        label=_("Note for the curators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, access_request, forward_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("(unchanged)"))] + [
            (status.value, status.label) for status in access_request.next_statuses()
        ]
        self.fields["forward_to"].queryset = forward_choices
        self.fields["version"].initial = access_request.version


class HandledForm(forms.Form):
    """A curator marks a report of outdated information handled, or open again."""

    report = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    handled = forms.TypedChoiceField(
        choices=[("1", _("Handled")), ("0", _("Open"))], coerce=lambda value: value == "1"
    )
