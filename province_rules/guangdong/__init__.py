"""Guangdong (广东): 003, the ten key actions of the 2021–2023 three-year plan (粤社党委〔2021〕38号).

What differs from the baseline:
- the three formal members are counted among 专职工作人员和负责人 (003 五), 负责人 including
  理事长（会长）、副理事长（副会长）、秘书长 (003 七);
- no fixed grade cap: Party building is an important scored indicator in grading (003 三);
- temporary branches where 3+ formal members among full-time staff and leaders cannot
  easily transfer their relations (003 五); zombies flagged for clean-up (003 五);
- weak-and-lax screening of incomplete leadership, infrequent Party life and joint branches
  covering too many units (003 四): warnings (预警) until staff confirm them (认定);
- secretaries' rotation training (003 七), the yearly discipline education month (003 九);
- checklists: 双强五好 (003 八) and the five integrations with registration work (003 三);
- processes (``processes.py``) and the ten actions as the province's plan (``plan.py``).

Settings where 003 names no number (本省设定): at most ``demonstration_points_max`` points (003 八
"选树百家": 100); a committee member follows up a candidate unit at least every
``follow_up_days`` (60; 003 八 "定期联系指导"); a weak-and-lax Party organization is rectified within
``rectification_days`` (90 calendar days); a referral is answered within ``referral_days`` (30); a
temporary branch is reminded for conversion after ``temporary_branch_conversion_days`` (180).
"""
from __future__ import annotations

from datetime import date

from ..baseline import BaselineRules, settings_of
from ..checklist_facts import org_fact, organizational_life_held, party_org_fact
from ..contract import NO_CAP, Checklist, ChecklistItem, Decision, Reason, Requirement
from ..facts import OrganizationFacts, PartyOrgFacts
from ..plans import validate_plans
from ..registry import register
from .plan import TEN_ACTIONS
from .processes import REGISTRATION, guangdong_processes

SCREENING = "003 四"
COVERAGE = "003 五"
# The roles 003 五 names for the temporary branch and the three members: 专职工作人员和负责人.
LEADERS_AND_FULL_TIME = frozenset({"leader", "full_time"})


@register
class GuangdongRules(BaselineRules):
    code = "guangdong"
    name = "广东省社会组织党委"
    valid_from = date(2021, 11, 24)
    settings = settings_of(
        BaselineRules,
        allowed_party_org_forms=frozenset({"own", "joint", "temporary"}),
        counted_member_roles=LEADERS_AND_FULL_TIME,
        # a temporary branch is the organization's own, set up for it alone (003 五)
        own_party_org_forms=frozenset({"own", "temporary"}),
        work_coverage_means=("instructor", "work_station"),
        weak_and_lax_screens=("leadership_incomplete", "activities_infrequent", "joint_branch_too_many_units"),
        # 003 四 names "党组织活动不经常" without a number. All Party life counts (党员大会、支委会、党小组会、党课、
        # 主题党日); the general rules hold about 40 a year (支部工作条例), so fewer than 12 in 12 months — under one
        # a month — is infrequent.
        min_party_life_per_year=12,
        # 003 四 names "联合党支部覆盖单位过多" without a number: more than 5 units is too many.
        max_joint_branch_units=5,
    )

    clause_must_build = COVERAGE
    text_must_build = "同步推进党组织“应建尽建”“应联尽联”“应纳尽纳”；3名正式党员的标准同全国通行规则"
    text_counted_roles = ("专职工作人员和负责人中的正式党员（003 五）；负责人含理事长（会长）、副理事长（副会长）、"
                          "秘书长（003 七）")
    clause_relation_elsewhere = COVERAGE
    text_relation_elsewhere = "转接组织关系较难、暂时不具备建立党支部条件的，可建立临时党支部"
    clause_work_coverage = COVERAGE
    text_work_coverage = ("未建党组织的，加大建立工会、共青团、妇联等群团组织和选派党建工作指导员力度，"
                          "或指定党建工作基础好的社会组织或党建工作站就近带动开展党的工作")
    clause_forms = COVERAGE
    form_clauses = {
        "own": (COVERAGE, "应建尽建，单独建立党组织"),
        "joint": (COVERAGE, "应联尽联，联合建立党组织"),
        "temporary": (COVERAGE, "专职工作人员和负责人中有3名以上正式党员且转接组织关系较难、暂时不具备建立党支部条件的，"
                                "建立临时党支部"),
        "instructor": (COVERAGE, "选派党建工作指导员开展党的工作"),
        "work_station": (COVERAGE, "由党建工作站就近带动开展党的工作"),
    }
    clause_weak_and_lax = SCREENING
    clause_screening = SCREENING
    clause_renewal = SCREENING
    text_renewal = "严格执行基层党组织按期换届制度"

    # processes (003): settings where the document names no number (本省设定)
    demonstration_points_max = 100          # 003 八 "在全省选树百家社会组织党建工作示范点"
    follow_up_days = 60                     # 003 八 "定期联系指导"
    rectification_days = 90                 # 003 四 排查整顿
    referral_days = 30                      # 003 三 "及时反馈"
    temporary_branch_conversion_days = 180  # 003 五 临时党支部

    def processes(self):
        return _processes(type(self))

    def registration_events(self):
        return REGISTRATION

    def plans(self):
        return _plans(type(self))

    def max_grade(self, org: OrganizationFacts, as_of: date) -> Decision:
        return Decision(NO_CAP, [Reason("003 三", "等级评估时同步将党建工作纳入重要指标；未设固定等级上限，"
                                                  "党建工作作为评分指标计入评估")])

    def _zombie_reason(self) -> Reason:
        return Reason(COVERAGE, "“僵尸型”社会组织：结合专项整治行动摸准底数，同步对其党组织进行撤并调整")

    # --- weak-and-lax screening (003 四): warnings until staff confirm them -------------

    def _warning_reason(self, key: str, party_org: PartyOrgFacts) -> Reason:
        s = self.settings
        if key == "activities_infrequent":
            from ..criteria import party_life

            return Reason(SCREENING, f"排查预警（待认定）：党组织活动不经常，近12个月党员大会、支委会、党小组会、党课、"
                                     f"主题党日合计{party_life(party_org, s)}次，少于{s.min_party_life_per_year}次"
                                     "（次数标准为本省设定）", province_setting=True)
        if key == "joint_branch_too_many_units":
            return Reason(SCREENING, f"排查预警（待认定）：联合党支部覆盖单位过多，覆盖{party_org.covered_units}个单位，"
                                     f"超过{s.max_joint_branch_units}个（单位数标准为本省设定）", province_setting=True)
        return Reason(SCREENING, "排查预警（待认定）：党组织班子配备不齐")

    def _unreported_screens(self, party_org: PartyOrgFacts) -> list[str]:
        unreported = []
        if party_org.leadership_complete is None:
            unreported.append("班子配备情况")
        if party_org.activities is None:
            unreported.append("近12个月活动情况")
        return unreported

    def check_temporary_branch(self, org: OrganizationFacts) -> Decision:
        """003 五: "对未组建党组织的社会组织，专职工作人员和负责人中有3名以上正式党员且转接组织关系较难、
        暂时不具备建立党支部条件的，可建立临时党支部". Relations hard to transfer: held elsewhere or mobile."""
        if self.has_party_org(org):
            return Decision(False, [Reason(COVERAGE, "已建立党组织，临时党支部只适用于未组建党组织的社会组织")])
        minimum = self.settings.min_formal_members
        hard = sum(1 for m in org.members if m.status == "formal" and set(m.roles) & LEADERS_AND_FULL_TIME
                   and m.relation != "here")
        if hard >= minimum:
            return Decision(True, [Reason(COVERAGE, f"专职工作人员和负责人中有{hard}名正式党员组织关系在外、转接较难，"
                                                    "可建立临时党支部")])
        return Decision(False, [Reason(COVERAGE, f"专职工作人员和负责人中组织关系转接较难的正式党员{hard}名，不足{minimum}名，"
                                                 "不符合建立临时党支部的条件")])

    def requirements_for_year(self, year: int) -> tuple[Requirement, ...]:
        return super().requirements_for_year(year) + (
            Requirement("secretary_rotation_training", "secretary", "党组织书记参加集中轮训（集中培训和网上培训相结合）",
                        "003 七"),
            Requirement("discipline_education_month", "party_org", "每年开展纪律教育学习月活动", "003 九", 1, "次"),
        )

    def checklists(self) -> tuple[Checklist, ...]:
        return super().checklists() + (
            Checklist("double_strong_five_good", "社会组织党组织“双强五好”创建", "003 八", (
                ChecklistItem("strong_party_building", "党建强", "003 八"),
                ChecklistItem("strong_development", "发展强", "003 八"),
                ChecklistItem("good_branch_leadership", "党支部班子好", "003 八", party_org_fact("leadership_complete")),
                ChecklistItem("good_member_team", "党员队伍好", "003 八"),
                ChecklistItem("good_activities", "活动开展好", "003 八", organizational_life_held),
                ChecklistItem("good_rules", "制度建设好", "003 八", party_org_fact("rules_in_place")),
                ChecklistItem("good_role", "作用发挥好", "003 八"),
            ), note="在全省选树百家社会组织党建工作示范点；各级社会组织党委委员直接联系指导示范点创建单位（003 八）"),
            Checklist("five_integrations", "党建与登记管理工作“五融合”", "003 三", (
                ChecklistItem("member_data_at_registration", "成立登记或换届时同步采集党员信息", "003 三"),
                ChecklistItem("charter_clause", "章程核准时将坚持党的全面领导的要求载入章程（党建入章）", "003 三",
                              org_fact("charter_clause")),
                ChecklistItem("party_work_at_annual_report", "年报年检时同步检查党建工作", "003 三"),
                ChecklistItem("party_work_in_grading", "等级评估和评优评先时将党建工作纳入重要指标", "003 三"),
                ChecklistItem("gaps_reported", "发现未做到“应建尽建”“应联尽联”“应纳尽纳”的，及时反馈业务主管单位党组织、"
                                               "行业党委、属地党组织", "003 三"),
            )),
        )


_built: dict = {}


def _processes(cls):
    """The processes of a module class, built once from its settings."""
    if ("processes", cls) not in _built:
        _built[("processes", cls)] = guangdong_processes(
            max_points=cls.demonstration_points_max, follow_up_days=cls.follow_up_days,
            rectification_days=cls.rectification_days, referral_days=cls.referral_days,
            conversion_days=cls.temporary_branch_conversion_days)
    return _built[("processes", cls)]


def _plans(cls):
    if ("plans", cls) not in _built:
        _built[("plans", cls)] = validate_plans((TEN_ACTIONS,), _processes(cls))
    return _built[("plans", cls)]
