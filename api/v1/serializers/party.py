from django.db.models import Prefetch
from rest_framework import serializers

from api.scoping import scoped
from registry.actions.party import NAME_MAX
from registry.models import PartyOrganization, SocialOrganization

# Where ``party_organizations_with_coverage`` puts the covered organizations in the reader's scope.
COVERED_IN_SCOPE = "covered_in_scope"


def party_organizations_with_coverage(queryset, request):
    """``queryset`` with what the serializer needs: every covered organization (to count the
    ones outside the scope) and those in the request's scope (to list them), in two queries."""
    in_scope = scoped(SocialOrganization.objects.only("pk", "uscc"), request)
    return queryset.prefetch_related(
        Prefetch("covered_organizations", queryset=SocialOrganization.objects.only("pk", "uscc")),
        Prefetch("covered_organizations", queryset=in_scope, to_attr=COVERED_IN_SCOPE),
    )


class PartyOrganizationSerializer(serializers.ModelSerializer):
    """A Party organization as read. A joint branch may cover organizations outside the
    reader's scope: those are counted, not named (needs ``request`` in the context)."""

    region_code = serializers.CharField(source="region.code", read_only=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True, default=None)
    covered_usccs = serializers.SerializerMethodField(help_text="覆盖的社会组织中在您管辖范围内的统一社会信用代码")
    covered_outside_scope = serializers.SerializerMethodField(help_text="覆盖的社会组织中不在您管辖范围内的个数（不列代码）")
    instructor_ids = serializers.PrimaryKeyRelatedField(source="instructors", many=True, read_only=True,
                                                        help_text="组成派出党支部的党建工作指导员编号（002 第十八条）")

    class Meta:
        model = PartyOrganization
        fields = [
            "id", "name", "level", "form", "region_code", "parent_name", "founded_on", "term_years",
            "last_election_on", "secretary_id", "weak_and_lax", "dissolved_on", "covered_usccs", "covered_outside_scope",
            "instructor_ids", "created", "updated",
        ]
        read_only_fields = fields

    def _covered_in_scope(self, party_org) -> list:
        covered = getattr(party_org, COVERED_IN_SCOPE, None)
        if covered is None:
            request = self.context.get("request")
            if request is None:
                return []  # no reader known: name nothing
            covered = list(scoped(party_org.covered_organizations.all(), request))
            setattr(party_org, COVERED_IN_SCOPE, covered)
        return covered

    def get_covered_usccs(self, party_org) -> list[str]:
        return sorted(org.uscc for org in self._covered_in_scope(party_org))

    def get_covered_outside_scope(self, party_org) -> int:
        return len(party_org.covered_organizations.all()) - len(self._covered_in_scope(party_org))


class PartyOrganizationWriteSerializer(serializers.Serializer):
    """A Party organization with the organizations it covers, keyed by its name."""

    name = serializers.CharField(max_length=NAME_MAX, required=False, help_text="PUT 时可省略（取地址中的名称）")
    level = serializers.ChoiceField(choices=PartyOrganization.Level.choices, required=False)
    form = serializers.ChoiceField(choices=PartyOrganization.Form.choices, required=False,
                                   help_text="本省没有的组建形式会被拒绝，并给出条款")
    region_code = serializers.CharField(max_length=6)
    parent_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    founded_on = serializers.DateField(required=False, allow_null=True)
    term_years = serializers.IntegerField(required=False, max_value=1000, help_text="任期（年），1至5")
    last_election_on = serializers.DateField(required=False, allow_null=True)
    weak_and_lax = serializers.BooleanField(required=False)
    covered_usccs = serializers.ListField(child=serializers.CharField(max_length=18), required=False, max_length=500)
    instructor_ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False,
                                           max_length=50, help_text="派出党支部：组成它的党建工作指导员编号（002 第十八条）")
