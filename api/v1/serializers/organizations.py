from django.utils import timezone
from rest_framework import serializers

from registry.actions.organizations import ORGANIZATION_NAME_MAX
from registry.models import SocialOrganization, Supervisor

USCC_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{18}$"


class SupervisorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supervisor
        fields = ["id", "name", "kind"]


class OrganizationSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    business_supervisor = serializers.CharField(source="business_supervisor.name", read_only=True, allow_null=True, default=None)
    industry_committee = serializers.CharField(source="industry_committee.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = SocialOrganization
        fields = [
            "uscc", "name", "kind", "registration_level", "region_code", "region_name", "registration_authority",
            "business_supervisor", "industry_committee", "industry", "employees", "registered_on", "status",
            "evaluation_grade", "evaluation_grade_on", "charter_clause", "decoupled", "is_school", "is_hospital",
            "has_work_station", "accepted_reason_for_no_party_org", "grade_cap_exception", "created", "updated",
        ]
        read_only_fields = fields


# The list's columns read with ``.values()``: answer field → lookup. The same fields, in the same
# order, as OrganizationSerializer (tests/api/test_organization_list_rows.py checks every row).
LIST_LOOKUPS = {
    "region_code": "region__code", "region_name": "region__name",
    "business_supervisor": "business_supervisor__name", "industry_committee": "industry_committee__name",
}
LIST_FIELDS = tuple(OrganizationSerializer.Meta.fields)
LIST_VALUES = tuple(LIST_LOOKUPS.get(field, field) for field in LIST_FIELDS)
_DATES = frozenset({"registered_on", "evaluation_grade_on"})
_DATETIMES = frozenset({"created", "updated"})


def _datetime_text(value, zone) -> str:
    """DRF's DateTimeField with DATETIME_FORMAT "iso-8601": in the current time zone, "Z" for UTC."""
    text = value.astimezone(zone).isoformat() if timezone.is_aware(value) else value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


_PAIRS = tuple(zip(LIST_FIELDS, LIST_VALUES))
_DATE_PAIRS = tuple((field, lookup) for field, lookup in _PAIRS if field in _DATES)
_DATETIME_PAIRS = tuple((field, lookup) for field, lookup in _PAIRS if field in _DATETIMES)


def organization_list_rows(rows) -> list[dict]:
    """A list page from ``queryset.values(*LIST_VALUES)`` rows: what ``OrganizationSerializer``
    gives for the same organizations, without a serializer field call per value (the list
    answers 50 to 500 rows a request). Dates as ISO 8601, times as DRF formats them. Each row
    is copied in the answer's field order first, then its dates and times are written as text
    in place (the order stays)."""
    zone = timezone.get_current_timezone()
    out = []
    for row in rows:
        item = {field: row[lookup] for field, lookup in _PAIRS}
        for field, lookup in _DATE_PAIRS:
            value = row[lookup]
            if value is not None:
                item[field] = value.isoformat()
        for field, lookup in _DATETIME_PAIRS:
            value = row[lookup]
            if value is not None:
                item[field] = _datetime_text(value, zone)
        out.append(item)
    return out


class OrganizationWriteSerializer(serializers.Serializer):
    """The body of ``PUT /organizations/{uscc}``: the whole organization (omitted fields take
    their defaults). ``uscc`` may be left out; when given it must equal the one in the path."""

    uscc = serializers.CharField(required=False, max_length=18)
    name = serializers.CharField(max_length=ORGANIZATION_NAME_MAX)
    kind = serializers.ChoiceField(choices=SocialOrganization.Kind.choices)
    registration_level = serializers.ChoiceField(choices=SocialOrganization.Level.choices)
    region_code = serializers.CharField(max_length=6, help_text="所在行政区划代码（GB/T 2260，本省内）")
    registration_authority = serializers.CharField(required=False, allow_blank=True, max_length=100)
    business_supervisor = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="业务主管单位名称；没有则留空")
    industry_committee = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="行业党委名称")
    industry = serializers.CharField(required=False, allow_blank=True, max_length=50)
    employees = serializers.IntegerField(required=False, max_value=2_000_000_000, help_text="从业人员数，不小于0")
    registered_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=SocialOrganization.Status.choices, required=False)
    charter_clause = serializers.BooleanField(required=False)
    decoupled = serializers.BooleanField(required=False)
    is_school = serializers.BooleanField(required=False)
    is_hospital = serializers.BooleanField(required=False)
    has_work_station = serializers.BooleanField(required=False)
    accepted_reason_for_no_party_org = serializers.CharField(required=False, allow_blank=True, max_length=200)
    grade_cap_exception = serializers.CharField(required=False, allow_blank=True, max_length=200)
