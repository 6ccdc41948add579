"""Guangdong (广东): 003, the ten key actions of the 2021–2023 three-year plan (粤社党委〔2021〕38号).

What differs from the baseline:
- no fixed grade cap: Party building is an important scored indicator in grading (003 三);
- temporary branches where 3+ formal members among full-time staff and leaders cannot
  easily transfer their relations (003 五);
- weak-and-lax screening of incomplete leadership, infrequent activity and joint branches
  covering too many units (003 四); on-time renewal (003 四);
- secretaries' rotation training (003 七), the yearly discipline education month (003 九);
- checklists: 双强五好 (003 八) and the five integrations with registration work (003 三).
"""
from __future__ import annotations

from datetime import date

from .contract import NO_CAP, Checklist, ChecklistItem, Decision, Reason, Requirement
from .facts import OrganizationFacts, PartyOrgFacts
from .checklist_facts import org_fact, organizational_life_held, party_org_fact
from .baseline import BaselineRules
from .registry import register

SCREENING = "003 四"


@register
class GuangdongRules(BaselineRules):
    code = "guangdong"
    name = "广东省社会组织党委"
    valid_from = date(2021, 11, 24)
    allowed_party_org_forms = frozenset({"own", "joint", "temporary"})

    clause_must_build = "003 五"
    text_must_build = "同步推进党组织“应建尽建”“应联尽联”“应纳尽纳”；3名正式党员的标准同全国通行规则"
    clause_relation_elsewhere = "003 五"
    text_relation_elsewhere = "仍计入；转接组织关系较难、暂时不具备建立党支部条件的，可建立临时党支部"
    clause_work_coverage = "003 五"
    text_work_coverage = ("未建党组织的，加大建立工会、共青团、妇联等群团组织和选派党建工作指导员力度，"
                          "或指定党建工作基础好的社会组织或党建工作站就近带动开展党的工作")
    clause_forms = "003 五"
    form_reasons = {
        "own": ("003 五", "应建尽建，单独建立党组织"),
        "joint": ("003 五", "应联尽联，联合建立党组织"),
        "temporary": ("003 五", "专职工作人员和负责人中有3名以上正式党员且转接组织关系较难、暂时不具备建立党支部条件的，"
                                "建立临时党支部"),
        "instructor": ("003 五", "选派党建工作指导员开展党的工作"),
        "work_station": ("003 五", "由党建工作站就近带动开展党的工作"),
    }
    clause_weak_and_lax = SCREENING
    weak_and_lax_criteria = ("recorded", "leadership_incomplete", "activities_infrequent", "joint_branch_too_many_units")
    # 003 四 names the problem, not a number: the module flags a joint branch above the
    # general rule that one covers generally no more than 5 units (支部工作条例).
    max_joint_branch_units = 5
    clause_renewal = SCREENING
    text_renewal = "严格执行基层党组织按期换届制度"

    def max_grade(self, org: OrganizationFacts, as_of: date) -> Decision:
        return Decision(NO_CAP, [Reason("003 三", "等级评估时同步将党建工作纳入重要指标；本文件未设固定等级上限，"
                                                  "党建工作作为评分指标计入评估")])

    # --- weak-and-lax screening (003 四) -------------------------------------------------

    def _screen_leadership_incomplete(self, party_org: PartyOrgFacts) -> tuple[bool, Reason]:
        if party_org.leadership_complete is None:
            return False, Reason(SCREENING, "班子配备情况未报送，未能排查“班子配备不齐”")
        if party_org.leadership_complete:
            return False, Reason(SCREENING, "班子配备齐全")
        return True, Reason(SCREENING, "党组织班子配备不齐")

    def _screen_activities_infrequent(self, party_org: PartyOrgFacts) -> tuple[bool, Reason]:
        if party_org.activities is None:
            return False, Reason(SCREENING, "近12个月活动情况未报送，未能排查“活动不经常”")
        held, minimum = party_org.activities.general_meeting, self.min_general_meetings_per_year
        if held < minimum:
            return True, Reason(SCREENING, f"党组织活动不经常：近12个月召开党员大会{held}次，少于{minimum}次"
                                           "（阈值为本模块设定：一般规则为每季度1次）")
        return False, Reason(SCREENING, f"近12个月召开党员大会{held}次，活动经常")

    def _screen_joint_branch_too_many_units(self, party_org: PartyOrgFacts) -> tuple[bool, Reason | None]:
        if party_org.form != "joint":
            return False, None
        units, maximum = party_org.covered_units, self.max_joint_branch_units
        if units > maximum:
            return True, Reason(SCREENING, f"联合党支部覆盖单位过多：覆盖{units}个单位，超过{maximum}个"
                                           "（阈值为本模块设定：一般规则为联合党支部覆盖单位一般不超过5个）")
        return False, Reason(SCREENING, f"联合党支部覆盖{units}个单位，未超过{maximum}个")

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
