from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

import clock
from api.problems import validation_problem
from api.schema import ProblemSerializer
from province_rules.facts import FactsError, parse_evaluate_body
from province_rules.registry import rules_for
from tenants.selectors import province_rules_at

from ..serializers.rules import EvaluateRequestSerializer, EvaluationSerializer

EXAMPLE_BODY = {
    "as_of": "2024-06-30",
    "organization": {
        "kind": "private_non_enterprise", "registration_level": "province", "employees": 30, "is_school": True,
        "members": [{"status": "formal", "relation": "here", "role": "full_time"}] * 3,
    },
}
EXAMPLE_BODY_WITH_PARTY_ORG = {
    "as_of": "2024-06-30",
    "organization": {
        "kind": "social_group", "registration_level": "city", "employees": 12, "evaluation_grade": "3A",
        "members": [{"status": "formal", "relation": "here", "roles": ["leader", "full_time"]}]
        + [{"status": "formal", "relation": "here", "role": "management"}] * 3,
        "trainings": [{"person_role": "secretary", "days": 2.5}],
        "party_org": {"form": "own", "last_election": "2021-05-01", "term_years": 3,
                      "activities": {"general_meeting": 4, "committee_meeting": 12, "party_lecture": 2, "theme_day": 12}},
    },
}
BAD_BODY = {"as_of": "2024-13-01", "organization": {"kind": "company", "members": [{"status": "member"}]}}


def _problem_for(body: dict) -> dict:
    try:
        parse_evaluate_body(body)
    except FactsError as error:
        return validation_problem([{"field": path, "code": "invalid", "detail": message} for path, message in error.errors],
                                  "/api/v1/rules/evaluate")
    raise AssertionError("the example body is meant to be bad")


def _evaluated(body: dict, code: str = "jilin") -> dict:
    facts, as_of = parse_evaluate_body(body)
    return rules_for(code, as_of).evaluate(facts, as_of).to_dict()


class RulesEvaluateApi(APIView):
    """Evaluate one organization's facts under the province's rules; writes nothing."""

    required_permission = "read"

    @extend_schema(
        summary="按本省规则评估一个社会组织",
        description=(
            "请求体为组织事实（不含个人信息：党员只需类别、组织关系、身份 roles，可多项；也可用一项 role），"
            "可给出组织状态 status、本年度培训 trainings 和近12个月各类活动次数 party_org.activities。"
            "as_of 决定适用哪一版规则模块（默认今天）。答复含六项决定（是否应单独建立党组织、覆盖类型、最高评估等级、"
            "是否属全覆盖目标、软弱涣散、是否到期换届），每项附理由和条款；status（组织状态、是否在适用范围、是否提示清理）；"
            "requirements（本年度要求，met 为 true/false，请求体未给出相应事实时为 null）；checklists（本省清单，每项 met 同上）。"
            "请求体格式错误时返回 400，errors 中逐项给出字段路径，如 organization.members[0].status；"
            "日期（as_of、organization.party_org.last_election）须在1900-01-01至2100-12-31之间。"
            "只需 read 权限，不写入任何数据。"
        ),
        tags=["rules"], request=EvaluateRequestSerializer, responses={
            200: EvaluationSerializer,
            400: OpenApiResponse(ProblemSerializer, description="请求体格式错误：errors 逐项给出字段路径", examples=[
                OpenApiExample("格式错误的请求体的答复", value=_problem_for(BAD_BODY), response_only=True, status_codes=["400"]),
            ]),
        },
        examples=[
            OpenApiExample("吉林：30人民办学校，3名正式党员，未建党组织", value=EXAMPLE_BODY, request_only=True),
            OpenApiExample("已建党组织的社会团体", value=EXAMPLE_BODY_WITH_PARTY_ORG, request_only=True),
            OpenApiExample("吉林的答复（最高2A，002 第九条(三)）", value=_evaluated(EXAMPLE_BODY), response_only=True,
                           status_codes=["200"]),
            OpenApiExample("格式错误的请求体", value=BAD_BODY, request_only=True),
        ],
    )
    def post(self, request):
        facts, as_of = parse_evaluate_body(request.data)
        rules = request.rules if as_of is None else province_rules_at(request.tenant, as_of)
        as_of = as_of or clock.today()
        return Response(rules.evaluate(facts, as_of).to_dict())
