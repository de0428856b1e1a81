"""Forms of the curation pages: reading an uploaded file again, matching its columns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infrastructures.mappings import EQUIPMENT_PREFIX, EQUIPMENT_TARGETS, TARGETS
from infrastructures.models import Infrastructure, Organisation
from infrastructures.tables import ENCODINGS
from regions.models import Region


class EncodingForm(forms.Form):
    encoding = forms.ChoiceField(label=_("Read the file as"), choices=list(ENCODINGS.items()))


def _target_choices():
    """The catalogue's columns, grouped; each label says which kind of row it belongs to, since a
    closed list shows only the label."""
    infrastructure, equipment = _("Infrastructure"), _("Equipment item")
    return [
        ("", _("— leave out —")),
        (infrastructure, [(name, f"{infrastructure} · {name}") for name in TARGETS]),
        (
            equipment,
            [(name, f"{equipment} · {name.removeprefix(EQUIPMENT_PREFIX)}") for name in EQUIPMENT_TARGETS],
        ),
    ]


class MappingForm(forms.Form):
    """One choice per column of the file (which catalogue column it holds), the defaults for the
    values such a file lacks, and a name to keep the mapping under."""

    rows_are = forms.ChoiceField(
        label=_("Each row of the file is"),
        choices=[
            ("infrastructures", _("an infrastructure")),
            ("equipment", _("an equipment item of the infrastructure chosen below")),
        ],
        initial="infrastructures",
    )
    equipment_of = forms.ModelChoiceField(
        label=_("Infrastructure the equipment belongs to"),
        queryset=Infrastructure.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("— choose —"),
        help_text=_("The rows of the file then replace its list of equipment."),
    )
    default_kind = forms.ChoiceField(
        label=_("Kind, where the file gives none"),
        choices=[("", _("— choose —")), *Infrastructure.Kind.choices],
        required=False,
    )
    default_owner = forms.ModelChoiceField(
        label=_("Owner, where the file gives none"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("— choose —"),
    )
    default_region = forms.ModelChoiceField(
        label=_("Region, where the file gives none"),
        queryset=Region.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("— choose —"),
    )
    create_organisations = forms.BooleanField(
        label=_("Create the owners the catalogue does not know yet (in the entry's region)"),
        required=False,
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of the organisations created"),
        choices=[("", _("— choose —")), *Organisation.Kind.choices],
        required=False,
    )
    save_as = forms.CharField(
        label=_("Save this mapping as (optional)"),
        max_length=100,
        required=False,
        help_text=_("A file with the same columns is then read with it at once."),
    )

    def __init__(self, *args, header, user, proposal=None, samples=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment_of"].queryset = Infrastructure.objects.editable_by(user).order_by("name")
        self.header = header
        self.samples = samples or {}
        regions = Region.objects.managed_by(user)
        self.fields["default_region"].queryset = regions
        self.fields["default_owner"].queryset = Organisation.objects.filter(region__in=regions).order_by(
            "name"
        )
        for index, column in enumerate(header):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=column,
                choices=_target_choices(),
                required=False,
                initial=(proposal or {}).get(column, ""),
            )

    def column_fields(self):
        """(bound field, sample values) for each column of the file, in the file's order."""
        return [
            (self[f"column_{index}"], self.samples.get(column, []))
            for index, column in enumerate(self.header)
        ]

    def clean(self):
        data = super().clean()
        if data.get("create_organisations") and not data.get("organisation_kind"):
            self.add_error("organisation_kind", _("Say what kind of organisations to create."))
        equipment = data.get("rows_are") == "equipment"
        if equipment and not data.get("equipment_of"):
            self.add_error("equipment_of", _("Choose the infrastructure the equipment belongs to."))
        targets = [data.get(f"column_{index}") for index in range(len(self.header))]
        mixed = [
            column
            for column, target in zip(self.header, targets, strict=True)
            if target and target.startswith(EQUIPMENT_PREFIX) != equipment
        ]
        if mixed:
            self.add_error(
                None,
                _(
                    "Rows of infrastructures take infrastructure columns, rows of equipment take equipment "
                    "columns: change what these columns of your file hold, or what each row is: %(columns)s."
                )
                % {"columns": ", ".join(mixed)},
            )
        return data

    def mapping(self):
        return {column: self.cleaned_data[f"column_{index}"] for index, column in enumerate(self.header)}

    def defaults(self):
        data = self.cleaned_data
        defaults = {
            "rows_are": data["rows_are"],
            "equipment_of": data["equipment_of"].slug
            if data["equipment_of"] and data["rows_are"] == "equipment"
            else "",
            "kind": data["default_kind"],
            "owner": data["default_owner"].slug if data["default_owner"] else "",
            "region": data["default_region"].slug if data["default_region"] else "",
            "create_organisations": data["create_organisations"],
            "organisation_kind": data["organisation_kind"] if data["create_organisations"] else "",
        }
        return {key: value for key, value in defaults.items() if value}

    @classmethod
    def initial_from(cls, defaults, rows_are="infrastructures"):
        return {
            "rows_are": defaults.get("rows_are", rows_are),
            "equipment_of": defaults.get("equipment_of", ""),
            "default_kind": defaults.get("kind", ""),
            "default_owner": defaults.get("owner", ""),
            "default_region": defaults.get("region", ""),
            "create_organisations": defaults.get("create_organisations", False),
            "organisation_kind": defaults.get("organisation_kind", ""),
        }
