from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

import clock
from api.permissions import HasPermission, WholeProvince
from indicators.selectors import INDICATORS, RATES, indicator_rows, snapshot_series
from tenants.selectors import province_rules_at

from ..serializers.indicators import IndicatorQuerySerializer, IndicatorsSerializer, SnapshotQuerySerializer, SnapshotSeriesSerializer


def definitions() -> dict[str, str]:
    return {**INDICATORS, **{rate: label for rate, (_, _, label) in RATES.items()}}


class IndicatorListApi(APIView):
    """The province's indicators (domain.md section 5) at a date, per group.

    Province-wide figures: for tokens and provincial staff only (``WholeProvince``); a city
    committee's or a supervisor's figures are the web dashboard's, over their own scope.
    """

    permission_classes = [HasPermission, WholeProvince]

    @extend_schema(summary="本省指标（按全省、市、类型、层级或业务主管单位分组）", tags=["indicators"],
                   parameters=[IndicatorQuerySerializer], responses=IndicatorsSerializer)
    def get(self, request):
        query = IndicatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        as_of = query.validated_data.get("as_of")
        rules = request.rules if as_of is None else province_rules_at(request.tenant, as_of)
        as_of = as_of or clock.today()
        rows = indicator_rows(rules=rules, grouping=query.validated_data["grouping"], as_of=as_of)
        return Response(IndicatorsSerializer({
            "as_of": as_of, "grouping": query.validated_data["grouping"], "rules": rules.rules_id(),
            "definitions": definitions(), "rows": rows,
        }).data)


class SnapshotSeriesApi(APIView):
    """The daily snapshots of one group of the province: province-wide, like the indicators."""

    permission_classes = [HasPermission, WholeProvince]

    @extend_schema(summary="指标快照时间序列（每日一条）", tags=["indicators"], parameters=[SnapshotQuerySerializer],
                   responses=SnapshotSeriesSerializer)
    def get(self, request):
        query = SnapshotQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        series = snapshot_series(grouping=data["grouping"], key=data["group_key"])
        if data.get("date_from"):
            series = [row for row in series if row["taken_on"] >= data["date_from"]]
        if data.get("date_to"):
            series = [row for row in series if row["taken_on"] <= data["date_to"]]
        return Response(SnapshotSeriesSerializer({"grouping": data["grouping"], "group_key": data["group_key"],
                                                  "series": series}).data)
