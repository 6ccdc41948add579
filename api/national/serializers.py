from rest_framework import serializers

from api.v1.serializers.indicators import _in_range
from national.models import NationalSnapshot


class CellSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True, help_text="数值；不公开时为 null")
    suppressed = serializers.BooleanField(help_text="因单元过小（或可被减法推算）而不公开")


class NationalRowSerializer(serializers.Serializer):
    province = serializers.CharField()
    province_name = serializers.CharField()
    taken_on = serializers.DateField()
    grouping = serializers.CharField()
    group_key = serializers.CharField()
    group_label = serializers.CharField()
    rules = serializers.CharField()
    cells = serializers.DictField(child=CellSerializer(), help_text="指标名 → 计数（社会组织数）")
    rates = serializers.DictField(child=CellSerializer(), help_text="比率名 → 比率")


class NationalIndicatorsSerializer(serializers.Serializer):
    grouping = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    min_cell = serializers.IntegerField(help_text="计数为1至此数减1的单元不公开（0 照常公开）")
    definitions = serializers.DictField(child=serializers.CharField())
    rows = NationalRowSerializer(many=True)


class NationalSeriesSerializer(serializers.Serializer):
    province = serializers.CharField()
    grouping = serializers.CharField()
    group_key = serializers.CharField()
    min_cell = serializers.IntegerField()
    series = NationalRowSerializer(many=True)


class ProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    region_code = serializers.CharField()
    city_breakdown = serializers.BooleanField(help_text="该省是否公开分市（州）指标")
    latest_taken_on = serializers.DateField(allow_null=True)


class NationalIndicatorQuerySerializer(serializers.Serializer):
    grouping = serializers.ChoiceField(choices=NationalSnapshot.Grouping.choices, default="province",
                                       help_text="分市（州）只含允许公开的省份")
    as_of = serializers.DateField(required=False, validators=[_in_range], help_text="取各省在此日期（含）之前最近一次的快照；默认最新")
    province = serializers.CharField(required=False, max_length=32, help_text="只看一个省（拼音代码）")


class NationalSeriesQuerySerializer(serializers.Serializer):
    province = serializers.CharField(max_length=32)
    grouping = serializers.ChoiceField(choices=NationalSnapshot.Grouping.choices, default="province")
    group_key = serializers.CharField(default="all", max_length=64)
    date_from = serializers.DateField(required=False, validators=[_in_range])
    date_to = serializers.DateField(required=False, validators=[_in_range])
