"""Anhui's processes on the process engine (``province_rules/processes.py``), from 004, the
committee's 2017 work report. Pure data.

- ``party_org_establishment`` 党组织成立审批 (004 一(六)): an organization — or several small
  ones together, for a joint branch — applies; the office prepares the application; the
  committee decides at its meetings, a batch at a time ("分别于8月25日、11月3日和12月21日召开党委会…
  进行研究审批"); an approval sets up the Party organization in the registry; a rejection
  says why and what to do next ("解释好原因，指明下步努力方向"), and the applicant may apply
  again; an approved one is followed up until it meets the standard ("审批一个，达标一个"):
  a standardization check within ``STANDARDIZATION_CHECK_DAYS`` (a setting), scored item
  by item (004 一(七): "将党组织标准化建设情况列为考评内容").
- ``instructor_dispatch`` 党建工作指导员派驻 (004 一(二), 一(八)): a dispatch with its
  backward-planned timetable (the target date for a Party organization and the milestones
  before it, "制定党建工作时间倒推表"), a check of results every month ("每月问效"), a
  quarterly evaluation of the instructor ("对党建工作开展情况实行季度考评通报", 004 二 六), until
  the organization sets up its Party organization or the instructor is withdrawn.
- ``three_sync_documents`` 三个同步材料 (004 一(七)): a registration without the Party-building
  pledge or the member survey form opens a case to collect them.
- ``annual_party_report`` 党建情况年报表 (004 一(七)): with the annual inspection, the
  organization fills in the Party-building annual report form.

Where 004 gives no number of days, the number is a setting of this module (本模块设定).
"""
from __future__ import annotations

from dataclasses import replace

from ..checklist_facts import organizational_life_held, party_org_fact
from ..processes import (
    APPROVE, CREATE_PARTY_ORGANIZATION, DEFER, END_DISPATCH, INSTRUCTOR, ORGANIZATION, PROVINCIAL_COMMITTEE, REJECT,
    START_DISPATCH, Action, CaseOpening, Deadline, DocumentRequirement, Field, Process, RegistrationCheck,
    RegistrationEvent, ScoreItem, Scoring, Stage, validate_processes,
)

MODULE_SETTING = "本模块设定"
# Settings (004 names the follow-up, not its period): days after approval within which the new
# Party organization is checked against the standard, and days to rectify a failed check.
STANDARDIZATION_CHECK_DAYS = 180
RECTIFICATION_DAYS = 90
PREPARATION_WORKING_DAYS = 10
DOCUMENTS_WORKING_DAYS = 15
ANNUAL_REPORT_WORKING_DAYS = 20
STANDARD_PASS_SCORE = 80

ESTABLISHMENT = "004 一(六)"
THREE_SYNCS = "004 一(七)"
DISPATCH = "004 一(八)"
EVALUATION = "004 二 六"

FORMS = ("单独组建", "联合组建")


def _has_party_org(rules, org, as_of):
    return rules.has_party_org(org)


def _leadership(rules, org, as_of):
    return None if org.party_org is None else org.party_org.leadership_complete


STANDARDIZATION = Scoring("standardization", "党组织标准化建设考评", THREE_SYNCS, pass_score=STANDARD_PASS_SCORE, items=(
    ScoreItem("organization_set", "组织设置规范：经批准成立，隶属关系明确", ESTABLISHMENT, max_score=20, hard=True,
              check=_has_party_org),
    ScoreItem("leadership", "班子健全：配备党组织书记", "004 二 五", max_score=20, check=_leadership),
    ScoreItem("organizational_life", "组织生活规范：“三会一课”等按要求开展", THREE_SYNCS, max_score=30,
              check=organizational_life_held),
    ScoreItem("rules_in_place", "制度健全：党内规章制度、议事规则健全", THREE_SYNCS, max_score=15,
              check=party_org_fact("rules_in_place")),
    ScoreItem("activity_space", "阵地建设：有开展党组织活动的场所", THREE_SYNCS, max_score=15,
              check=party_org_fact("activity_space")),
))

PARTY_ORG_ESTABLISHMENT = Process(
    code="party_org_establishment", name="党组织成立审批", clause=ESTABLISHMENT,
    description="社会组织（或几家规模小的社会组织联合）申请成立党组织，综合党委会议批量审批；批准即在台账中成立党组织，"
                "并在规定期限内进行标准化达标验收（审批一个，达标一个）",
    scorings=(STANDARDIZATION,),
    stages=(
        Stage("application", "提出申请", ESTABLISHMENT, roles=ORGANIZATION + PROVINCIAL_COMMITTEE,
              fields=(Field("party_org_name", "拟成立党组织名称", clause=ESTABLISHMENT),
                      Field("party_org_form", "组建方式", kind="choice", choices=FORMS, clause="004 二 四"),
                      Field("secretary", "拟任书记（本组织党员姓名）", required=False, clause="004 二 五"),
                      Field("basis", "申请理由和党员情况", required=False, clause=ESTABLISHMENT)),
              actions=(Action("submit", "提交申请", to="preparation", requires_complete=True, clause=ESTABLISHMENT),)),
        Stage("preparation", "办公室初审", ESTABLISHMENT, roles=PROVINCIAL_COMMITTEE,
              deadline=Deadline(PREPARATION_WORKING_DAYS, working=True, clause=MODULE_SETTING),
              fields=(Field("office_opinion", "初审意见", required=False),),
              actions=(Action("to_meeting", "提交党委会研究", to="meeting", clause=ESTABLISHMENT),
                       Action("return", "退回补充", to="application", reason_required=True, clause=ESTABLISHMENT))),
        Stage("meeting", "党委会审批", ESTABLISHMENT, roles=PROVINCIAL_COMMITTEE, meeting=True,
              actions=(Action("approve", "批准成立", to="standardization", decision=APPROVE,
                              effects=(CREATE_PARTY_ORGANIZATION,), clause=ESTABLISHMENT),
                       Action("reject", "不予批准（说明原因和下步努力方向）", to="rejected", decision=REJECT,
                              reason_required=True, clause=ESTABLISHMENT),
                       Action("defer", "暂缓审议", to="meeting", decision=DEFER, reason_required=True))),
        Stage("standardization", "达标验收", ESTABLISHMENT, roles=PROVINCIAL_COMMITTEE, scoring="standardization",
              deadline=Deadline(STANDARDIZATION_CHECK_DAYS, working=False, clause=MODULE_SETTING),
              fields=(Field("checked_on", "验收日期", kind="date"),),
              actions=(Action("pass", "验收达标", to="standardized", requires_complete=True, hard_criteria_block=True,
                              clause=ESTABLISHMENT),
                       Action("fail", "未达标，限期整改", to="rectifying", reason_required=True, clause=ESTABLISHMENT))),
        Stage("rectifying", "限期整改", ESTABLISHMENT, roles=ORGANIZATION, rectification=True, scoring="standardization",
              deadline=Deadline(RECTIFICATION_DAYS, working=False, clause=MODULE_SETTING),
              actions=(Action("rectified", "整改后达标", to="standardized", roles=PROVINCIAL_COMMITTEE,
                              requires_complete=True, hard_criteria_block=True, clause=ESTABLISHMENT),)),
        Stage("standardized", "已达标", ESTABLISHMENT, final=True, outcome="standardized"),
        Stage("rejected", "未批准", ESTABLISHMENT, final=True, outcome="rejected"),
    ),
)

INSTRUCTOR_DISPATCH = Process(
    code="instructor_dispatch", name="党建工作指导员派驻", clause=DISPATCH,
    description="从党建指导员人才库选派指导员入驻社会组织，制定党建工作时间倒推表，每月问效，每季度考评通报",
    stages=(
        Stage("planning", "制定时间倒推表", DISPATCH, roles=PROVINCIAL_COMMITTEE,
              fields=(Field("instructor_id", "指导员编号（见“指导员派驻”页的人才库）", kind="number", clause="004 一(一)"),
                      Field("target_on", "建立党组织目标日期", kind="date", clause=DISPATCH),
                      Field("milestones", "倒推节点（每行：日期 事项）", clause=DISPATCH)),
              actions=(Action("dispatch", "派驻", to="in_progress", requires_complete=True, effects=(START_DISPATCH,),
                              clause=DISPATCH),)),
        Stage("in_progress", "入驻指导", DISPATCH, roles=PROVINCIAL_COMMITTEE + INSTRUCTOR, report_every="month",
              actions=(Action("monthly_check", "每月问效", to="in_progress", records_report=True, report_every="month",
                              clause=DISPATCH),
                       Action("quarterly_evaluation", "季度考评", to="in_progress", records_report=True,
                              report_every="quarter", roles=PROVINCIAL_COMMITTEE, clause=EVALUATION),
                       Action("built", "已建立党组织", to="built", roles=PROVINCIAL_COMMITTEE, effects=(END_DISPATCH,),
                              clause=DISPATCH),
                       Action("withdraw", "撤回指导员", to="withdrawn", roles=PROVINCIAL_COMMITTEE, reason_required=True,
                              effects=(END_DISPATCH,), clause=DISPATCH))),
        Stage("built", "已建立党组织", DISPATCH, final=True, outcome="built"),
        Stage("withdrawn", "已撤回", DISPATCH, final=True, outcome="withdrawn"),
    ),
)

THREE_SYNC_DOCUMENTS = Process(
    code="three_sync_documents", name="“三个同步”登记材料", clause=THREE_SYNCS,
    description="成立登记时未提交《社会组织党建工作承诺书》或《社会组织党员情况调查表》的，限期补交",
    stages=(
        Stage("collecting", "补交材料", THREE_SYNCS, roles=ORGANIZATION,
              deadline=Deadline(DOCUMENTS_WORKING_DAYS, working=True, clause=MODULE_SETTING),
              documents=(DocumentRequirement("pledge", "社会组织党建工作承诺书", THREE_SYNCS),
                         DocumentRequirement("member_survey", "社会组织党员情况调查表", THREE_SYNCS)),
              actions=(Action("submit", "提交材料", to="review", requires_complete=True, clause=THREE_SYNCS),)),
        Stage("review", "审核", THREE_SYNCS, roles=PROVINCIAL_COMMITTEE,
              deadline=Deadline(PREPARATION_WORKING_DAYS, working=True, clause=MODULE_SETTING),
              actions=(Action("accept", "材料齐全", to="complete", clause=THREE_SYNCS),
                       Action("return", "退回补正", to="collecting", reason_required=True, clause=THREE_SYNCS))),
        Stage("complete", "已补齐", THREE_SYNCS, final=True, outcome="complete"),
    ),
)

ANNUAL_PARTY_REPORT = Process(
    code="annual_party_report", name="社会组织党建情况年报表", clause=THREE_SYNCS,
    description="年检时除常规年检外，社会组织填报《社会组织党建情况年报表》，党建情况一并纳入年检内容",
    stages=(
        Stage("filling", "填报", THREE_SYNCS, roles=ORGANIZATION,
              deadline=Deadline(ANNUAL_REPORT_WORKING_DAYS, working=True, clause=MODULE_SETTING),
              fields=(Field("year", "年度", kind="number"),
                      Field("formal_members", "正式党员人数", kind="number"),
                      Field("party_org", "党组织情况", kind="choice", choices=("已单独组建", "已联合组建", "未组建")),
                      Field("activities", "本年度开展党组织活动次数", kind="number"),
                      Field("instructor", "是否有党建工作指导员", kind="choice", choices=("有", "无")),
                      Field("difficulties", "存在的困难和问题", required=False)),
              actions=(Action("submit", "提交年报表", to="review", requires_complete=True, clause=THREE_SYNCS),)),
        Stage("review", "年检审核", THREE_SYNCS, roles=PROVINCIAL_COMMITTEE,
              actions=(Action("accept", "审核通过", to="accepted", clause=THREE_SYNCS),
                       Action("return", "退回修改", to="filling", reason_required=True, clause=THREE_SYNCS))),
        Stage("accepted", "已纳入年检", THREE_SYNCS, final=True, outcome="accepted"),
    ),
)

DEMO = "demo.processes.anhui."
PROCESSES = validate_processes(tuple(
    replace(process, demo=DEMO + process.code)
    for process in (PARTY_ORG_ESTABLISHMENT, INSTRUCTOR_DISPATCH, THREE_SYNC_DOCUMENTS, ANNUAL_PARTY_REPORT)))


def _sent(key: str):
    """The registration's ``party`` data carries the document (``true``, or a non-empty value)."""
    def check(rules, facts, party, as_of):
        return bool(party.get(key))
    return check


def _documents_missing(rules, facts, party, as_of):
    return not (party.get("pledge") and party.get("member_survey"))


REGISTRATION = (
    RegistrationEvent("registered", checks=(
        RegistrationCheck("pledge", "提交《社会组织党建工作承诺书》", THREE_SYNCS, _sent("pledge")),
        RegistrationCheck("member_survey", "提交《社会组织党员情况调查表》", THREE_SYNCS, _sent("member_survey")),
    ), opens=(CaseOpening("three_sync_documents", _documents_missing,
                          "成立登记未提交党建工作承诺书或党员情况调查表，应限期补交", THREE_SYNCS),)),
    RegistrationEvent("annual_report", checks=(
        RegistrationCheck("annual_party_report", "填报《社会组织党建情况年报表》", THREE_SYNCS, _sent("annual_party_report")),
    ), opens=(CaseOpening("annual_party_report", lambda rules, facts, party, as_of: not party.get("annual_party_report"),
                          "年检同步填报社会组织党建情况年报表", THREE_SYNCS),)),
)
