from rest_framework import serializers

from regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = [
            "slug", "name_en", "name_nl", "country", "nuts_code", "managing_authority_en",
            "managing_authority_nl", "managing_authority_website", "updated_at",
        ]  # fmt: skip
