from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from access.forms import REQUEST_FIELDS
from access.models import AccessRequest
from access.validation import request_problems
from infrastructures.models import Theme
from regions.models import Region
from rii_catalogue.api import RejectUnknownFieldsMixin


class AccessRequestSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    """An enquiry as curators see it; they move its status on (with a note for the record)."""

    infrastructure = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    # Plain text: empty once the request is anonymised.
    contact_email = serializers.CharField(read_only=True)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    forwarded_to = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    country = CountryField(read_only=True, allow_blank=True)
    is_sme = serializers.BooleanField(read_only=True)
    note = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=2000,
        help_text=_("Recorded with the status change in the request's history."),
    )  # fmt: skip

    class Meta:
        model = AccessRequest
        fields = [
            "id", "reference", "infrastructure", "regions", "themes", "forwarded_to", "company_name",
            "vat_number", "company_size", "is_sme", "country", "contact_name", "contact_email",
            "contact_phone", "need", "wanted_from", "wanted_until", "wants_updates", "language", "status",
            "note", "created_at", "updated_at", "anonymised_at",
        ]  # fmt: skip
        read_only_fields = [name for name in fields if name not in {"status", "note"}]


class AccessRequestSubmissionSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    """A company's request, as a regional portal sends it: about one published infrastructure
    (`infrastructure`), or one-stop (`regions`, optionally `themes`) for the curators to route."""

    infrastructure = serializers.SlugField(
        required=False,
        allow_null=True,
        help_text=_("The slug of a published infrastructure; null or left out for a one-stop request."),
    )
    regions = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Region.objects.all(),
        help_text=_("One-stop request: the slugs of the regions whose curators route it."),
    )  # fmt: skip
    themes = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=Theme.objects.all()
    )
    country = CountryField(required=False, allow_blank=True)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, help_text=_("The language of the e-mails to the company.")
    )

    class Meta:
        model = AccessRequest
        fields = [
            "reference", "status", "created_at", "infrastructure", "regions", "themes", *REQUEST_FIELDS,
            "language",
        ]  # fmt: skip
        read_only_fields = ["reference", "status", "created_at"]
        extra_kwargs = {"consent": {"required": True}}

    def validate(self, values):
        problems = request_problems({"consent": values.get("consent"), **values})
        if values.get("infrastructure") is None:
            values.pop("infrastructure", None)
        if "infrastructure" in values and values.get("regions"):
            problems["regions"] = _("Give an infrastructure or regions, not both.")
        elif "infrastructure" not in values and not values.get("regions"):
            problems["infrastructure"] = _("Give an infrastructure, or regions for a one-stop request.")
        if problems:
            raise serializers.ValidationError(problems)
        return values

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["infrastructure"] = instance.infrastructure.slug if instance.infrastructure else None
        return data
