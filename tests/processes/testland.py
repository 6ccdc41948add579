"""The suite's own rule module: a province "testland" (rules key; the suite provisions Anhui
with it) whose processes exercise every feature of the engine. Registered unlisted
(``listed = False``): ``rules_for("testland")`` finds it, ``registered_codes()`` does not
list it. Loaded by ``PROVINCE_RULES_EXTRA_MODULES`` in the test settings (in the pytest
process, the Celery worker and beat alike).

Pure data like every rule module: no Django, no queries. Clauses cite the seeds where the
feature comes from (Jilin's demonstration bases, 001; Guangdong's ten actions, 003).
"""
from __future__ import annotations

from datetime import date

from province_rules.baseline import BaselineRules, settings_of
from province_rules.checklist_facts import org_fact, party_org_built
from province_rules.contract import Grade, Requirement
from province_rules.processes import (
    APPROVE, COMMITTEE, DEFER, END_VALIDITY, LOCAL_COMMITTEE, ORGANIZATION, PARTY_ORGANIZATION_SUBJECT, PROVINCIAL_COMMITTEE,
    REGION_SUBJECT,
    REJECT, RENEW_REVIEW, START_VALIDITY, Action, CaseOpening, Deadline, DocumentRequirement, EligibilityCheck,
    Field, Period, Process, RegistrationCheck, RegistrationEvent, Rounds, ScoreItem, Scoring, Stage,
    validate_processes,
)
from province_rules.registry import register

CRITERIA = Scoring("criteria", "示范创建标准", "001 四", pass_score=None, items=(
    ScoreItem("party_org", "成立党组织并按时换届", "001 四(一)", max_score=10,
              check=lambda rules, org, as_of: rules.has_party_org(org)),
    ScoreItem("charter", "党建工作写入章程", "001 二(一)", max_score=10, check=org_fact("charter_clause")),
    ScoreItem("activity_space", "有专门用于党建活动的场所", "001 四(三)", max_score=5),
    ScoreItem("grade_3a", "社会组织评估达到3A以上", "001 四(四)", max_score=1, hard=True,
              check=lambda rules, org, as_of: None if org.evaluation_grade is None else org.evaluation_grade >= Grade.A3),
))

DEMO_POINT = Process(
    code="demo_point", name="测试示范点创建", clause="001 三",
    description="测试用：批次申报、评分、会议审定、公示、授牌、复查与整改",
    rounds=Rounds(clause="001 三", late_clause="001 三(一)", late_text="逾期申报的视为放弃"),
    scorings=(CRITERIA,),
    validity=Period(years=3, clause="001 三"), review=Period(years=3, clause="001 五(二)"),
    eligibility=(EligibilityCheck("provincial", "省级社会组织", "001 一",
                                  lambda rules, org, as_of: org.registration_level == "province"),),
    stages=(
        Stage("self_assessment", "自评申报", "001 三(一)", roles=ORGANIZATION,
              deadline=Deadline.round(clause="001 三(一)"), scoring="criteria",
              documents=(DocumentRequirement("self_report", "自评报告", "001 三(一)"),),
              actions=(Action("submit", "提交申报", to="preliminary", within_round=True, requires_complete=True,
                              clause="001 三(一)"),)),
        Stage("preliminary", "初审", "001 三(二)", roles=PROVINCIAL_COMMITTEE, scoring="criteria",
              deadline=Deadline(10, working=True, clause="001 三(二)"),
              actions=(Action("pass", "初审通过", to="assessment", requires_complete=True),
                       Action("return", "退回修改", to="self_assessment", reason_required=True))),
        Stage("assessment", "实地考核", "001 三(三)", roles=PROVINCIAL_COMMITTEE,
              deadline=Deadline(20, working=True, clause="001 三(三)"),
              fields=(Field("team", "考核组"), Field("assessed_on", "考核日期", kind="date"),
                      Field("methods", "考核方式", kind="choices", choices=("查看资料", "实地检查", "座谈走访")),
                      Field("opinion", "考核意见")),
              actions=(Action("assessed", "考核完成", to="meeting", requires_complete=True),)),
        Stage("meeting", "会议审定", "001 三(四)", roles=PROVINCIAL_COMMITTEE, meeting=True,
              actions=(Action("approve", "审定通过", to="notice", decision=APPROVE, hard_criteria_block=True),
                       Action("reject", "不予通过", to="rejected", decision=REJECT, reason_required=True),
                       Action("defer", "暂缓审议", to="meeting", decision=DEFER, reason_required=True))),
        Stage("notice", "公示", "001 三(五)", roles=PROVINCIAL_COMMITTEE, notice=True,
              deadline=Deadline(5, working=True, clause="001 三(五)", remind=False),
              actions=(Action("notice_end", "公示期满无异议", to="named", after_due=True, effects=(START_VALIDITY,)),
                       Action("object", "公示期间有异议", to="meeting", reason_required=True))),
        Stage("named", "授牌", "001 三(六)", roles=PROVINCIAL_COMMITTEE,
              fields=(Field("notice_number", "命名文号", required=False),),
              actions=(Action("review_pass", "复查合格", to="named", effects=(RENEW_REVIEW,), clause="001 五(二)"),
                       Action("review_fail", "复查不合格，限期整改", to="rectifying", reason_required=True,
                              clause="001 五(二)"))),
        Stage("rectifying", "限期整改", "001 五(二)", roles=ORGANIZATION, rectification=True,
              deadline=Deadline(30, working=False, clause="001 五(二)"),
              documents=(DocumentRequirement("rectification_report", "整改报告", "001 五(二)"),),
              actions=(Action("rectified", "整改合格", to="named", roles=PROVINCIAL_COMMITTEE, effects=(RENEW_REVIEW,),
                              requires_complete=True),
                       Action("revoke", "整改不力，撤销称号", to="revoked", roles=PROVINCIAL_COMMITTEE,
                              reason_required=True, effects=(END_VALIDITY,)))),
        Stage("rejected", "未通过", "001 三(四)", final=True, outcome="rejected"),
        Stage("revoked", "已撤销称号", "001 五(二)", final=True, outcome="revoked"),
    ),
)

TASK = Process(
    code="key_task", name="测试重点任务", clause="003 五", subject=REGION_SUBJECT,
    description="测试用：省委向各市分派任务，各市按季度报告进展",
    stages=(
        Stage("in_progress", "推进中", "003 五", roles=LOCAL_COMMITTEE, report_every="quarter",
              deadline=Deadline(60, working=False, clause="003 五"),
              actions=(Action("report", "报告进展", to="in_progress", records_report=True),
                       Action("complete", "完成", to="done", roles=PROVINCIAL_COMMITTEE))),
        Stage("done", "已完成", "003 五", final=True, outcome="done"),
    ),
)

FORMATION = Process(
    code="formation_plan", name="测试组建方案", clause="002 第九条(一)",
    stages=(
        Stage("plan", "提交组建方案", "002 第九条(一)④", roles=ORGANIZATION,
              deadline=Deadline(15, working=True, clause="002 第九条(一)④"),
              fields=(Field("superior", "隶属的上级党组织"), Field("instructor", "党建工作指导员")),
              actions=(Action("submit", "提交", to="approval", requires_complete=True),)),
        Stage("approval", "审核", "002 第九条(一)④", roles=COMMITTEE,
              actions=(Action("approve", "同意", to="approved"),
                       Action("return", "退回", to="plan", reason_required=True))),
        Stage("approved", "已同意", "002 第九条(一)④", final=True, outcome="approved"),
    ),
)

RECTIFICATION = Process(
    code="weak_rectification", name="测试软弱涣散整改", clause="003 四", subject=PARTY_ORGANIZATION_SUBJECT,
    review=Period(months=6, clause="003 四"),
    stages=(
        Stage("rectifying", "限期整改", "003 四", roles=ORGANIZATION, rectification=True,
              deadline=Deadline(30, working=False, clause="003 四"),
              actions=(Action("close", "整改到位", to="monitoring", roles=PROVINCIAL_COMMITTEE, effects=(START_VALIDITY,)),)),
        Stage("monitoring", "跟踪复查", "003 四", roles=PROVINCIAL_COMMITTEE,
              actions=(Action("review_pass", "复查合格", to="monitoring", effects=(RENEW_REVIEW,)),
                       Action("monthly_report", "月度跟踪报告", to="monitoring", records_report=True, report_every="month"),
                       Action("reopen", "复查不合格，重新整改", to="rectifying", reason_required=True),
                       Action("finish", "销号", to="finished"))),
        Stage("finished", "已销号", "003 四", final=True, outcome="rectified"),
    ),
)

PROCESSES = validate_processes((DEMO_POINT, TASK, FORMATION, RECTIFICATION))


def _no_party_org(rules, facts, party, as_of):
    return not rules.has_party_org(facts) and not party.get("party_organization")


REGISTRATION = (
    RegistrationEvent("registered", checks=(
        RegistrationCheck("charter_clause", "党建工作写入章程", "002 第九条(一)②",
                          lambda rules, facts, party, as_of: facts.charter_clause),
        RegistrationCheck("party_data", "采集党员信息", "002 第九条(一)①",
                          lambda rules, facts, party, as_of: "formal_members" in party),
        RegistrationCheck("built", "具备条件的已建立党组织", "002 第十四条",
                          lambda rules, facts, party, as_of: party_org_built(rules, facts, as_of)),
    ), opens=(CaseOpening("formation_plan", _no_party_org, "尚未建立党组织，应同步提交组建方案", "002 第九条(一)④"),)),
)


@register
class TestlandRules(BaselineRules):
    code = "testland"
    listed = False
    name = "测试省社会组织党委"
    valid_from = date(2015, 9, 28)
    settings = settings_of(BaselineRules, allowed_party_org_forms=frozenset({"own", "joint"}))

    def processes(self):
        return PROCESSES

    def registration_events(self):
        return REGISTRATION

    def requirements_for_year(self, year):
        return super().requirements_for_year(year) + (
            Requirement("secretary_training", "secretary", "党组织书记每年至少参加1次集中培训", "000 (三)", 1, "次"),
        )
