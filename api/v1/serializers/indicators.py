import datetime as dt

from rest_framework import serializers

GROUPINGS = ("province", "city", "kind", "registration_level", "supervisor")
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _in_range(day):
    if day is not None and not EARLIEST <= day <= LATEST:
        raise serializers.ValidationError(f"日期应在{EARLIEST.isoformat()}至{LATEST.isoformat()}之间")
    return day


class IndicatorQuerySerializer(serializers.Serializer):
    grouping = serializers.ChoiceField(choices=GROUPINGS, default="province",
                                       help_text="分组：全省、市（州）、组织类型、登记层级、业务主管单位")
    as_of = serializers.DateField(required=False, help_text="统计日期，默认今天", validators=[_in_range])


class SnapshotQuerySerializer(serializers.Serializer):
    grouping = serializers.ChoiceField(choices=GROUPINGS, default="province")
    group_key = serializers.CharField(default="all", max_length=64,
                                      help_text="分组代码：all（全省）、市（州）区划代码、组织类型代码、登记层级或业务主管单位 id")
    date_from = serializers.DateField(required=False, validators=[_in_range])
    date_to = serializers.DateField(required=False, validators=[_in_range])


class IndicatorRowSerializer(serializers.Serializer):
    group_key = serializers.CharField()
    group_label = serializers.CharField()
    in_scope = serializers.IntegerField()
    zombies = serializers.IntegerField()
    organizational_coverage = serializers.IntegerField()
    work_coverage = serializers.IntegerField()
    with_party_org = serializers.IntegerField()
    eligible = serializers.IntegerField()
    eligible_not_built = serializers.IntegerField()
    target_orgs = serializers.IntegerField()
    target_orgs_without_party_org = serializers.IntegerField()
    weak_and_lax = serializers.IntegerField()
    renewal_overdue = serializers.IntegerField()
    three_meetings_compliant = serializers.IntegerField()
    training_compliant = serializers.IntegerField(allow_null=True)
    grade_above_cap = serializers.IntegerField()
    organizational_coverage_rate = serializers.FloatField(allow_null=True)
    work_coverage_rate = serializers.FloatField(allow_null=True)
    target_coverage_rate = serializers.FloatField(allow_null=True)
    three_meetings_rate = serializers.FloatField(allow_null=True)
    training_rate = serializers.FloatField(allow_null=True)


class SnapshotRowSerializer(IndicatorRowSerializer):
    taken_on = serializers.DateField()
    rules = serializers.CharField()


class IndicatorsSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    grouping = serializers.CharField()
    rules = serializers.CharField(help_text="适用的规则模块")
    definitions = serializers.DictField(child=serializers.CharField(), help_text="指标名 → 含义")
    rows = IndicatorRowSerializer(many=True)


class SnapshotSeriesSerializer(serializers.Serializer):
    grouping = serializers.CharField()
    group_key = serializers.CharField()
    series = SnapshotRowSerializer(many=True)
