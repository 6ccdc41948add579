from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from province_rules.registry import rules_for

from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from api.scoping import scoped
from registry.models import AnnualInspection, EvaluationGrade, SocialOrganization
from registry.services import annual_inspection_record, evaluation_grade_record

from ..filters import AnnualInspectionFilter, EvaluationGradeFilter
from ..serializers.checks import (
    AnnualInspectionSerializer, AnnualInspectionWriteSerializer, EvaluationGradeSerializer, EvaluationGradeWriteSerializer,
)
from .common import atomic, referenced, write_answer


def inspections(request):
    return scoped(AnnualInspection.objects.select_related("organization"), request)


def grades(request):
    return scoped(EvaluationGrade.objects.select_related("organization"), request)


def organization_referenced(request, uscc: str) -> SocialOrganization:
    uscc = uscc.strip().upper()
    return referenced(request, SocialOrganization.objects.all(), "organization_uscc",
                      f"统一社会信用代码“{uscc}”在本省台账中不存在", uscc=uscc)


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
        data = serializer.validated_data
        organization = organization_referenced(request, data["organization_uscc"])
        existing = inspections(request).filter(organization=organization, year=data["year"]).first()
        before = AnnualInspectionSerializer(existing).data if existing is not None else None
        inspection = annual_inspection_record(
            organization=organization, year=data["year"], result=data["result"], checklist=data.get("checklist"),
            rectification=data.get("rectification", ""),
        )
        return write_answer(request, action="annual_inspection.record", instance=inspection,
                            serializer_class=AnnualInspectionSerializer, created=existing is None, before=before)


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
        data = serializer.validated_data
        organization = organization_referenced(request, data["organization_uscc"])
        # The rules that held on the rating date (a module holds from its own date).
        rules = rules_for(request.tenant.rules_key, data["rated_on"])
        grade = evaluation_grade_record(rules=rules, organization=organization, grade=data["grade"],
                                        rated_on=data["rated_on"])
        return write_answer(request, action="evaluation_grade.record", instance=grade,
                            serializer_class=EvaluationGradeSerializer, created=True)


@extend_schema_view(get=extend_schema(summary="读取一条评估等级", tags=["checks"]))
class EvaluationGradeDetailApi(generics.RetrieveAPIView):
    serializer_class = EvaluationGradeSerializer

    def get_queryset(self):
        return grades(self.request)
