"""The documented shape of ``POST /rules/evaluate``. The view does not validate with these:
``province_rules.facts.parse_evaluate_body`` does, and names every bad field."""
from rest_framework import serializers

from province_rules.facts import MEMBER_RELATIONS, MEMBER_ROLES, MEMBER_STATUSES, ORG_KINDS, REGISTRATION_LEVELS
from province_rules.contract import PARTY_ORG_FORMS, COVERAGE_FORMS

GRADES = ("1A", "2A", "3A", "4A", "5A")


class MemberFactsSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MEMBER_STATUSES)
    relation = serializers.ChoiceField(choices=MEMBER_RELATIONS)
    role = serializers.ChoiceField(choices=MEMBER_ROLES)


class ActivityCountsSerializer(serializers.Serializer):
    general_meeting = serializers.IntegerField(min_value=0, required=False)
    committee_meeting = serializers.IntegerField(min_value=0, required=False)
    group_meeting = serializers.IntegerField(min_value=0, required=False)
    party_lecture = serializers.IntegerField(min_value=0, required=False)
    theme_day = serializers.IntegerField(min_value=0, required=False)
    org_life_meeting = serializers.IntegerField(min_value=0, required=False)
    democratic_review = serializers.IntegerField(min_value=0, required=False)


class PartyOrgFactsSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=PARTY_ORG_FORMS)
    weak_and_lax = serializers.BooleanField(required=False)
    last_election = serializers.DateField(required=False, allow_null=True)
    term_years = serializers.IntegerField(min_value=1, max_value=10, required=False, allow_null=True)
    leadership_complete = serializers.BooleanField(required=False, allow_null=True)
    covered_units = serializers.IntegerField(min_value=1, required=False)
    activities = ActivityCountsSerializer(required=False, allow_null=True, help_text="评估日前12个月内的活动次数")
    secretary_trainings = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    secretary_training_days = serializers.FloatField(min_value=0, required=False, allow_null=True)
    rules_in_place = serializers.BooleanField(required=False, allow_null=True)
    cross_appointment = serializers.BooleanField(required=False, allow_null=True)
    dues_paid = serializers.BooleanField(required=False, allow_null=True)
    member_training_held = serializers.BooleanField(required=False, allow_null=True)
    development_plan = serializers.BooleanField(required=False, allow_null=True)
    activity_space = serializers.BooleanField(required=False, allow_null=True)


class OrganizationFactsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ORG_KINDS)
    registration_level = serializers.ChoiceField(choices=REGISTRATION_LEVELS)
    employees = serializers.IntegerField(min_value=0, required=False)
    is_school = serializers.BooleanField(required=False)
    is_hospital = serializers.BooleanField(required=False)
    evaluation_grade = serializers.ChoiceField(choices=GRADES, required=False, allow_null=True)
    charter_clause = serializers.BooleanField(required=False, allow_null=True)
    party_org = PartyOrgFactsSerializer(required=False, allow_null=True)
    members = MemberFactsSerializer(many=True, required=False, help_text="只需类别、组织关系和身份，不含个人信息")
    instructor = serializers.BooleanField(required=False)
    work_station = serializers.BooleanField(required=False)
    accepted_reason_for_no_party_org = serializers.CharField(required=False, allow_null=True)
    exception_recorded = serializers.CharField(required=False, allow_null=True)
    penalties_last_3_years = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    annual_inspection_passed = serializers.BooleanField(required=False, allow_null=True)


class EvaluateRequestSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, allow_null=True, help_text="评估日期，默认今天；决定适用哪一版规则")
    organization = OrganizationFactsSerializer()


class DecisionSerializer(serializers.Serializer):
    value = serializers.JSONField(help_text="决定的值：布尔、字符串（覆盖类型、等级）或 null")
    reasons = serializers.ListField(child=serializers.DictField(child=serializers.CharField()),
                                    help_text="理由，每条含 clause（条款）和 text")


class CoverageDecisionSerializer(DecisionSerializer):
    form = serializers.ChoiceField(choices=COVERAGE_FORMS, allow_null=True)


class WeakAndLaxDecisionSerializer(DecisionSerializer):
    findings = serializers.ListField(child=serializers.CharField())


class TermRenewalDecisionSerializer(DecisionSerializer):
    due_date = serializers.DateField(allow_null=True)


class MustBuildDecisionSerializer(DecisionSerializer):
    formal_members_counted = serializers.IntegerField(required=False)


class DecisionsSerializer(serializers.Serializer):
    must_build_own_party_org = MustBuildDecisionSerializer()
    coverage = CoverageDecisionSerializer()
    max_grade = DecisionSerializer()
    full_coverage_target = DecisionSerializer()
    weak_and_lax = WeakAndLaxDecisionSerializer()
    term_renewal_due = TermRenewalDecisionSerializer()


class EvaluationSerializer(serializers.Serializer):
    province = serializers.CharField(help_text="规则模块的省份代码")
    rules = serializers.CharField(help_text="适用的规则模块及其起始日期")
    as_of = serializers.DateField()
    decisions = DecisionsSerializer()
