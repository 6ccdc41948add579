"""Anhui (安徽): 004, the committee's 2017 work report (简报 第5期, 2017-12-29).

Clauses of 004 are those of the report "省社会组织综合党委 2017 年度工作报告": ``一(七)`` is
item (七) of part 一 (work done), ``二 四`` is the fourth "…是" of part 二 (next steps).

What differs from the baseline:
- an org without a Party organization is in principle not rated 4A or above (004 一(七)):
  its highest grade is 3A unless the committee records an exception;
- the three formal members are counted among full-time staff (专职工作人员); counting
  management personnel whose relation is transferred is a proposal (004 二 四), off by
  default (``count_management_personnel``): a module from the date the committee adopts
  it sets it to True;
- coverage target 31% at the end of 2017, +5 points by the end of 2018 (004 二, 二 四): the
  2018 record; later years' targets are the committee's records (indicators.CoverageTarget);
- party-organization leaders train at least 3 days a year (004 二 五);
- the 三个同步 documents (004 一(七));
- the processes of ``processes.py`` (establishment approval at committee meetings,
  instructor dispatch, the 三个同步 documents and the annual Party-building report);
- the 004 二 四 counting proposal as a ``Proposal`` the committee adopts from a date.
"""
from __future__ import annotations

from datetime import date

from ..baseline import BaselineRules, role_names, settings_of
from ..contract import NO_CAP, Checklist, ChecklistItem, CoverageTarget, Decision, Grade, Reason, Requirement
from ..criteria import Sql, criterion
from ..facts import OrganizationFacts
from ..proposals import Proposal
from ..registry import register
from .processes import PROCESSES, REGISTRATION

GRADE_CAP = "004 一(七)"
COUNT_MANAGEMENT = Proposal(
    "count_management_personnel", "“3名正式党员”计入管理人员", "004 二 四",
    "探索将“3名正式党员”的界定扩大到从业人员：在原定的专职工作人员的基础上，扩大到社会组织的管理人员，"
    "如会长、副会长、监事、理事、秘书长、副秘书长等，前提是组建党组织后其组织关系必须要转到新建党组织中",
    {"count_management_personnel": True})


@register
class AnhuiRules(BaselineRules):
    code = "anhui"
    name = "安徽省社会组织综合党委"
    valid_from = date(2017, 12, 29)
    # 004 二 四: "探索将“3名正式党员”的界定扩大到从业人员。从业人员在原定的专职工作人员的基础上，扩大到社会组织的
    # 管理人员，如会长、副会长、监事、理事、秘书长、副秘书长等，前提是组建党组织后其组织关系必须要转到新建党组织中"
    settings = settings_of(
        BaselineRules,
        allowed_party_org_forms=frozenset({"own", "joint"}),
        counted_member_roles=frozenset({"full_time"}),
        management_roles=frozenset({"leader", "management"}),
        count_management_personnel=False,  # a proposal ("探索"); a module from its adoption sets True
        own_party_org_forms=frozenset({"own"}),
        work_coverage_means=("instructor",),
        max_grade_without_party_org=Grade.A3,  # 004 一(七): "原则上不允许评获4A以上等级"
    )
    coverage_targets = (
        CoverageTarget(
            year=2018, scope="province", target=0.36, by=date(2018, 12, 31), baseline=0.31,
            baseline_as_of=date(2017, 12, 29),
            reasons=(
                Reason("004 二", "截至目前，党组织覆盖率仅达到31%，离上级要求还有很大的差距"),
                Reason("004 二 四", "到2018年底，力争省级社会组织党组织覆盖率提升5个百分点以上，即不低于36%"),
            ),
        ),
    )

    clause_must_build = "004 二 四"
    text_must_build = "督促符合组建条件的社会组织通过单独、联合组建等方式，实现应建尽建"
    clause_relation_elsewhere = "004 二 四"
    text_relation_elsewhere = "流动党员或组织关系在外地的党员，可将组织关系转入省社会组织联合会联合党支部"
    clause_work_coverage = "004 二 四"
    text_work_coverage = "对暂不符合组建条件的，通过选派党建工作指导员等方式实现党的工作有效覆盖"
    clause_forms = "004 二 四"
    form_clauses = {
        "own": ("004 二 四", "鼓励单独组建党组织"),
        "joint": ("004 二 四", "支持按“行业相近、地域相邻”原则就近联合组建党组织"),
        "instructor": ("004 一(八)", "选派专职党建工作指导员入驻社会组织开展党建工作"),
    }
    clause_weak_and_lax = "004 一(三)"

    @property
    def text_counted_roles(self) -> str:
        if self.settings.count_management_personnel:
            return ("专职工作人员，以及组织关系已转入本组织的会长、副会长、监事、理事、秘书长、副秘书长等管理人员"
                    "（004 二 四）")
        return ("按原定口径计专职工作人员；将会长、副会长、监事、理事、秘书长等管理人员计入为 004 二 四 的探索建议，"
                "尚未采纳")

    def _criteria(self):
        # 004 一(七): "对未组建党组织的社会组织原则上不允许评获4A以上等级". A joint branch is a way of 组建
        # (004 二 四: "鼓励单独组建、支持联合组建"): an organization it covers has a Party organization.
        return super()._criteria() + [criterion(
            "grade_capped", "organization", "评估等级受规则限制（最高3A）", GRADE_CAP,
            lambda org, as_of, c: c.holds("in_scope", org, as_of) and not c.holds("has_party_org", org, as_of)
            and not org.exception_recorded,
            Sql("{in_scope} AND NOT {has_party_org} AND NOT o.exception_recorded"))]

    def must_build_own_party_org(self, org: OrganizationFacts, as_of: date) -> Decision:
        decision = super().must_build_own_party_org(org, as_of)
        if not self.settings.count_management_personnel:
            return decision
        managers = sum(1 for m in self.counted_members(org, as_of) if not set(m.roles) & self.settings.counted_member_roles)
        note = Reason("004 二 四", f"按 004 二 四 计入组织关系已转入的{role_names(self.settings.management_roles)}{managers}名")
        return Decision(decision.value, decision.reasons + (note,), decision.extra)

    def max_grade(self, org: OrganizationFacts, as_of: date) -> Decision:
        if not self._in_scope(org, as_of):
            return Decision(NO_CAP, [self._out_of_scope("不适用等级限制")])
        if self.has_party_org(org):
            return Decision(NO_CAP, [Reason(GRADE_CAP, "已组建党组织，不受“原则上不允许评获4A以上等级”的限制；"
                                                       "是否组建党组织为等级评估的一项重要内容")])
        if org.exception_recorded:
            return Decision(NO_CAP, [Reason(GRADE_CAP, f"未组建党组织，但已记录例外（{org.exception_recorded}），"
                                                       "按“原则上”的例外不限制等级")])
        reasons = [Reason(GRADE_CAP, "未组建党组织的社会组织原则上不允许评获4A以上等级，最高3A；如有例外须记录理由")]
        if org.accepted_reason_for_no_party_org:
            reasons.append(Reason(GRADE_CAP, f"已记录未组建理由（{org.accepted_reason_for_no_party_org}），"
                                             "但本条不以理由免除，须另行记录例外"))
        return self._grade_decision(self.settings.max_grade_without_party_org, reasons, GRADE_CAP, org)

    def processes(self):
        return PROCESSES

    def registration_events(self):
        return REGISTRATION

    def proposals(self):
        return (COUNT_MANAGEMENT,)

    def requirements_for_year(self, year: int) -> tuple[Requirement, ...]:
        return super().requirements_for_year(year) + (
            Requirement("secretary_training_days", "secretary", "党组织负责人每年参加统一学习培训时间累计不少于3天",
                        "004 二 五", 3, "天", "secretary_training_days"),
        )

    def checklists(self) -> tuple[Checklist, ...]:
        return super().checklists() + (
            Checklist("three_synchronizations", "“三个同步”", "004 一(七)", (
                ChecklistItem("pledge", "成立登记：提交《社会组织党建工作承诺书》", "004 一(七)"),
                ChecklistItem("member_survey", "成立登记：提交《社会组织党员情况调查表》", "004 一(七)"),
                ChecklistItem("annual_party_report", "年检：填报《社会组织党建情况年报表》", "004 一(七)"),
                ChecklistItem("standardization_assessed", "党组织标准化建设情况列为考评内容", "004 一(七)"),
                ChecklistItem("party_org_in_grading", "等级评估：是否组建党组织为评估重要内容，未组建的原则上不评4A以上",
                              "004 一(七)", lambda rules, org, as_of: rules.has_party_org(org)),
            ), note="社会组织审批与党组织组建同步、年检与党组织检查同步、业务与党组织业务同步（004 一(七)）"),
        )
