from rest_framework import serializers

from registry.actions.checks import RECTIFICATION_MAX
from registry.models import AnnualInspection, EvaluationGrade, Grade


class ReasonSerializer(serializers.Serializer):
    clause = serializers.CharField(help_text="依据条款，如“002 第九条(三)”")
    text = serializers.CharField()


class AnnualInspectionSerializer(serializers.ModelSerializer):
    organization_uscc = serializers.CharField(source="organization.uscc", read_only=True)
    checklist = serializers.DictField(child=serializers.BooleanField(), read_only=True)

    class Meta:
        model = AnnualInspection
        fields = ["id", "organization_uscc", "year", "result", "checklist", "rectification"]
        read_only_fields = fields


class AnnualInspectionWriteSerializer(serializers.Serializer):
    """An inspection, keyed by organization and year (a second one for the same year replaces it)."""

    organization_uscc = serializers.CharField(max_length=18)
    year = serializers.IntegerField(min_value=-100_000, max_value=100_000, help_text="年度，2000年至今年")
    result = serializers.ChoiceField(choices=AnnualInspection.Result.choices)
    checklist = serializers.DictField(child=serializers.BooleanField(), required=False, help_text="党建工作清单：项目 → 是/否")
    rectification = serializers.CharField(required=False, allow_blank=True, max_length=RECTIFICATION_MAX)


class EvaluationGradeSerializer(serializers.ModelSerializer):
    organization_uscc = serializers.CharField(source="organization.uscc", read_only=True)
    cap_reasons = ReasonSerializer(many=True, read_only=True, help_text="超出本省规则上限时的理由与条款")

    class Meta:
        model = EvaluationGrade
        fields = ["id", "organization_uscc", "grade", "rated_on", "above_rule_cap", "cap_reasons"]
        read_only_fields = fields


class EvaluationGradeWriteSerializer(serializers.Serializer):
    organization_uscc = serializers.CharField(max_length=18)
    grade = serializers.ChoiceField(choices=Grade.choices)
    rated_on = serializers.DateField()
