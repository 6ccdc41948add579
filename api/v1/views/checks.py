from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from api.scoping import scoped
from registry.models import AnnualInspection, EvaluationGrade
from registry.actions import annual_inspection_record, evaluation_grade_record

from ..filters import AnnualInspectionFilter, EvaluationGradeFilter
from ..serializers.checks import (
    AnnualInspectionSerializer, AnnualInspectionWriteSerializer, EvaluationGradeSerializer, EvaluationGradeWriteSerializer,
)
from .common import actor_of, answer, atomic


def inspections(request):
    return scoped(AnnualInspection.objects.select_related("organization"), request)


def grades(request):
    return scoped(EvaluationGrade.objects.select_related("organization"), request)


@extend_schema_view(get=extend_schema(summary="年检（含党建工作清单）", tags=["checks"]))
class AnnualInspectionListApi(generics.ListAPIView):
    serializer_class = AnnualInspectionSerializer
    filterset_class = AnnualInspectionFilter
    ordering_fields = ["id", "year"]
    ordering = ["id"]

    def get_queryset(self):
        return inspections(self.request)

    @extend_schema(summary="记录年检（同一组织同一年度为更新）", tags=["checks"], parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   request=AnnualInspectionWriteSerializer,
                   responses={200: AnnualInspectionSerializer, 201: AnnualInspectionSerializer})
    @idempotent
    @atomic
    def post(self, request):
        serializer = AnnualInspectionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        inspection, created = annual_inspection_record(actor=actor_of(request), rules=request.rules,
                                                       data=dict(serializer.validated_data))
        return answer(request, inspection, AnnualInspectionSerializer, created=created)


@extend_schema_view(get=extend_schema(summary="读取一次年检", tags=["checks"]))
class AnnualInspectionDetailApi(generics.RetrieveAPIView):
    serializer_class = AnnualInspectionSerializer

    def get_queryset(self):
        return inspections(self.request)


@extend_schema_view(get=extend_schema(summary="评估等级", tags=["checks"]))
class EvaluationGradeListApi(generics.ListAPIView):
    serializer_class = EvaluationGradeSerializer
    filterset_class = EvaluationGradeFilter
    ordering_fields = ["id", "rated_on"]
    ordering = ["id"]

    def get_queryset(self):
        return grades(self.request)

    @extend_schema(
        summary="记录评估等级",
        description="按本省规则检查等级上限：超出上限的等级照样记录，但标记 above_rule_cap 并给出理由与条款"
                    "（如吉林 002 第九条(三)：应建未建党组织的最高2A）。",
        tags=["checks"], parameters=[IDEMPOTENCY_KEY_PARAMETER], request=EvaluationGradeWriteSerializer,
        responses={201: EvaluationGradeSerializer},
    )
    @idempotent
    @atomic
    def post(self, request):
        serializer = EvaluationGradeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        grade = evaluation_grade_record(actor=actor_of(request), rules=request.rules, data=dict(serializer.validated_data))
        return answer(request, grade, EvaluationGradeSerializer, created=True)


@extend_schema_view(get=extend_schema(summary="读取一条评估等级", tags=["checks"]))
class EvaluationGradeDetailApi(generics.RetrieveAPIView):
    serializer_class = EvaluationGradeSerializer

    def get_queryset(self):
        return grades(self.request)
