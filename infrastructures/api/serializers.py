"""API v1 representations. Content fields carry both languages explicitly (name_en, name_nl)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from access.models import AccessCondition, AccessForm, BusinessModel, PriceIndication
from infrastructures.models import (
    Cluster,
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    PriorityAxis,
    Theme,
    Tombstone,
)
from regions.models import Region
from rii_catalogue.api import RejectUnknownFieldsMixin


def slugs(queryset, **kwargs):
    return serializers.SlugRelatedField(slug_field="slug", queryset=queryset, **kwargs)


EQUIPMENT_FIELDS = [
    "name_en", "name_nl", "description_en", "description_nl", "manufacturer", "model_number", "identifier",
    "identifier_type", "landing_page",
]  # fmt: skip


class EquipmentSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    """An item in its entry's `equipment` list. Writing the list replaces it: an item keeps its id
    when its identifier (else its English name) matches a stored one."""

    id = serializers.IntegerField(
        read_only=True, help_text="The item in /api/v1/equipment/ (read-only: leave it out when writing)."
    )

    class Meta:
        model = Equipment
        fields = ["id", *EQUIPMENT_FIELDS]
        extra_kwargs = {"name_en": {"required": True, "allow_blank": False}}

    def validate(self, values):
        # The model states the rule (an identifier with its type, or neither); here it is named per item.
        pair = {name: values.get(name, "") for name in ("identifier", "identifier_type")}
        try:
            Equipment(**pair).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return values


class EquipmentItemSerializer(serializers.ModelSerializer):
    """An equipment item as a record of its own, with the fields the instrument standards ask for."""

    url = serializers.HyperlinkedIdentityField(view_name="api:equipment-detail")
    infrastructure = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The slug of the infrastructure it belongs to."
    )

    class Meta:
        model = Equipment
        fields = ["id", "url", "infrastructure", *EQUIPMENT_FIELDS, "updated_at"]


class PriceSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = PriceIndication
        fields = ["tier", "unit", "amount_from", "on_quote"]


class AccessConditionSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    forms_of_access = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=AccessForm.objects.all()
    )
    business_models = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=BusinessModel.objects.all()
    )
    prices = PriceSerializer(many=True, required=False)

    class Meta:
        model = AccessCondition
        fields = [
            "access_mode", "forms_of_access", "business_models", "open_to_smes", "request_required",
            "eligibility_en", "eligibility_nl", "price_notes_en", "price_notes_nl", "prices",
            "lead_time_days", "training_terms_en", "training_terms_nl", "ip_terms_en", "ip_terms_nl",
            "confidentiality_terms_en", "confidentiality_terms_nl",
        ]  # fmt: skip


class InfrastructureFundingSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    programme = slugs(FundingProgramme.objects.all())
    priority_axis = serializers.CharField(
        source="priority_axis.code",
        required=False,
        allow_null=True,
        default=None,
        help_text="The axis code within the programme, e.g. 1.",
    )

    class Meta:
        model = FundingRecord
        fields = ["programme", "priority_axis", "project", "amount", "eu_amount", "start_year", "end_year",
                  "note_en", "note_nl"]  # fmt: skip

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        value["priority_axis"] = (value.pop("priority_axis", None) or {}).get("code")
        return value


class InfrastructureSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:infrastructure-detail", lookup_field="slug")
    page_url = serializers.SerializerMethodField(help_text="The public page (published entries).")
    owner = slugs(Organisation.objects.all())
    operators = slugs(Organisation.objects.all(), many=True, required=False)
    region = slugs(Region.objects.all())
    themes = slugs(Theme.objects.all(), many=True, required=False)
    equipment = EquipmentSerializer(many=True, required=False)
    access_conditions = AccessConditionSerializer(many=True, required=False)
    funding_records = InfrastructureFundingSerializer(many=True, required=False)

    class Meta:
        model = Infrastructure
        fields = [
            "url", "page_url", "slug", "name_en", "name_nl", "acronym", "summary_en", "summary_nl",
            "description_en", "description_nl", "kind", "status", "publication_state", "owner",
            "operators", "region", "street_address", "postal_code", "city", "latitude", "longitude",
            "themes", "keywords", "trl_min", "trl_max", "website", "contact_name", "contact_email",
            "contact_phone", "last_reviewed_on", "equipment", "access_conditions", "funding_records",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"name_en": {"required": True, "allow_blank": False}}

    def get_page_url(self, entry) -> str | None:
        if not entry.is_published:
            return None
        return self.context["request"].build_absolute_uri(entry.get_absolute_url())


class PriorityAxisSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorityAxis
        fields = ["code", "name_en", "name_nl"]


class FundingProgrammeSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    priority_axes = PriorityAxisSerializer(many=True, read_only=True)

    class Meta:
        model = FundingProgramme
        fields = ["slug", "name_en", "name_nl", "kind", "cci_code", "region", "start_year", "end_year",
                  "website", "priority_axes", "updated_at"]  # fmt: skip


class OrganisationSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:organisation-detail", lookup_field="slug")
    parent = slugs(Organisation.objects.all(), required=False, allow_null=True)
    region = slugs(Region.objects.all())

    class Meta:
        model = Organisation
        fields = [
            "url", "slug", "name_en", "name_nl", "acronym", "kind", "parent", "region", "city",
            "website", "description_en", "description_nl", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {"name_en": {"required": True, "allow_blank": False}}


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name_en", "name_nl", "description_en", "description_nl", "position", "updated_at"]


class ClusterSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    members = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Cluster
        fields = ["slug", "name", "kind", "description_en", "description_nl", "region", "recognised_in",
                  "website", "themes", "members", "updated_at"]  # fmt: skip


class TombstoneSerializer(serializers.ModelSerializer):
    type = serializers.ChoiceField(
        source="record_type",
        choices=Tombstone.RecordType.choices,
        help_text="The endpoint the record was in.",
    )

    class Meta:
        model = Tombstone
        fields = ["type", "identifier", "reason", "at"]
        extra_kwargs = {
            "identifier": {"help_text": "The slug the public knew it by; an equipment item's id."},
            "at": {"help_text": "When it disappeared from the public catalogue."},
        }
