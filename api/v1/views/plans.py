"""A province's plans (``province_rules/plans.py``): ``GET /api/v1/plans/{code}`` — the lines of
work with their tasks, each task's progress per assignee and the registry's figures. The plan
is read from the rules object; a province whose rules declare no such plan answers 404."""
from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

import clock
from accounts.actors import Actor
from processes.plans import plan_progress

TAG = "plans"


class CountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    assigned = serializers.IntegerField(help_text="已交办、本期尚未报告")
    reported = serializers.IntegerField(help_text="本期已报告进展")
    overdue = serializers.IntegerField(help_text="已过完成期限仍未完成")
    done = serializers.IntegerField()


class AssignmentSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    assignee = serializers.CharField()
    assignee_key = serializers.CharField()
    region_code = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    state = serializers.ChoiceField(choices=["assigned", "reported", "overdue", "done"])
    latest_report = serializers.DictField(allow_null=True)


class TaskSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    clause = serializers.CharField()
    counts = CountsSerializer()
    assignments = AssignmentSerializer(many=True)


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="null：本省规则不计量")


class PlanItemSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    clause = serializers.CharField()
    summary = serializers.CharField()
    counts = CountsSerializer()
    figures = FigureSerializer(many=True)
    tasks = TaskSerializer(many=True)


class PlanSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    clause = serializers.CharField()
    as_of = serializers.DateField()
    items = PlanItemSerializer(many=True)
    assignees = serializers.ListField(child=serializers.DictField())


def _report(report):
    if report is None:
        return None
    return {**report, "reported_on": report["reported_on"].isoformat()}


def plan_answer(progress: dict) -> dict:
    plan = progress["plan"]
    return {
        "code": plan.code, "name": plan.name, "clause": plan.clause, "as_of": progress["today"].isoformat(),
        "items": [{
            "number": entry["item"].number, "code": entry["item"].code, "name": entry["item"].name,
            "clause": entry["item"].clause, "summary": entry["item"].summary, "counts": entry["counts"],
            "figures": [{"key": f["key"], "label": f["label"], "value": f["value"]} for f in entry["figures"]],
            "tasks": [{
                "code": task["task"].code, "name": task["task"].name, "clause": task["task"].clause,
                "counts": task["counts"],
                "assignments": [{"case": row["id"], "assignee": row["assignee"], "assignee_key": row["assignee_key"],
                                 "region_code": row["region_code"],
                                 "due_on": row["due_on"].isoformat() if row["due_on"] else None, "state": row["state"],
                                 "latest_report": _report(row["latest_report"])} for row in task["assignees"]],
            } for task in entry["tasks"]],
        } for entry in progress["items"]],
        "assignees": progress["assignees"],
    }


class PlanDetailApi(APIView):
    @extend_schema(summary="本省的工作计划（如广东省十项重点行动）：各项行动的任务、各承办单位的进展和台账指标", tags=[TAG],
                   description="任务按承办单位列出状态：assigned（已交办、本期未报告）、reported（本期已报告）、"
                               "overdue（已逾期）、done（已完成）。本省规则未规定该计划时返回 404。",
                   responses={200: PlanSerializer})
    def get(self, request, code):
        plan = request.rules.plan(code)
        if plan is None:
            raise Http404
        progress = plan_progress(Actor.from_request(request), request.rules, plan, today=clock.today())
        return Response(plan_answer(progress))
