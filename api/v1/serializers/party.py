from rest_framework import serializers

from registry.models import PartyOrganization


class PartyOrganizationSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True, default=None)
    covered_usccs = serializers.SerializerMethodField()

    class Meta:
        model = PartyOrganization
        fields = [
            "id", "name", "level", "form", "region_code", "parent_name", "founded_on", "term_years",
            "last_election_on", "secretary_id", "weak_and_lax", "dissolved_on", "covered_usccs", "created", "updated",
        ]
        read_only_fields = fields

    def get_covered_usccs(self, party_org) -> list[str]:
        return sorted(org.uscc for org in party_org.covered_organizations.all())


class PartyOrganizationWriteSerializer(serializers.Serializer):
    """A Party organization with the organizations it covers, keyed by its name."""

    name = serializers.CharField(max_length=200, required=False, help_text="PUT 时可省略（取地址中的名称）")
    level = serializers.ChoiceField(choices=PartyOrganization.Level.choices, required=False)
    form = serializers.ChoiceField(choices=PartyOrganization.Form.choices, required=False,
                                   help_text="本省没有的组建形式会被拒绝，并给出条款")
    region_code = serializers.CharField(max_length=6)
    parent_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    founded_on = serializers.DateField(required=False, allow_null=True)
    term_years = serializers.IntegerField(required=False, min_value=1, max_value=5)
    last_election_on = serializers.DateField(required=False, allow_null=True)
    weak_and_lax = serializers.BooleanField(required=False)
    covered_usccs = serializers.ListField(child=serializers.CharField(max_length=18), required=False, max_length=500)
