"""The national API: cross-province aggregates only, small cells suppressed (national.selectors)."""
from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from national.selectors import indicator_definitions, latest_day, national_indicator_rows, national_provinces, national_series
from national.services import city_breakdown_allowed

from .serializers import (
    NationalIndicatorQuerySerializer, NationalIndicatorsSerializer, NationalSeriesQuerySerializer, NationalSeriesSerializer,
    ProvinceSerializer,
)


def definitions() -> dict[str, str]:
    indicators, rates = indicator_definitions()
    return {**indicators, **{rate: label for rate, (_, _, label) in rates.items()}}


class ProvinceListApi(APIView):
    @extend_schema(summary="省份及其最新快照日期", tags=["national"], responses=ProvinceSerializer(many=True))
    def get(self, request):
        provinces = [
            {"code": p.code, "name": p.name, "region_code": p.region_code, "city_breakdown": city_breakdown_allowed(p),
             "latest_taken_on": latest_day(p)}
            for p in national_provinces()
        ]
        return Response(ProvinceSerializer(provinces, many=True).data)


class NationalIndicatorListApi(APIView):
    @extend_schema(
        summary="各省指标（汇总，不含任何个人或组织名称）",
        description="计数为1至最小单元减1（NATIONAL_MIN_CELL，默认5，即1至4）的单元不公开（value 为 null，suppressed 为 true），"
                    "计数为0的单元照常公开；"
                    "可由减法推算出不公开单元的其他单元也不公开（互补隐藏）。比率只在分子分母都公开时给出。",
        tags=["national"], parameters=[NationalIndicatorQuerySerializer], responses=NationalIndicatorsSerializer,
    )
    def get(self, request):
        query = NationalIndicatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if data.get("province") and not national_provinces().filter(code=data["province"]).exists():
            raise Http404
        rows = national_indicator_rows(grouping=data["grouping"], as_of=data.get("as_of"), province_code=data.get("province"))
        return Response(NationalIndicatorsSerializer({
            "grouping": data["grouping"], "as_of": data.get("as_of"), "min_cell": settings.NATIONAL_MIN_CELL,
            "definitions": definitions(), "rows": rows,
        }).data)


class NationalSeriesApi(APIView):
    @extend_schema(summary="一个省（或其一个分组）的指标时间序列", tags=["national"], parameters=[NationalSeriesQuerySerializer],
                   responses=NationalSeriesSerializer)
    def get(self, request):
        query = NationalSeriesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        province = national_provinces().filter(code=data["province"]).first()
        if province is None:
            raise Http404
        series = national_series(province=province, grouping=data["grouping"], group_key=data["group_key"],
                                 date_from=data.get("date_from"), date_to=data.get("date_to"))
        return Response(NationalSeriesSerializer({
            "province": province.code, "grouping": data["grouping"], "group_key": data["group_key"],
            "min_cell": settings.NATIONAL_MIN_CELL, "series": series,
        }).data)
