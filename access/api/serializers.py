from rest_framework import serializers

from access.models import AccessRequest
from rii_catalogue.api import RejectUnknownFieldsMixin


class AccessRequestSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    """An enquiry as curators see it; they change its status only."""

    infrastructure = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_sme = serializers.BooleanField(read_only=True)

    class Meta:
        model = AccessRequest
        fields = [
            "id", "infrastructure", "company_name", "company_size", "is_sme", "country", "contact_name",
            "contact_email", "need", "wanted_from", "status", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [name for name in fields if name != "status"]
