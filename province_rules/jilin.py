"""Jilin (吉林): 002 (实施办法, 2016) and, from 2021-06-04, 000 (2021 work points) and 001
(demonstration bases).

What differs from the baseline:
- grade cap 2A for an org that meets the conditions but without accepted reason has not
  built a Party organization, or whose Party organization is weak and lax (002 第九条(三));
- dispatched branches (002 第十八条) and union-led joint organizations (002 第十九条);
- the annual inspection checklist (002 第九条(二)) and registration duties (002 第九条(一));
- from 2021: the 30-employee full-coverage target (000 (五)), yearly training (000 (三)),
  2021's special meetings (000 (七)) and the demonstration-base criteria (001 四).
"""
from __future__ import annotations

from datetime import date

from .checklist_facts import org_fact, organizational_life_held, party_org_built, party_org_fact, renewed_on_time
from .contract import NO_CAP, Checklist, ChecklistItem, Decision, Grade, Reason, Requirement
from .facts import OrganizationFacts
from .baseline import BaselineRules
from .registry import register

GRADE_CAP = "002 第九条(三)"


@register
class JilinRules(BaselineRules):
    """002, in force from its publication (002 第三十六条)."""

    code = "jilin"
    name = "吉林省社会组织联合党委"
    valid_from = date(2016, 5, 13)
    allowed_party_org_forms = frozenset({"own", "joint", "dispatched"})

    clause_must_build = "002 第十四条"
    text_must_build = "凡有3名以上正式党员的社会组织，都应按照党章规定，经上级党组织批准，独立建立党组织，并按期进行换届"
    text_counted_roles = "计入范围为本模块设定：002 第十四条未列明，参照 003 五 计入负责人和专职工作人员"
    clause_forms = "002 第十四条至第十九条"
    form_reasons = {
        **BaselineRules.form_reasons,
        "joint": ("002 第十六条", "与规模小、党员少的社会组织就近联合建立党组织；小型零散组织可按“党工共建”模式建立联合党组织，"
                                 "工会主席兼任党组织书记（002 第十九条）"),
        "dispatched": ("002 第十八条", "由3名党建工作指导员组成，覆盖3至5个没有党员或仅有个别党员的社会组织，"
                                       "所覆盖组织建立党组织后即可撤销"),
    }
    clause_weak_and_lax = GRADE_CAP
    clause_renewal = "002 第十四条"
    text_renewal = "社会组织党组织应按期进行换届（002 第八条(二)：党工委督促指导按期换届）"
    max_grade_without_party_org = Grade.A2
    max_grade_if_weak_and_lax = Grade.A2

    def max_grade(self, org: OrganizationFacts, as_of: date) -> Decision:
        if self.weak_and_lax(org, as_of).value:
            return self._grade_decision(self.max_grade_if_weak_and_lax, [Reason(
                GRADE_CAP, "党组织软弱涣散、不能发挥作用，当年不得评为3A（含）以上等级，最高2A")], GRADE_CAP, org)
        if self.has_party_org(org):
            return Decision(NO_CAP, [Reason(GRADE_CAP, "已建立党组织且未认定软弱涣散，不受3A以下限制；"
                                                       "党组织组建和发挥作用情况纳入评估重要指标")])
        must_build = self.must_build_own_party_org(org, as_of)
        if not must_build.value:
            return Decision(NO_CAP, [Reason(GRADE_CAP, f"计入的正式党员{must_build['formal_members_counted']}名，"
                                                       "不属“具备条件”，不适用“无故不组建党组织”的等级限制")])
        if org.accepted_reason_for_no_party_org:
            return Decision(NO_CAP, [Reason(GRADE_CAP, f"具备建立党组织条件但尚未建立，已记录正当理由"
                                                       f"（{org.accepted_reason_for_no_party_org}），不属“无故不组建”，不限制等级")])
        return self._grade_decision(self.max_grade_without_party_org, [Reason(
            GRADE_CAP, f"具备建立党组织条件（计入的正式党员{must_build['formal_members_counted']}名，002 第十四条）"
                       "而无正当理由未建立党组织，当年不得评为3A（含）以上等级，最高2A")], GRADE_CAP, org)

    def requirements_for_year(self, year: int) -> tuple[Requirement, ...]:
        return super().requirements_for_year(year) + (
            Requirement("secretary_report", "secretary", "党组织书记每年向上级党组织和本单位党员报告工作并接受评议",
                        "002 第二十五条", 1, "次"),
        )

    def checklists(self) -> tuple[Checklist, ...]:
        return super().checklists() + (
            Checklist("registration", "社会组织登记同步开展党建工作", "002 第九条(一)", (
                ChecklistItem("party_data_collected", "采集党员、党组织和党务工作者等党建工作基本信息", "002 第九条(一)①"),
                ChecklistItem("charter_clause", "党建工作内容写入组织章程，明确组建党组织和发挥政治核心作用等要求",
                              "002 第九条(一)②", org_fact("charter_clause")),
                ChecklistItem("party_work_known", "已建立党组织的，掌握其党建工作开展情况", "002 第九条(一)③"),
                ChecklistItem("formation_plan", "尚未建立党组织的，同步提交党组织组建等工作方案，明确隶属关系、"
                                                "领导管理责任及选派党建工作指导员", "002 第九条(一)④"),
            )),
            Checklist("annual_inspection", "社会组织党建工作年检清单", "002 第九条(二)", (
                ChecklistItem("party_org_built", "具备条件的社会组织已单独建立党组织", "002 第十四条", party_org_built),
                ChecklistItem("renewed_on_time", "党组织按期换届", "002 第十四条", renewed_on_time),
                ChecklistItem("charter_clause", "党建工作内容已写入章程", "002 第九条(一)②",
                              org_fact("charter_clause")),
                ChecklistItem("cross_appointment", "实行“双向进入、交叉任职”", "002 第七条(二)",
                              party_org_fact("cross_appointment")),
                ChecklistItem("organizational_life", "落实“三会一课”、民主评议党员等制度", "002 第三十条",
                              organizational_life_held),
                ChecklistItem("secretary_report", "党组织书记每年报告工作并接受评议", "002 第二十五条"),
                ChecklistItem("mass_organizations", "建立工会、共青团、妇联等群团组织", "002 第二十条"),
                ChecklistItem("rectification", "对检查发现的党建工作问题提出整改要求并及时整改", "002 第九条(二)"),
            ), note="年检前由登记管理部门会同党工委按阶段性重点任务制定，社会组织党组织自查填报（002 第九条(二)）；"
                    "以上为本模块按 002 列出的默认项目"),
        )


@register
class JilinRules2021(JilinRules):
    """From the 2021 work points (000) and the demonstration-base scheme (001), both 2021-06-04."""

    valid_from = date(2021, 6, 4)
    full_coverage_min_employees = 30

    def full_coverage_target(self, org: OrganizationFacts, as_of: date) -> Decision:
        kinds = [name for flag, name in ((org.is_school, "民办学校"), (org.is_hospital, "民办医院")) if flag]
        if not kinds:
            return Decision(False, [Reason("000 (五)", "不是民办学校或民办医院，不属组建率100%的目标范围"
                                                      "（“等实体性社会组织”本模块只按学校、医院认定）")])
        kind = "、".join(kinds)
        if org.employees < self.full_coverage_min_employees:
            return Decision(False, [Reason("000 (五)", f"从业人员{org.employees}人的{kind}，不足30人，不属组建率100%的目标范围")])
        state = "已建立党组织" if self.has_party_org(org) else "尚未建立党组织，应列入“两个覆盖”目标清单"
        return Decision(True, [Reason("000 (五)", f"从业人员{org.employees}人的{kind}，属“从业人员30人以上的民办学校、"
                                                  f"民办医院等实体性社会组织”，党组织组建率应达到100%；{state}")])

    def requirements_for_year(self, year: int) -> tuple[Requirement, ...]:
        requirements = super().requirements_for_year(year) + (
            Requirement("secretary_training", "secretary", "社会组织党组织书记每年至少参加1次集中培训", "000 (三)", 1, "次"),
            Requirement("party_worker_training", "party_workers", "党务工作者每年至少参加1次集中培训", "000 (三)", 1, "次"),
        )
        if year == 2021:
            requirements += (
                Requirement("special_org_life_meeting", "party_org", "“七一”前后召开一次专题组织生活会", "000 (七)", 1, "次"),
                Requirement("democratic_life_meeting", "party_org", "年底前围绕党史学习教育召开民主生活会", "000 (七)", 1, "次"),
            )
        return requirements

    def checklists(self) -> tuple[Checklist, ...]:
        return super().checklists() + (
            Checklist("demonstration_base", "省级社会组织党建创新示范基地创建标准", "001 四", (
                ChecklistItem("provincial_level", "省级社会组织", "001 一",
                              lambda rules, org, as_of: org.registration_level == "province"),
                ChecklistItem("party_org_renewed", "成立社会组织党组织并按时换届", "001 四(一)",
                              lambda rules, org, as_of: rules.has_party_org(org) and renewed_on_time(rules, org, as_of)),
                ChecklistItem("rules_in_place", "组织设置和工作机制健全，党内规章制度、民主决策程序和议事规则健全",
                              "001 四(一)", party_org_fact("rules_in_place")),
                ChecklistItem("cross_appointment", "党组织班子成员和社会组织领导机构成员“双向进入，交叉任职”",
                              "001 四(一)", party_org_fact("cross_appointment")),
                ChecklistItem("dues_paid", "党员按时交纳党费", "001 四(二)", party_org_fact("dues_paid")),
                ChecklistItem("member_training", "每年至少开展一次党员教育培训", "001 四(二)",
                              party_org_fact("member_training_held")),
                ChecklistItem("development_plan", "制定党员发展计划", "001 四(二)", party_org_fact("development_plan")),
                ChecklistItem("organizational_life", "组织党员参加“三会一课”、党性分析、民主评议党员等组织生活",
                              "001 四(三)", organizational_life_held),
                ChecklistItem("activity_space", "有专门用于党建活动的场所", "001 四(三)", party_org_fact("activity_space")),
                ChecklistItem("no_penalty", "遵纪守法，近三年未受到行政处罚", "001 四(四)",
                              lambda rules, org, as_of: None if org.penalties_last_3_years is None
                              else org.penalties_last_3_years == 0),
                ChecklistItem("inspection_passed", "年检合格", "001 四(四)",
                              org_fact("annual_inspection_passed")),
                ChecklistItem("grade_3a", "社会组织评估达到3A以上", "001 四(四)",
                              lambda rules, org, as_of: None if org.evaluation_grade is None
                              else org.evaluation_grade >= Grade.A3),
            ), note="每年7月10日前提交自评报告和创建申请，逾期视为放弃（001 三(一)）；初审、实地考核、全体委员会议审定、"
                    "省民政厅网站公示5个工作日后授牌（001 三(二)至(六)）；有效期3年（001 三）；"
                    "每三年复查，工作退步的限期整改，整改不力撤销称号（001 五(二)）"),
        )
