"""The documented shape of ``POST /rules/evaluate``. The view does not validate with these:
``province_rules.facts.parse_evaluate_body`` does, and names every bad field."""
from rest_framework import serializers

from province_rules.contract import COVERAGE_FORMS, PARTY_ORG_FORMS
from registry.models import Member, SocialOrganization
from province_rules.facts import (
    MEMBER_RELATIONS, MEMBER_STATUSES, ORG_KINDS, REGISTRATION_LEVELS, SERVICE_TYPES, TRAINING_PERSON_ROLES,
)

GRADES = ("1A", "2A", "3A", "4A", "5A")


class MemberFactsSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MEMBER_STATUSES)
    relation = serializers.ChoiceField(choices=MEMBER_RELATIONS)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Member.Role.choices), required=False,
                                  help_text="在组织中的身份，可多项（如专职秘书长：leader、full_time）；只有一项时也可用 role")
    role = serializers.ChoiceField(choices=Member.Role.choices, required=False, help_text="一项身份（与 roles 二选一）")


class TrainingFactsSerializer(serializers.Serializer):
    person_role = serializers.ChoiceField(choices=TRAINING_PERSON_ROLES, help_text="secretary：党组织书记；party_worker：党务工作者")
    days = serializers.FloatField(min_value=0)
    concentrated = serializers.BooleanField(required=False, help_text="集中培训，默认 true")


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
    founded_on = serializers.DateField(required=False, allow_null=True)
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
    status = serializers.ChoiceField(choices=SocialOrganization.Status.choices, required=False,
                                     help_text="active（正常，默认）、zombie（僵尸型）、deregistered（已注销：不在规则适用范围）")
    service_type = serializers.ChoiceField(choices=SERVICE_TYPES, required=False, allow_null=True,
                                           help_text="民办非企业单位的服务类别（学校、医院以 is_school、is_hospital 表示）")
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
    trainings = TrainingFactsSerializer(many=True, required=False, allow_null=True,
                                        help_text="本年度培训；省略时培训类要求的 met 为 null")


class EvaluateRequestSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, allow_null=True, help_text="评估日期，默认今天；决定适用哪一版规则")
    organization = OrganizationFactsSerializer()


class RuleReasonSerializer(serializers.Serializer):
    clause = serializers.CharField(help_text="条款，如 002 第十四条（种子文件编号加条款）")
    text = serializers.CharField()
    province_setting = serializers.BooleanField(required=False,
                                                help_text="true：文件未规定，为本省设定；clause 为其所依据的一般规则")


class DecisionSerializer(serializers.Serializer):
    value = serializers.JSONField(help_text="决定的值：布尔、字符串（覆盖类型、等级）或 null")
    reasons = RuleReasonSerializer(many=True, help_text="理由，每条含 clause（条款）和 text")


class CoverageDecisionSerializer(DecisionSerializer):
    form = serializers.ChoiceField(choices=COVERAGE_FORMS, allow_null=True)


class WeakAndLaxDecisionSerializer(DecisionSerializer):
    findings = serializers.ListField(child=serializers.CharField(), help_text="已认定（recorded）")
    warnings = serializers.ListField(child=serializers.CharField(), help_text="排查预警、待认定的项目（广东 003 四）")


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


class StatusSerializer(DecisionSerializer):
    label = serializers.CharField()
    in_scope = serializers.BooleanField(help_text="false：已注销，不在规则适用范围")
    clean_up = serializers.BooleanField(help_text="true：僵尸型，提示清理")


class RequirementResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    subject = serializers.CharField()
    text = serializers.CharField()
    clause = serializers.CharField()
    minimum = serializers.FloatField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    province_setting = serializers.BooleanField(help_text="true：种子文件未规定，按本省设定（clause 为所依据的一般规则）")
    reported = serializers.FloatField(allow_null=True, help_text="请求体给出的数量；未给出为 null")
    met = serializers.BooleanField(allow_null=True, help_text="是否达到；请求体未给出相应事实时为 null")


class ChecklistItemResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    clause = serializers.CharField()
    met = serializers.BooleanField(allow_null=True, help_text="请求体未给出相应事实时为 null")


class ChecklistResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    clause = serializers.CharField()
    note = serializers.CharField()
    items = ChecklistItemResultSerializer(many=True)


class EvaluationSerializer(serializers.Serializer):
    province = serializers.CharField(help_text="规则模块的省份代码")
    rules = serializers.CharField(help_text="适用的规则模块及其起始日期")
    as_of = serializers.DateField()
    decisions = DecisionsSerializer()
    status = StatusSerializer()
    requirements = RequirementResultSerializer(many=True, help_text="本年度要求，met 由请求体中的事实判断")
    checklists = ChecklistResultSerializer(many=True, help_text="本省清单，每项 met 由请求体中的事实判断")
