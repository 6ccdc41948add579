from rest_framework import serializers

from regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent_code"]
        read_only_fields = fields
