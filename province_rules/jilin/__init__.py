"""Jilin (吉林): 002 (实施办法, 2016) and, from 2021-06-04, 000 (2021 work points) and 001
(demonstration bases).

What differs from the baseline:
- every formal member working in the organization counts toward the three (002 第十四条
  names no roles);
- grade cap 2A for an org that meets the conditions but without accepted reason has not
  built a Party organization of its own (a joint branch is not one: 002 第十六条 is for
  small orgs with few members), or whose Party organization is weak and lax (002 第九条(三));
- dispatched branches (002 第十八条) and union-led joint organizations (002 第十九条);
- the annual inspection checklist (002 第九条(二)) and registration duties (002 第九条(一));
- processes (``processes``, ``demonstration_base``): dispatched-branch formation, the formation
  plan opened by the registration hand-off, and from 2021 the demonstration bases;
- from 2021: the full-coverage target for entity-type private non-enterprise units with
  30+ employees (000 (五), the kinds a setting), yearly training (000 (三)),
  2021's special meetings (000 (七)) and the demonstration-base criteria (001 四).
"""
from __future__ import annotations

from datetime import date

from ..baseline import BaselineRules, settings_of
from ..checklist_facts import org_fact, organizational_life_held, party_org_built, party_org_fact, renewed_on_time
from ..contract import NO_CAP, Checklist, ChecklistItem, Decision, Grade, Reason, Requirement
from ..criteria import Sql, criterion
from ..facts import OrganizationFacts
from ..processes import Process, RegistrationEvent, validate_processes
from ..registry import register
from . import demonstration_base, processes

GRADE_CAP = "002 第九条(三)"
FULL_COVERAGE = "000 (五)"
SERVICE_TYPE_NAMES = {"school": "学校", "hospital": "医院", "elderly_care": "养老", "health": "康复保健",
                      "childcare": "托育", "culture": "文化", "sports": "体育", "social_work": "社会工作",
                      "research": "科研", "other": "其他"}


def entity_type_names(types) -> str:
    return "、".join(name for key, name in SERVICE_TYPE_NAMES.items() if key in types)


@register
class JilinRules(BaselineRules):
    """002, in force from its publication (002 第三十六条)."""

    code = "jilin"
    name = "吉林省社会组织联合党委"
    valid_from = date(2016, 5, 13)
    settings = settings_of(
        BaselineRules,
        allowed_party_org_forms=frozenset({"own", "joint", "dispatched"}),
        # 002 第十四条: "凡有3名以上正式党员的社会组织" names no roles: every formal member working in it counts.
        counted_member_roles=frozenset({"leader", "management", "full_time", "other"}),
        own_party_org_forms=frozenset({"own"}),
        work_coverage_means=("dispatched", "instructor", "work_station"),
        max_grade_without_party_org=Grade.A2,  # 002 第九条(三): "不得评为3A（含）以上等级"
        max_grade_if_weak_and_lax=Grade.A2,
    )

    clause_must_build = "002 第十四条"
    text_must_build = "凡有3名以上正式党员的社会组织，都应按照党章规定，经上级党组织批准，独立建立党组织，并按期进行换届"
    clause_forms = "002 第十四条至第十九条"
    form_clauses = {
        **BaselineRules.form_clauses,
        "joint": ("002 第十六条", "规模小、党员少的社会组织本着就近就便原则联合建立党组织；小型零散组织按“党工组织联合设置、"
                                 "工会主席兼任党组织书记”的模式建立联合党组织（002 第十九条）"),
        "dispatched": ("002 第十八条", "由3名指导员组成一个“派出党支部”，覆盖3至5个没有党员或仅有个别党员的社会组织，"
                                       "在帮助所覆盖社会组织组建党组织后即可撤销"),
        "work_station": ("002 第二十一条", "街道、乡镇综合党委建立的党群工作服务站组织开展“开放式”党组织活动，"
                                           "吸纳社会组织负责人和从业人员参加"),
    }
    clause_weak_and_lax = GRADE_CAP
    clause_renewal = "002 第十四条"
    text_renewal = "社会组织党组织应按期进行换届（002 第八条(二)：督促指导所属社会组织党组织按期换届）"

    def _criteria(self):
        # 002 第九条(三): "对具备条件而无故不组建党组织、党组织软弱涣散不能发挥作用的社会组织，当年不得评为3A（含）以上等级".
        # "具备条件" is the condition of 第十四条, whose remedy is the organization's own Party organization:
        # an eligible organization covered only by a joint branch has not built one (it stays 应建未建).
        return super()._criteria() + [criterion(
            "grade_capped", "organization", "评估等级受规则限制（最高2A）", GRADE_CAP,
            lambda org, as_of, c: c.holds("in_scope", org, as_of) and (
                c.holds("weak_and_lax", org, as_of)
                or (c.holds("must_build", org, as_of) and not c.holds("own_party_org", org, as_of)
                    and not org.accepted_reason_for_no_party_org)),
            Sql("{in_scope} AND ({weak_and_lax} OR ({must_build} AND NOT {own_party_org} AND NOT o.accepted_reason))"))]

    def max_grade(self, org: OrganizationFacts, as_of: date) -> Decision:
        cap = self.settings.max_grade_without_party_org
        if not self._in_scope(org, as_of):
            return Decision(NO_CAP, [self._out_of_scope("不适用等级限制")])
        capped = self.criteria.holds("grade_capped", org, as_of)
        if self.criteria.holds("weak_and_lax", org, as_of):
            return self._grade_decision(self.settings.max_grade_if_weak_and_lax, [Reason(
                GRADE_CAP, "党组织软弱涣散、不能发挥作用，当年不得评为3A（含）以上等级，最高2A")], GRADE_CAP, org)
        must_build = self.must_build_own_party_org(org, as_of)
        counted = must_build["formal_members_counted"]
        if not must_build.value:
            return Decision(NO_CAP, [Reason(GRADE_CAP, f"计入的正式党员{counted}名，不属“具备条件”，"
                                                       "不适用“无故不组建党组织”的等级限制")])
        if self.criteria.holds("own_party_org", org, as_of):
            return Decision(NO_CAP, [Reason(GRADE_CAP, "已单独建立党组织且未认定软弱涣散，不受3A以下限制；"
                                                       "党组织组建和发挥作用情况纳入评估重要指标")])
        if org.accepted_reason_for_no_party_org:
            return Decision(NO_CAP, [Reason(GRADE_CAP, f"具备条件但尚未单独建立党组织，已记录正当理由"
                                                       f"（{org.accepted_reason_for_no_party_org}），不属“无故不组建”，不限制等级")])
        assert capped
        joint = org.party_org is not None and org.party_org.form == "joint"
        text = (f"具备建立党组织条件（计入的正式党员{counted}名，002 第十四条）而无正当理由未单独建立党组织"
                + ("（现仅由联合党组织覆盖；联合建立适用于规模小、党员少的社会组织，002 第十六条）" if joint else "")
                + "，当年不得评为3A（含）以上等级，最高2A")
        return self._grade_decision(cap, [Reason(GRADE_CAP, text)], GRADE_CAP, org)

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
                    "以上为本省按 002 列出的默认项目，可按当年重点任务调整"),
        )

    def processes(self) -> tuple[Process, ...]:
        return PROCESSES_2016

    def registration_events(self) -> tuple[RegistrationEvent, ...]:
        return processes.REGISTRATION_EVENTS


PROCESSES_2016 = validate_processes(processes.PROCESSES)
PROCESSES_2021 = validate_processes(processes.PROCESSES_2021 + (demonstration_base.DEMONSTRATION_BASE,))


@register
class JilinRules2021(JilinRules):
    """From the 2021 work points (000) and the demonstration-base scheme (001), both 2021-06-04."""

    valid_from = date(2021, 6, 4)
    # 000 (五): "从业人员30人以上的民办学校、民办医院等实体性社会组织党组织组建率应达到100%". "等" extends the
    # two named kinds to the other entity-type private non-enterprise units that serve people at their own
    # premises with their own staff: elderly care, health and rehabilitation, childcare, culture and sports
    # venues. Social-work and public-service centres, research institutes and other units are not counted.
    settings = settings_of(
        JilinRules, full_coverage_min_employees=30, full_coverage_kinds=frozenset({"private_non_enterprise"}),
        full_coverage_service_types=frozenset({"school", "hospital", "elderly_care", "health", "childcare", "culture",
                                               "sports"}),
    )

    def _criteria(self):
        s = self.settings

        def check(org, as_of, c):
            return (c.holds("in_scope", org, as_of) and org.kind in s.full_coverage_kinds
                    and org.effective_service_type in s.full_coverage_service_types
                    and org.employees >= s.full_coverage_min_employees)

        return super()._criteria() + [criterion(
            "full_coverage_target", "organization", "全覆盖目标范围（组建率100%）", FULL_COVERAGE, check,
            Sql("{in_scope} AND o.kind = ANY(%(kinds)s::text[]) AND o.service_type = ANY(%(types)s::text[]) "
                "AND o.employees >= %(minimum)s",
                {"kinds": sorted(s.full_coverage_kinds), "types": sorted(s.full_coverage_service_types),
                 "minimum": s.full_coverage_min_employees}))]

    def full_coverage_target(self, org: OrganizationFacts, as_of: date) -> Decision:
        s = self.settings
        if not self._in_scope(org, as_of):
            return Decision(False, [self._out_of_scope("不列入全覆盖目标")])
        rule = (f"本省认定的实体性社会组织为{entity_type_names(s.full_coverage_service_types)}类民办非企业单位"
                "（“等”字所及范围为本省设定）")
        kind = SERVICE_TYPE_NAMES.get(org.effective_service_type or "", "")
        if org.kind not in s.full_coverage_kinds or org.effective_service_type not in s.full_coverage_service_types:
            return Decision(False, [Reason(FULL_COVERAGE, "不属“民办学校、民办医院等实体性社会组织”，不在组建率100%的目标范围"),
                                    Reason(FULL_COVERAGE, rule, province_setting=True)])
        if org.employees < s.full_coverage_min_employees:
            return Decision(False, [Reason(FULL_COVERAGE, f"从业人员{org.employees}人的{kind}类民办非企业单位，"
                                                          f"不足{s.full_coverage_min_employees}人，不在组建率100%的目标范围")])
        state = "已建立党组织" if self.has_party_org(org) else "尚未建立党组织，应列入“两个覆盖”目标清单"
        return Decision(True, [Reason(FULL_COVERAGE, f"从业人员{org.employees}人的{kind}类民办非企业单位，属“从业人员30人以上的"
                                                     f"民办学校、民办医院等实体性社会组织”，党组织组建率应达到100%；{state}"),
                               Reason(FULL_COVERAGE, rule, province_setting=True)])

    def requirements_for_year(self, year: int) -> tuple[Requirement, ...]:
        requirements = super().requirements_for_year(year) + (
            Requirement("secretary_training", "secretary", "社会组织党组织书记每年至少参加1次集中培训", "000 (三)", 1, "次",
                        "secretary_trainings"),
            Requirement("party_worker_training", "party_workers", "党务工作者每年至少参加1次集中培训", "000 (三)", 1, "次",
                        "party_worker_trainings"),
        )
        if year == 2021:
            requirements += (
                Requirement("special_org_life_meeting", "party_org", "“七一”前后召开一次专题组织生活会", "000 (七)", 1, "次"),
                Requirement("democratic_life_meeting", "party_org", "年底前围绕党史学习教育召开民主生活会", "000 (七)", 1, "次"),
            )
        return requirements

    def checklists(self) -> tuple[Checklist, ...]:
        return super().checklists() + (
            Checklist("demonstration_base", "省级社会组织党建创新示范基地创建标准", "001 四",
                      (demonstration_base.PROVINCIAL_LEVEL, *demonstration_base.CRITERIA),
                      note=demonstration_base.CHECKLIST_NOTE),
        )

    def processes(self) -> tuple[Process, ...]:
        return PROCESSES_2021
