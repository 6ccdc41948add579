"""Rule proposals a committee adopts from a date (``province_rules/proposals.py``), the
quarter's bulletin of a process with periodic reports, and what dispatches achieved.
A province whose rules declare no proposal answers 404 on the proposals; a process without
report actions answers 404 on its bulletin."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

import clock
from accounts.actors import Actor
from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from indicators.selectors.dispatches import dispatch_outcomes, quarter_of
from processes.selectors import quarter_bulletin, quarter_periods
from tenants.actions import rule_proposal_adopt, rule_proposals


class ProposalSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    clause = serializers.CharField()
    text = serializers.CharField()
    adopted_on = serializers.DateField(allow_null=True, help_text="采纳决定施行的日期；未采纳为 null")
    decision = serializers.CharField(allow_null=True, help_text="采纳的决定（会议或文号）")

    @staticmethod
    def of(row: dict) -> dict:
        proposal, adoption = row["proposal"], row["adoption"] or {}
        return {"key": proposal.key, "title": proposal.title, "clause": proposal.clause, "text": proposal.text,
                "adopted_on": adoption.get("adopted_on"), "decision": adoption.get("decision")}


class AdoptionWriteSerializer(serializers.Serializer):
    adopted_on = serializers.DateField(help_text="自该日起按建议计算（之前的评估不变）")
    decision = serializers.CharField(max_length=200, help_text="采纳的决定，如：综合党委会 2026年第3次会议")


def _proposals(request) -> list[dict]:
    rows = rule_proposals(rules=request.rules, province=request.tenant)
    if not rows:
        raise Http404
    return rows


class ProposalListApi(APIView):
    @extend_schema(summary="本省文件中的规则建议及其采纳情况（如 004 二 四：管理人员计入3名正式党员）", tags=["rules"],
                   responses={200: ProposalSerializer(many=True)})
    def get(self, request):
        return Response([ProposalSerializer.of(row) for row in _proposals(request)])


class ProposalAdoptionApi(APIView):
    @extend_schema(summary="记录省级党委采纳一项规则建议（自采纳日期起生效）", tags=["rules"],
                   description="只由省级党委工作人员或 write 令牌记录；一项建议只采纳一次。采纳日期起按建议的设置作出决定"
                               "（如 must_build_own_party_org 计入管理人员），此前日期的评估不变。",
                   parameters=[IDEMPOTENCY_KEY_PARAMETER], request=AdoptionWriteSerializer,
                   responses={201: ProposalSerializer})
    @idempotent
    def post(self, request, key):
        _proposals(request)
        serializer = AdoptionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule_proposal_adopt(actor=Actor.from_request(request), rules=request.rules, proposal=key,
                            adopted_on=serializer.validated_data["adopted_on"],
                            decision=serializer.validated_data["decision"])
        request.tenant.refresh_from_db(fields=["rule_adoptions"])
        row = next(r for r in rule_proposals(rules=request.rules, province=request.tenant) if r["proposal"].key == key)
        return Response(ProposalSerializer.of(row), status=201)


class BulletinSerializer(serializers.Serializer):
    process = serializers.CharField()
    quarter = serializers.CharField()
    columns = serializers.ListField(child=serializers.DictField())
    rows = serializers.ListField(child=serializers.DictField())


def bulletin_quarter(value: str | None, today: dt.date) -> str:
    quarter = (value or quarter_of(today)).strip().upper()
    if quarter_periods(quarter) is None:
        raise ValidationError({"quarter": ["季度应为 YYYYQn，如 2026Q1"]})
    return quarter


class BulletinApi(APIView):
    @extend_schema(summary="一个事项本季度的进展通报（每月问效、季度考评）", tags=["processes"],
                   parameters=[OpenApiParameter("quarter", OpenApiTypes.STR, description="如 2026Q1，默认本季度")],
                   responses={200: BulletinSerializer})
    def get(self, request, code):
        process = request.rules.process(code)
        if process is None or not any(a.records_report for s in process.stages for a in s.actions):
            raise Http404
        quarter = bulletin_quarter(request.query_params.get("quarter"), clock.today())
        bulletin = quarter_bulletin(Actor.from_request(request), process, quarter)
        return Response({"process": process.code, "quarter": quarter, "columns": bulletin["columns"], "rows": [{
            "case": row["case"].pk, "subject": row["subject"], "stage": row["stage"], "status": row["case"].status,
            "outcome": row["case"].outcome,
            "reports": {cell["column"]["code"]: {"done": cell["done"], "expected": cell["expected"], "entries": [
                {"period": e.data.get("period"), "text": e.data.get("text"), "figures": e.data.get("figures", {}),
                 "on": e.on.isoformat(), "actor": e.actor} for e in cell["entries"]]} for cell in row["cells"]},
        } for row in bulletin["rows"]]})


class DispatchOutcomesSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    dispatched = serializers.IntegerField(help_text="派驻过指导员的社会组织")
    current = serializers.IntegerField(help_text="目前有指导员的社会组织")
    built = serializers.IntegerField(help_text="派驻后成立党组织的社会组织")
    instructors = serializers.ListField(child=serializers.DictField())
    quarters = serializers.ListField(child=serializers.DictField())


class DispatchOutcomesApi(APIView):
    @extend_schema(summary="指导员派驻成效：有指导员的社会组织、派驻后成立党组织的社会组织，按指导员、按季度",
                   tags=["instructors"], responses={200: DispatchOutcomesSerializer})
    def get(self, request):
        return Response(dispatch_outcomes(Actor.from_request(request), as_of=clock.today()).to_dict())
