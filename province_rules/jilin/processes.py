"""Jilin's processes under 002 (in force from 2016-05-13): the dispatched Party branch (002
第十八条), the formation plan at registration (002 第九条(一)④), and what the registration
hand-off checks (002 第九条(一)①–④), and the yearly ledger of Party-building funding and dues
returned (002 第三十三条), and the secretary's yearly report and its review (002 第二十五条;
from 2021 the review is the 述职评议 of 000 (四)). The demonstration bases (001, from 2021-06-04) are in
``demonstration_base``.

Where 002 is silent the module decides:
- a dispatched branch is proposed by a city or county committee (or the provincial one) and
  approved by the provincial committee (002 第十四条: "经上级党组织批准"); approving it forms the
  branch in the registry (its instructors and the organizations it covers), which gives those
  organizations work coverage (002 第十三条);
- dissolving it is allowed once a covered organization has its own Party organization
  (002 第十八条: "在帮助所覆盖社会组织组建党组织后，“派出党支部”即可撤销"); the case page shows when
  that holds;
- 002 sets no period for the formation plan ("同步提交"): the case has no deadline;
- the secretary's report (002 第二十五条: "每年应向上级党组织和本单位党员报告工作并接受评议") is a
  case per Party organization and year, like the funding ledger: 002 names no date, so the
  committee gives the date the report is due when it opens the year's case (an assigned
  deadline, reminded 7, 3 and 1 working days before and when overdue, with the clause); the
  secretary records when the members heard it and what it said, the committee reviews it with a
  rating of 好、较好、一般、差 (002 names none: the usual grades of a 述职评议) or returns it
  for completion; one open case per Party organization and title (the year: "2026年度").
"""
from __future__ import annotations

from ..processes import (
    COMMITTEE, ORGANIZATION, PARTY_ORGANIZATION_SUBJECT, PROVINCIAL_COMMITTEE, Action, CaseCheck, CaseOpening, Deadline,
    Field, Process, RegistrationCheck, RegistrationEvent, Stage,
)

DISPATCHED = "002 第十八条"
REGISTRATION = "002 第九条(一)"


def _composition(rules, facts, as_of):
    return rules.check_dispatched_branch(instructors=len(facts.fields.get("instructors") or ()),
                                         covered=tuple(facts.organizations))


def _dissolution(rules, facts, as_of):
    return rules.dispatched_branch_dissolution_due(covered=tuple(facts.organizations))


COMPOSITION = CaseCheck("composition", "由3名指导员组成，覆盖3至5个没有党员或仅有个别党员的社会组织", DISPATCHED, _composition)
DISSOLUTION = CaseCheck("dissolution", "所覆盖的社会组织已组建党组织", DISPATCHED, _dissolution)

DISPATCHED_BRANCH = Process(
    code="dispatched_branch", name="派出党支部组建", clause=DISPATCHED, demo="demo.processes.jilin.dispatched_branches",
    description="整合党建工作指导员力量，由3名指导员组成一个“派出党支部”，覆盖3至5个没有党员或仅有个别党员的社会组织；"
                "帮助所覆盖社会组织组建党组织后即可撤销",
    opening_checks=(COMPOSITION,),
    stages=(
        Stage("proposal", "组建申请", DISPATCHED, roles=COMMITTEE,
              fields=(Field("branch_name", "派出党支部名称", clause=DISPATCHED),
                      Field("instructors", "组成派出党支部的指导员（3名）", kind="instructors", clause=DISPATCHED),
                      Field("parent_name", "隶属的上级党组织", required=False, clause="002 第十四条")),
              actions=(Action("submit", "报上级党组织审批", to="approval", requires_complete=True, checks=(COMPOSITION,),
                              clause=DISPATCHED),)),
        Stage("approval", "审批", "002 第十四条", roles=PROVINCIAL_COMMITTEE,
              actions=(Action("approve", "批准组建", to="active", checks=(COMPOSITION,), clause=DISPATCHED,
                              writes="processes.registry_writes.dispatched_branch_form"),
                       Action("return", "退回", to="proposal", reason_required=True, clause="002 第十四条"))),
        Stage("active", "履行职责", DISPATCHED, roles=COMMITTEE,
              actions=(Action("dissolve", "所覆盖组织已组建党组织，撤销派出党支部", to="dissolved", reason_required=True,
                              checks=(DISSOLUTION,), clause=DISPATCHED,
                              writes="processes.registry_writes.dispatched_branch_dissolve"),)),
        Stage("dissolved", "已撤销", DISPATCHED, final=True, outcome="dissolved"),
    ),
)

FORMATION_PLAN = Process(
    code="formation_plan", name="党组织组建工作方案", clause="002 第九条(一)④", demo="demo.processes.jilin.formation_plans",
    description="尚未建立党组织的社会组织在登记时同步提交党组织组建等工作方案，明确党组织隶属关系、党建工作领导管理责任"
                "及选派党建工作指导员等事宜",
    stages=(
        Stage("plan", "提交组建方案", "002 第九条(一)④", roles=ORGANIZATION,
              fields=(Field("superior", "党组织隶属关系（上级党组织）", clause="002 第九条(一)④"),
                      Field("responsibility", "党建工作领导管理责任单位", clause="002 第九条(一)④"),
                      Field("instructor", "选派的党建工作指导员", clause="002 第九条(一)④"),
                      Field("planned_on", "计划组建时间", kind="date", required=False, clause="002 第九条(一)④")),
              actions=(Action("submit", "提交方案", to="review", requires_complete=True, clause="002 第九条(一)④"),)),
        Stage("review", "审核", "002 第九条(一)④", roles=COMMITTEE,
              actions=(Action("approve", "同意方案", to="approved", clause="002 第九条(一)④"),
                       Action("return", "退回修改", to="plan", reason_required=True, clause="002 第九条(一)④"))),
        Stage("approved", "方案已同意", "002 第九条(一)④", final=True, outcome="approved"),
    ),
)

PROCESSES = (DISPATCHED_BRANCH, FORMATION_PLAN)


def _party_data_sent(rules, facts, party, as_of):
    return any(key in party for key in ("party_organization", "members", "formal_members", "party_workers"))


def _has_party_org(rules, facts, party, as_of):
    return rules.has_party_org(facts)


def _party_work_known(rules, facts, party, as_of):
    # ③ only concerns organizations with a Party organization: the others are not asked (None).
    if not rules.has_party_org(facts):
        return None
    return bool(party.get("party_work") or party.get("party_organization"))


def _needs_plan(rules, facts, party, as_of):
    return not rules.has_party_org(facts)


REGISTRATION_EVENTS = (
    RegistrationEvent("registered", checks=(
        RegistrationCheck("party_data_collected", "采集党员、党组织和党务工作者等党建工作基本信息", "002 第九条(一)①",
                          _party_data_sent),
        RegistrationCheck("charter_clause", "党建工作内容写入组织章程", "002 第九条(一)②",
                          lambda rules, facts, party, as_of: facts.charter_clause),
        RegistrationCheck("party_work_known", "已建立党组织的，掌握其党建工作开展情况", "002 第九条(一)③", _party_work_known),
        RegistrationCheck("party_org_built", "已建立党组织", "002 第九条(一)④", _has_party_org),
    ), opens=(CaseOpening("formation_plan", _needs_plan, "尚未建立党组织，应同步提交党组织组建等工作方案", "002 第九条(一)④"),)),
    RegistrationEvent("charter_approved", checks=(
        RegistrationCheck("charter_clause", "党建工作内容写入组织章程", "002 第九条(一)②",
                          lambda rules, facts, party, as_of: facts.charter_clause),
    )),
)


# 002 第三十三条: "省和地方财政每年为每个社会组织党组织拨付1000元党建工作经费；社会组织上交的党费应全额返还".
FUNDING = "002 第三十三条"
FUNDING_PER_YEAR = {2016: 1000}  # yuan per Party organization and year, from the year given onwards


def funding_for(year: int) -> int:
    """The yearly grant of 002 第三十三条 for ``year`` (the latest setting at or before it)."""
    known = [y for y in FUNDING_PER_YEAR if y <= year]
    return FUNDING_PER_YEAR[max(known)] if known else 0


def _grant_in_full(rules, facts, as_of):
    year, granted = facts.fields.get("year"), facts.fields.get("granted_amount")
    if not isinstance(year, (int, float)) or not isinstance(granted, (int, float)):
        return None
    return granted >= funding_for(int(year))


def _dues_returned_in_full(rules, facts, as_of):
    paid, returned = facts.fields.get("dues_paid"), facts.fields.get("dues_returned")
    if not isinstance(paid, (int, float)) or not isinstance(returned, (int, float)):
        return None
    return returned >= paid


FUNDING_LEDGER = Process(
    code="funding_ledger", name="党建工作经费与党费返还", clause=FUNDING, subject="party_organization",
    demo="demo.processes.jilin.funding_ledgers",
    description="每年为每个社会组织党组织拨付1000元党建工作经费，社会组织上交的党费全额返还；按党组织、按年度记账",
    stages=(
        Stage("due", "待拨付经费", FUNDING, roles=COMMITTEE,
              fields=(Field("year", "年度", kind="number", clause=FUNDING),
                      Field("granted_amount", "拨付党建工作经费（元）", kind="number", clause=FUNDING),
                      Field("granted_on", "拨付日期", kind="date", clause=FUNDING)),
              actions=(Action("grant", "经费已拨付", to="dues", requires_complete=True, clause=FUNDING,
                              checks=(CaseCheck("grant", "每年拨付1000元党建工作经费", FUNDING, _grant_in_full),)),)),
        Stage("dues", "待返还党费", FUNDING, roles=COMMITTEE,
              fields=(Field("dues_paid", "上交党费（元）", kind="number", clause=FUNDING),
                      Field("dues_returned", "返还党费（元）", kind="number", clause=FUNDING),
                      Field("returned_on", "返还日期", kind="date", clause=FUNDING)),
              actions=(Action("returned", "党费已全额返还", to="settled", requires_complete=True, clause=FUNDING,
                              checks=(CaseCheck("returned", "社会组织上交的党费全额返还", FUNDING, _dues_returned_in_full),)),)),
        Stage("settled", "本年度已结清", FUNDING, final=True, outcome="settled"),
    ),
)

PROCESSES = PROCESSES + (FUNDING_LEDGER,)


# 002 第二十五条: "社会组织党组织书记每年应向上级党组织和本单位党员报告工作并接受评议"; from 2021,
# 000 (四): "从严从实开展好行业党组织书记抓基层党建述职评议活动".
SECRETARY_REPORT_CLAUSE = "002 第二十五条"
RATINGS = ("好", "较好", "一般", "差")


def secretary_report(review_clause: str = SECRETARY_REPORT_CLAUSE) -> Process:
    """The secretary's yearly report and its review; ``review_clause`` cites the review (000 (四) from 2021)."""
    clause = SECRETARY_REPORT_CLAUSE
    return Process(
        code="secretary_report", name="党组织书记年度述职评议", clause=clause, subject=PARTY_ORGANIZATION_SUBJECT,
        demo="demo.processes.jilin.secretary_reports",
        description="社会组织党组织书记每年向上级党组织和本单位党员报告工作并接受评议；按党组织、按年度办理，"
                    "逾期未报告的按期提醒",
        stages=(
            Stage("report", "书记报告工作", clause, roles=ORGANIZATION, deadline=Deadline.assigned(clause=clause),
                  fields=(Field("year", "年度", kind="number", clause=clause),
                          Field("members_heard_on", "向本单位党员报告日期", kind="date", clause=clause),
                          Field("summary", "述职报告（履职情况、党建工作、存在问题和下步打算）", clause=clause)),
                  actions=(Action("submit", "向上级党组织报告", to="review", requires_complete=True, clause=clause),)),
            # The year's date stays on the case while it is reviewed (not reminded there), so that a
            # report returned for completion is due on it again (the engine keeps an assigned date
            # only through stages that have one).
            Stage("review", "上级党组织评议", review_clause, roles=COMMITTEE,
                  deadline=Deadline.assigned(clause=clause, remind=False),
                  fields=(Field("rating", "评议等次", kind="choice", choices=RATINGS, clause=review_clause),
                          Field("opinion", "评议意见", clause=review_clause)),
                  actions=(Action("review", "完成评议", to="reviewed", requires_complete=True, clause=review_clause),
                           Action("return", "退回补充", to="report", reason_required=True, clause=clause))),
            Stage("reviewed", "已评议", review_clause, final=True, outcome="reviewed"),
        ),
    )


PROCESSES_2021 = PROCESSES + (secretary_report("000 (四)"),)
PROCESSES = PROCESSES + (secretary_report(),)
