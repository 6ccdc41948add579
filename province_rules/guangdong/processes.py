"""Guangdong's processes on the process engine (``province_rules/processes.py``), each stage
citing its action of 003 (粤社党委〔2021〕38号). Where 003 names no number (how often a committee
member follows up, how long a rectification or a temporary branch runs, how soon a referral is
answered), the value is a setting of ``GuangdongRules`` (本省设定), passed in here.

- the ten actions' tasks (003 一–十): assigned by the provincial committee with a deadline to a
  city committee or a provincial-level organization's Party organization, reported per quarter;
- 双强五好 demonstration points (003 八): applications in rounds, the committee member who contacts
  and guides each candidate unit with a follow-up log, scoring of the two strongs and five goods
  item by item, selection at a committee meeting capped at the province's number of points;
  innovative work methods (强党建 促服务 办实事) selected alongside;
- the five integrations' referral (003 三): a registration event finding an organization short of
  应建尽建 / 应联尽联 / 应纳尽纳 refers it to its business supervisor's Party organization, the industry
  committee or the territorial Party organization, which answers with what it did;
- weak-and-lax rectification (003 四): a screening warning confirmed (认定) by staff becomes the
  registry's designation; measures, the deadline, the committee member who contacts it, and a
  closing review that clears the designation;
- major matters (003 六): the Party organization's opinion before a major matter; an unresolved
  disagreement is reported to the superior Party organization, the supervisor or the regulator;
- first secretaries (003 七) and temporary branches (003 五), converted once relations are transferred.
"""
from __future__ import annotations

from ..checklist_facts import organizational_life_held, party_org_fact
from ..processes import (
    APPROVE, CLEAR_DESIGNATION, COMMITTEE, DEFER, DESIGNATE, LOCAL_COMMITTEE, ORGANIZATION, PARTY_ORGANIZATION_SUBJECT,
    PROVINCIAL_COMMITTEE, REGION_SUBJECT, REJECT, SUPERVISOR, Action, CaseOpening, Deadline, DocumentRequirement,
    EligibilityCheck, Field, FollowUp, Process, RegistrationCheck, RegistrationEvent, Rounds, ScoreItem, Scoring, Stage,
    validate_processes,
)
from . import plan

DEMO = "demo.processes.guangdong."


# --- the ten actions' tasks (003 一–十) ---------------------------------------------------

def _task(code: str, name: str, subject: str, reporters: tuple[str, ...], description: str) -> Process:
    return Process(
        code=code, name=name, clause="003", subject=subject, description=description, demo=DEMO + "ten_action_tasks",
        stages=(
            Stage("in_progress", "推进落实", "003", roles=reporters, report_every="quarter",
                  deadline=Deadline.assigned(clause="003"),
                  fields=(Field("plan_task", "重点行动任务", kind="choice", choices=plan.TASK_CODES),),
                  actions=(Action("report", "报告进展", to="in_progress", records_report=True),
                           Action("complete", "确认完成", to="done", roles=PROVINCIAL_COMMITTEE),
                           Action("withdraw", "撤回任务", to="withdrawn", roles=PROVINCIAL_COMMITTEE, reason_required=True))),
            Stage("done", "已完成", "003", final=True, outcome="done"),
            Stage("withdrawn", "已撤回", "003", final=True, outcome="withdrawn"),
        ))


CITY_TASK = _task(plan.CITY_TASKS, "十项重点行动任务（地级以上市社会组织党委）", REGION_SUBJECT, LOCAL_COMMITTEE,
                  "省社会组织党委向各地级以上市社会组织党委交办任务、明确完成期限，各市按季度报告进展")
ORGANIZATION_TASK = _task(plan.ORGANIZATION_TASKS, "十项重点行动任务（全省性社会组织党组织）", PARTY_ORGANIZATION_SUBJECT,
                          ORGANIZATION, "省社会组织党委向全省性社会组织党组织交办任务、明确完成期限，按季度报告进展")


# --- 双强五好 demonstration points and innovative work methods (003 八) --------------------

def _has_party_org(rules, org, as_of):
    return rules.has_party_org(org)


DOUBLE_STRONG_FIVE_GOOD = Scoring("double_strong_five_good", "“双强五好”创建标准", "003 八", pass_score=None, items=(
    ScoreItem("strong_party_building", "党建强", "003 八", max_score=20, check=_has_party_org),
    ScoreItem("strong_development", "发展强", "003 八", max_score=20),
    ScoreItem("good_branch_leadership", "党支部班子好", "003 八", max_score=12, check=party_org_fact("leadership_complete")),
    ScoreItem("good_member_team", "党员队伍好", "003 八", max_score=12),
    ScoreItem("good_activities", "活动开展好", "003 八", max_score=12, check=organizational_life_held),
    ScoreItem("good_rules", "制度建设好", "003 八", max_score=12, check=party_org_fact("rules_in_place")),
    ScoreItem("good_role", "作用发挥好", "003 八", max_score=12),
))

FOLLOW_UP_FIELDS = (
    Field("followed_on", "联系指导日期", kind="date", clause="003 八"),
    Field("guidance", "指导内容", clause="003 八"),
    Field("next_step", "下一步工作", required=False, clause="003 八"),
)


def demonstration_point(max_points: int, follow_up_days: int) -> Process:
    follow_up = FollowUp("follow_up", follow_up_days, clause="003 八", who_field="member")
    return Process(
        code=plan.POINT, name="“双强五好”党建工作示范点", clause="003 八", demo=DEMO + "demonstration_points",
        description="创建单位按批次申报，党委委员直接联系指导、定期跟踪培育，逐项评定“双强五好”，委员会会议选树示范点",
        rounds=Rounds(clause="003 八", late_clause="003 八", late_text="逾期未申报的，纳入下一批次"),
        scorings=(DOUBLE_STRONG_FIVE_GOOD,), max_approved=max_points, max_approved_clause="003 八",
        eligibility=(EligibilityCheck("party_org", "已建立党组织（“双强五好”为社会组织党组织的创建活动）", "003 八",
                                      _has_party_org),),
        stages=(
            Stage("apply", "创建申报", "003 八", roles=ORGANIZATION, deadline=Deadline.round(clause="003 八"),
                  documents=(DocumentRequirement("application", "示范点创建申报表", "003 八"),),
                  actions=(Action("submit", "提交申报", to="cultivating", within_round=True, requires_complete=True),)),
            Stage("cultivating", "联系指导、跟踪培育", "003 八", roles=PROVINCIAL_COMMITTEE, scoring="double_strong_five_good",
                  fields=(Field("member", "联系指导的党委委员", clause="003 八"),) + FOLLOW_UP_FIELDS,
                  follow_up=follow_up,
                  actions=(Action("assign_member", "确定联系指导的党委委员", to="cultivating", clause="003 八"),
                           Action("follow_up", "记录联系指导", to="cultivating", clause="003 八"),
                           Action("recommend", "提请委员会会议审定", to="meeting", requires_complete=True),
                           Action("withdraw", "退出创建", to="withdrawn", reason_required=True))),
            Stage("meeting", "委员会会议审定", "003 八", roles=PROVINCIAL_COMMITTEE, meeting=True,
                  actions=(Action("approve", "选树为示范点", to="named", decision=APPROVE),
                           Action("reject", "未入选", to="not_selected", decision=REJECT, reason_required=True),
                           Action("defer", "暂缓审议", to="meeting", decision=DEFER, reason_required=True))),
            Stage("named", "党建工作示范点", "003 八", roles=PROVINCIAL_COMMITTEE,
                  fields=(Field("member", "联系指导的党委委员", required=False, clause="003 八"),) + FOLLOW_UP_FIELDS,
                  follow_up=follow_up,
                  actions=(Action("follow_up", "记录联系指导", to="named", requires_complete=True, clause="003 八"),
                           Action("revoke", "撤销示范点", to="revoked", reason_required=True))),
            Stage("not_selected", "未入选", "003 八", final=True, outcome="not_selected"),
            Stage("withdrawn", "退出创建", "003 八", final=True, outcome="withdrawn"),
            Stage("revoked", "已撤销", "003 八", final=True, outcome="revoked"),
        ))


INNOVATIVE_METHOD = Process(
    code=plan.METHOD, name="“强党建 促服务 办实事”党建创新工作法", clause="003 八", demo=DEMO + "innovative_methods",
    description="与示范点同步评选社会组织党建创新工作法",
    rounds=Rounds(clause="003 八", late_clause="003 八", late_text="逾期未申报的，纳入下一批次"),
    stages=(
        Stage("apply", "申报工作法", "003 八", roles=ORGANIZATION, deadline=Deadline.round(clause="003 八"),
              fields=(Field("method", "工作法名称"), Field("summary", "主要做法和成效")),
              actions=(Action("submit", "提交申报", to="meeting", within_round=True, requires_complete=True),)),
        Stage("meeting", "委员会会议评选", "003 八", roles=PROVINCIAL_COMMITTEE, meeting=True,
              actions=(Action("approve", "评选入选", to="selected", decision=APPROVE),
                       Action("reject", "未入选", to="not_selected", decision=REJECT, reason_required=True),
                       Action("defer", "暂缓审议", to="meeting", decision=DEFER, reason_required=True))),
        Stage("selected", "入选", "003 八", final=True, outcome="selected"),
        Stage("not_selected", "未入选", "003 八", final=True, outcome="not_selected"),
    ))


# --- 五融合 (003 三): the registration hand-off and the referral ---------------------------

GAPS = ("应建尽建", "应联尽联", "应纳尽纳")


def referral(answer_days: int) -> Process:
    return Process(
        code=plan.REFERRAL, name="五融合转办（两个覆盖）", clause="003 三", demo=DEMO + "referrals",
        description="登记管理中发现未做到“应建尽建”“应联尽联”“应纳尽纳”的，反馈业务主管单位党组织、行业党委、属地党组织督促推动",
        stages=(
            Stage("referred", "督促推动", "003 三", roles=SUPERVISOR + COMMITTEE,
                  deadline=Deadline(answer_days, working=False, clause="003 三"),
                  fields=(Field("gaps", "登记管理中发现的问题", kind="choices", choices=GAPS, clause="003 三"),
                          Field("reply", "督促推动情况", clause="003 三")),
                  actions=(Action("reply", "反馈办理情况", to="verification", requires_complete=True),)),
            Stage("verification", "核实办结", "003 三", roles=COMMITTEE,
                  actions=(Action("close", "确认办结", to="resolved"),
                           Action("return", "退回继续督促", to="referred", reason_required=True))),
            Stage("resolved", "已办结", "003 三", final=True, outcome="resolved"),
        ))


def _formal_members(party) -> int | None:
    value = party.get("formal_members")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _built(rules, facts, party) -> bool:
    return rules.has_party_org(facts) or bool(party.get("party_organization"))


def coverage_gaps(rules, facts, party, as_of) -> list[str]:
    """What registration work found short (003 三): 3+ formal members among leaders and full-time
    staff (003 五) and no Party organization → 应建尽建; 1–2 and none → 应联尽联; members whose
    relations are elsewhere (``relations_elsewhere``) → 应纳尽纳."""
    formal = _formal_members(party)
    gaps = []
    if not _built(rules, facts, party) and formal:
        gaps.append(GAPS[0] if formal >= rules.settings.min_formal_members else GAPS[1])
    elsewhere = party.get("relations_elsewhere")
    if isinstance(elsewhere, int) and not isinstance(elsewhere, bool) and elsewhere > 0:
        gaps.append(GAPS[2])
    return gaps


def _member_data(rules, facts, party, as_of):
    return _formal_members(party) is not None


def _charter(rules, facts, party, as_of):
    return bool(facts.charter_clause)


def _reported(key):
    def check(rules, facts, party, as_of):
        value = party.get(key)
        return None if value is None else bool(value)
    return check


def _no_gap(rules, facts, party, as_of):
    return not coverage_gaps(rules, facts, party, as_of)


REFERRAL_OPENING = CaseOpening(
    plan.REFERRAL, lambda rules, facts, party, as_of: bool(coverage_gaps(rules, facts, party, as_of)),
    "未做到“应建尽建”“应联尽联”“应纳尽纳”，反馈有关党组织督促推动", "003 三",
    data=lambda rules, facts, party, as_of: {"gaps": coverage_gaps(rules, facts, party, as_of)})
MEMBER_DATA = RegistrationCheck("member_data", "同步采集党员信息", "003 三", _member_data)
CHARTER = RegistrationCheck("charter_clause", "坚持党的全面领导的要求载入章程（党建入章）", "003 三", _charter)
COVERED = RegistrationCheck("two_coverages", "做到“应建尽建”“应联尽联”“应纳尽纳”", "003 三", _no_gap)

REGISTRATION = (
    RegistrationEvent("registered", checks=(MEMBER_DATA, CHARTER, COVERED), opens=(REFERRAL_OPENING,)),
    RegistrationEvent("renewed", checks=(MEMBER_DATA, COVERED), opens=(REFERRAL_OPENING,)),
    RegistrationEvent("charter_approved", checks=(CHARTER,)),
    RegistrationEvent("annual_report", checks=(
        RegistrationCheck("party_work_checked", "年报年检时同步检查党建工作", "003 三", _reported("party_work_checked")),
        COVERED), opens=(REFERRAL_OPENING,)),
    RegistrationEvent("graded", checks=(
        RegistrationCheck("party_building_scored", "等级评估和评优评先时将党建工作纳入重要指标", "003 三",
                          _reported("party_building_scored")),)),
)


# --- weak-and-lax rectification (003 四) -----------------------------------------------------

def rectification(days: int) -> Process:
    return Process(
        code=plan.RECTIFICATION, name="软弱涣散党组织认定与整顿", clause="003 四", subject=PARTY_ORGANIZATION_SUBJECT,
        demo=DEMO + "rectifications",
        description="排查预警经工作人员认定后为软弱涣散党组织，明确整顿措施、期限和联系的党委委员，验收合格后销号",
        stages=(
            Stage("confirmation", "排查预警待认定", "003 四", roles=COMMITTEE,
                  fields=(Field("problems", "存在的问题", clause="003 四"),
                          Field("member", "联系的党委班子成员", clause="003 四"),
                          Field("measures", "整顿措施", required=False, clause="003 四")),
                  actions=(Action("confirm", "认定为软弱涣散党组织", to="rectifying", requires_complete=True,
                                  effects=(DESIGNATE,)),
                           Action("dismiss", "不予认定", to="dismissed", reason_required=True))),
            Stage("rectifying", "限期整顿", "003 四", roles=ORGANIZATION + COMMITTEE, rectification=True,
                  deadline=Deadline(days, working=False, clause="003 四"),
                  fields=(Field("measures", "整顿措施", clause="003 四"), Field("progress", "整顿情况", clause="003 四")),
                  actions=(Action("submit", "提交整顿情况，申请验收", to="closing_review", requires_complete=True),)),
            Stage("closing_review", "整顿验收", "003 四", roles=COMMITTEE,
                  fields=(Field("result", "验收意见", clause="003 四"),),
                  actions=(Action("close", "验收合格，销号", to="rectified", requires_complete=True,
                                  effects=(CLEAR_DESIGNATION,)),
                           Action("return", "验收不合格，继续整顿", to="rectifying", reason_required=True))),
            Stage("rectified", "已销号", "003 四", final=True, outcome="rectified"),
            Stage("dismissed", "不予认定", "003 四", final=True, outcome="dismissed"),
        ))


# --- 议事决策 (003 六), first secretaries (003 七), temporary branches (003 五) ----------------

MATTER_KINDS = ("重要业务活动", "大额经费开支", "接收大额捐赠", "开展涉外活动")

MAJOR_MATTER = Process(
    code=plan.MAJOR_MATTER, name="重大事项听取党组织意见", clause="003 六", demo=DEMO + "major_matters",
    description="管理层将重大事项提交表决或决定前听取党组织意见；重大分歧经反复沟通仍不能达成一致的，及时报告",
    stages=(
        Stage("opinion", "党组织提出意见", "003 六", roles=ORGANIZATION + COMMITTEE,
              fields=(Field("matter_kind", "事项类别", kind="choice", choices=MATTER_KINDS, clause="003 六"),
                      Field("matter", "事项"), Field("decided_on", "决定日期", kind="date"),
                      Field("opinion", "党组织意见", clause="003 六")),
              actions=(Action("adopted", "管理层根据党组织意见完善", to="adopted", requires_complete=True),
                       Action("disagreement", "存在重大分歧，报告上级", to="escalated", requires_complete=True,
                              reason_required=True, clause="003 六"))),
        Stage("escalated", "报告上级", "003 六", roles=COMMITTEE + SUPERVISOR,
              deadline=Deadline(30, working=False, clause="003 六"),
              fields=(Field("reported_to", "报告对象", kind="choice", choices=("上级党组织", "业务主管单位", "行业管理部门")),
                      Field("handling", "处理意见")),
              actions=(Action("resolve", "协调处理完毕", to="resolved", requires_complete=True),)),
        Stage("adopted", "已采纳党组织意见", "003 六", final=True, outcome="adopted"),
        Stage("resolved", "分歧已处理", "003 六", final=True, outcome="resolved"),
    ))

FIRST_SECRETARY_SOURCES = ("从转接组织关系较难的党员负责人中选任", "由行业管理部门、业务主管单位或属地乡镇（街道）选派")

FIRST_SECRETARY = Process(
    code=plan.FIRST_SECRETARY, name="第一书记", clause="003 七", subject=PARTY_ORGANIZATION_SUBJECT,
    demo=DEMO + "first_secretaries",
    description="由一般管理人员担任党组织书记的，探索选任或选派第一书记",
    stages=(
        Stage("appointment", "选任（选派）", "003 七", roles=COMMITTEE,
              fields=(Field("name", "第一书记姓名"), Field("source", "产生方式", kind="choice", choices=FIRST_SECRETARY_SOURCES,
                                                      clause="003 七"),
                      Field("unit", "派出单位或现任职务"), Field("appointed_on", "任职日期", kind="date")),
              actions=(Action("appoint", "记录任职", to="serving", requires_complete=True),)),
        Stage("serving", "在任", "003 七", roles=COMMITTEE,
              actions=(Action("end", "任职结束", to="ended", reason_required=True),)),
        Stage("ended", "任职结束", "003 七", final=True, outcome="ended"),
    ))


def temporary_branch(conversion_days: int) -> Process:
    return Process(
        code=plan.TEMPORARY_BRANCH, name="临时党支部", clause="003 五", demo=DEMO + "temporary_branches",
        description="专职工作人员和负责人中有3名以上正式党员且转接组织关系较难的，建立临时党支部；组织关系转入后转为正式党支部",
        eligibility=(EligibilityCheck("temporary_branch", "未组建党组织，专职工作人员和负责人中有3名以上组织关系转接较难的正式党员",
                                      "003 五", lambda rules, org, as_of: rules.check_temporary_branch(org).value),),
        stages=(
            Stage("temporary", "临时党支部", "003 五", roles=COMMITTEE + ORGANIZATION,
                  deadline=Deadline(conversion_days, working=False, clause="003 五"),
                  fields=(Field("branch_name", "临时党支部名称"), Field("formed_on", "成立日期", kind="date")),
                  actions=(Action("convert", "组织关系已转入，转为正式党支部", to="converted", roles=COMMITTEE,
                                  reason_required=False),
                           Action("dissolve", "撤销临时党支部", to="dissolved", roles=COMMITTEE, reason_required=True))),
            Stage("converted", "已转为正式党支部", "003 五", final=True, outcome="converted"),
            Stage("dissolved", "已撤销", "003 五", final=True, outcome="dissolved"),
        ))


def guangdong_processes(*, max_points: int, follow_up_days: int, rectification_days: int, referral_days: int,
                        conversion_days: int) -> tuple[Process, ...]:
    return validate_processes((
        CITY_TASK, ORGANIZATION_TASK, demonstration_point(max_points, follow_up_days), INNOVATIVE_METHOD,
        referral(referral_days), rectification(rectification_days), MAJOR_MATTER, FIRST_SECRETARY,
        temporary_branch(conversion_days),
    ))
