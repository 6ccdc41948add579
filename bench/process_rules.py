"""The bench's own rule module (operation 8): Guangdong's rules as they hold today plus one
process, so that the process case list has 10,000 cases to list in the province of the issue's
size whatever processes Guangdong declares itself. Registered unlisted under the rules key
``bench_guangdong`` (``listed = False``) and loaded by ``PROVINCE_RULES_EXTRA_MODULES`` in
bench/settings.py, in the bench process and the web server alike. Pure data, like every rule
module; the process is modelled on a formation plan (002 第九条(一)④): a stage the
organization fills (a document, a field), a committee's review, a final stage."""
from __future__ import annotations

from province_rules.guangdong import GuangdongRules
from province_rules.processes import (
    COMMITTEE, ORGANIZATION, Action, Deadline, DocumentRequirement, Field, Process, Stage, validate_processes,
)
from province_rules.registry import register

RULES_KEY = "bench_guangdong"
PROCESS_CODE = "bench_formation_plan"
CLAUSE = "002 第九条(一)④"

BENCH_PROCESSES = validate_processes((Process(
    code=PROCESS_CODE, name="组建方案（基准测试）", clause=CLAUSE,
    description="基准测试用：社会组织提交组建方案，党委审核",
    stages=(
        Stage("plan", "提交组建方案", CLAUSE, roles=ORGANIZATION, deadline=Deadline(15, working=True, clause=CLAUSE),
              documents=(DocumentRequirement("plan", "组建方案", CLAUSE),),
              fields=(Field("superior", "隶属的上级党组织"),),
              actions=(Action("submit", "提交", to="review"),)),
        Stage("review", "审核", CLAUSE, roles=COMMITTEE, deadline=Deadline(10, working=True, clause=CLAUSE),
              actions=(Action("approve", "同意", to="approved"),
                       Action("return", "退回", to="plan", reason_required=True))),
        Stage("approved", "已同意", CLAUSE, final=True, outcome="approved"),
    ),
),))


@register
class BenchGuangdongRules(GuangdongRules):
    code = RULES_KEY
    listed = False

    def processes(self):
        return (*super().processes(), *BENCH_PROCESSES)
