"""The national baseline: the rules every province shares, for provinces without a module.

The common rules come from the central document 中办发〔2015〕51号 as restated in 002
(the domain brief: Guangdong and Anhui apply the same), and from general Party rules
where no seed speaks (三会一课 cadence, terms). Each such setting is a class attribute
a province module may change; reasons say when a value is a module default.
"""
from __future__ import annotations

from datetime import date

from .contract import (
    FORM_NAMES,
    NO_CAP,
    ORGANIZATIONAL_FORMS,
    PARTY_ORG_FORMS,
    Checklist,
    Decision,
    Grade,
    ProvinceRules,
    Reason,
    Requirement,
)
from .facts import ActivityCounts, MemberFacts, OrganizationFacts, PartyOrgFacts
from .registry import register

# Sources outside the seeds, cited where the seeds are silent.
CENTRAL_DOCUMENT = "中办发〔2015〕51号"
PARTY_CONSTITUTION_TERMS = "党章 第三十条"
BRANCH_RULES_LIFE = "支部工作条例 第十九条"
BRANCH_RULES_COMMITTEE_MEETING = "支部工作条例 第十二条"
BRANCH_RULES_GROUP_MEETING = "支部工作条例 第十三条"

ROLE_NAMES = {"leader": "负责人", "management": "管理人员", "full_time": "专职工作人员", "other": "其他从业人员"}
# The 三会一课 and organizational-life activities, as keys of ActivityCounts.
THREE_MEETINGS_ONE_LECTURE = ("general_meeting", "committee_meeting", "group_meeting", "party_lecture")


def role_names(roles) -> str:
    return "、".join(ROLE_NAMES[role] for role in ROLE_NAMES if role in roles)


def _reported(party_org: PartyOrgFacts | None, key: str) -> float | None:
    """How much of requirement ``key`` the facts report (activities in the last 12 months,
    secretary trainings and training days), None when not reported."""
    if party_org is None:
        return None
    if key in ActivityCounts._SPEC:
        return None if party_org.activities is None else getattr(party_org.activities, key)
    return {"secretary_training": party_org.secretary_trainings,
            "secretary_training_days": party_org.secretary_training_days}.get(key)


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years; 29 February falls back to 28 February (never later). Past
    the calendar's ends (years 1 and 9999) the answer stays at ``date.min`` / ``date.max``."""
    year = day.year + years
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


@register
class BaselineRules(ProvinceRules):
    """Baseline: 3 formal members, own/joint forms, no grade cap, terms of three to five years."""

    code = "national"
    name = "社会组织党委"
    valid_from = date(2015, 9, 28)  # publication of 中办发〔2015〕51号
    allowed_party_org_forms = frozenset({"own", "joint"})
    coverage_target = None

    # --- whether it must build its own Party organization -----------------------------
    min_formal_members = 3
    # Seeds do not say whose membership counts for the three; the baseline counts 负责人
    # and 专职工作人员, the people 003 五 names for the same threshold (004 二 四 calls
    # 专职工作人员 the original definition).
    counted_member_roles = frozenset({"leader", "full_time"})
    # 004 二 四's proposal: management personnel count too, once their relation is held here.
    # Off in the baseline; a module that adopts it sets both.
    count_management_personnel = False
    management_roles: frozenset[str] = frozenset()
    # The forms that are an organization's *own* Party organization for 应建尽建 (a joint
    # branch covers it but is not its own: 002 第十四条 vs 第十六条); temporary counts where
    # the province has it (003 五).
    own_party_org_forms = frozenset({"own", "temporary"})
    clause_must_build = "002 第十四条"
    text_must_build = "全国通行规则（中办发〔2015〕51号，002 第十四条转述），有3名以上正式党员的社会组织应经上级党组织批准单独建立党组织"
    text_counted_roles = "计入范围为本模块设定：种子文件未列明，参照 003 五 计入负责人和专职工作人员"
    clause_relation_elsewhere = "002 第十七条"
    text_relation_elsewhere = "仍计入（在本组织工作的党员），应寻找“口袋党员”并转接其组织关系"
    clause_work_coverage = "002 第十三条"
    text_work_coverage = "因条件暂不具备尚未建立党组织的，应实现党的工作覆盖，条件成熟时及时建立党组织"

    # --- coverage ----------------------------------------------------------------------
    clause_forms = "002 第十四条至第十六条"
    form_reasons = {
        "own": ("002 第十四条", "按单位单独建立党组织"),
        "joint": ("002 第十六条", "与规模小、党员少的社会组织就近联合建立党组织"),
        "instructor": ("002 第十七条", "选派党建工作指导员开展党的工作"),
        "work_station": ("002 第二十一条", "由区域党群工作服务站就近带动开展党的工作"),
    }
    # Means of work coverage other than a Party organization, in the order they are reported.
    work_coverage_means = ("instructor", "work_station")

    # --- grade cap ---------------------------------------------------------------------
    max_grade_without_party_org = NO_CAP

    # --- weak and lax --------------------------------------------------------------------
    clause_weak_and_lax = CENTRAL_DOCUMENT
    weak_and_lax_criteria: tuple[str, ...] = ("recorded",)

    # --- term renewal ------------------------------------------------------------------
    # 党章 第三十条: terms of three to five years. The default is the lower bound so that an
    # unrecorded term never hides a due renewal.
    default_term_years = 3
    term_years_range = (3, 5)
    clause_renewal = PARTY_CONSTITUTION_TERMS
    text_renewal = "党组织任期届满应按期换届"

    # --- 三会一课 and organizational life (general rules, not in the seeds) -------------
    min_general_meetings_per_year = 4  # 党员大会一般每季度1次

    # =================================================================================
    # decisions
    # =================================================================================

    def counted_members(self, org: OrganizationFacts) -> tuple[MemberFacts, ...]:
        """The formal members that count toward the threshold."""
        counted = tuple(m for m in org.members if m.status == "formal" and m.role in self.counted_member_roles)
        if not self.count_management_personnel:
            return counted
        return counted + tuple(m for m in org.members if m.status == "formal" and m.role in self.management_roles
                               and m.relation == "here")

    def must_build_own_party_org(self, org: OrganizationFacts, as_of: date) -> Decision:
        counted = self.counted_members(org)
        enough = len(counted) >= self.min_formal_members
        roles = role_names(self.counted_member_roles)
        outcome = (f"达到{self.min_formal_members}名以上，应单独建立党组织" if enough
                   else f"不足{self.min_formal_members}名，不具备单独建立党组织的条件")
        text = f"计入的正式党员{len(counted)}名（{roles}），{outcome}。依据：{self.text_must_build}"
        reasons = [Reason(self.clause_must_build, text)]
        reasons += self._counting_notes(org, counted)
        if not enough:
            reasons.append(Reason(self.clause_work_coverage, self.text_work_coverage))
        return Decision(enough, reasons, {"formal_members_counted": len(counted)})

    def _counting_notes(self, org: OrganizationFacts, counted: tuple[MemberFacts, ...]) -> list[Reason]:
        notes = []
        probationary = sum(1 for m in org.members if m.status == "probationary")
        if probationary:
            notes.append(Reason(self.clause_must_build, f"预备党员{probationary}名不计入，只计正式党员"))
        # Members compare by value, and whether one counts depends only on its value.
        not_counted = [m for m in org.members if m.status == "formal" and m not in counted]
        if not_counted:
            roles = role_names({m.role for m in not_counted})
            notes.append(Reason(self.clause_must_build,
                                f"另有正式党员{len(not_counted)}名为{roles}，不计入；{self.text_counted_roles}"))
        away = sum(1 for m in counted if m.relation != "here")
        if away:
            notes.append(Reason(self.clause_relation_elsewhere,
                                f"计入的正式党员中{away}名组织关系不在本组织，{self.text_relation_elsewhere}"))
        return notes

    def has_party_org(self, org: OrganizationFacts) -> bool:
        """The org has a Party organization of its own, joint or temporary, of a form the province has."""
        party_org = org.party_org
        return (party_org is not None and party_org.form in self.allowed_party_org_forms
                and party_org.form in ORGANIZATIONAL_FORMS)

    def _form_reason(self, form: str) -> Reason:
        clause, text = self.form_reasons[form]
        return Reason(clause, f"{FORM_NAMES[form]}：{text}")

    def coverage(self, org: OrganizationFacts, as_of: date) -> Decision:
        reasons = []
        party_org = org.party_org
        if party_org is not None:
            form_check = self.check_party_org_form(party_org.form)
            if form_check.value:
                kind = "organizational" if party_org.form in ORGANIZATIONAL_FORMS else "work"
                return Decision(kind, [self._form_reason(party_org.form)], {"form": party_org.form})
            reasons += [Reason(r.clause, f"{r.text}；不计入覆盖") for r in form_check.reasons]
        for means in self.work_coverage_means:
            if getattr(org, means):
                return Decision("work", reasons + [self._form_reason(means)], {"form": means})
        reasons.append(Reason(self.clause_work_coverage,
                              "未建立党组织，也没有党建工作指导员或党建工作站，党的组织和工作均未覆盖；"
                              + self.text_work_coverage))
        return Decision("none", reasons, {"form": None})

    def max_grade(self, org: OrganizationFacts, as_of: date) -> Decision:
        reason = Reason(CENTRAL_DOCUMENT, "全国通行规则未设评估等级上限（本模块默认设定）；"
                                          "党组织组建和作用发挥情况作为评估的重要指标")
        return self._grade_decision(self.max_grade_without_party_org, [reason], CENTRAL_DOCUMENT, org)

    def _grade_decision(self, cap: Grade, reasons: list[Reason], clause: str, org: OrganizationFacts) -> Decision:
        grade = org.evaluation_grade
        if grade is not None and grade > cap:
            reasons = reasons + [Reason(clause, f"现记录的评估等级{grade}高于本年度可评的最高等级{cap}")]
        return Decision(cap, reasons)

    def full_coverage_target(self, org: OrganizationFacts, as_of: date) -> Decision:
        return Decision(False, [])

    def weak_and_lax(self, org: OrganizationFacts, as_of: date) -> Decision:
        party_org = org.party_org
        if party_org is None:
            return Decision(False, [Reason(self.clause_weak_and_lax, "未建立党组织，不适用软弱涣散排查")],
                            {"findings": []})
        findings, reasons = [], []
        for criterion in self.weak_and_lax_criteria:
            hit, reason = getattr(self, f"_screen_{criterion}")(party_org)
            if reason is not None:
                reasons.append(reason)
            if hit:
                findings.append(criterion)
        return Decision(bool(findings), reasons, {"findings": findings})

    def _screen_recorded(self, party_org: PartyOrgFacts) -> tuple[bool, Reason]:
        if party_org.weak_and_lax:
            return True, Reason(self.clause_weak_and_lax, "上级党组织已认定该党组织为软弱涣散党组织")
        return False, Reason(self.clause_weak_and_lax, "未记录软弱涣散认定")

    def term_renewal_due(self, org: OrganizationFacts, as_of: date) -> Decision:
        party_org = org.party_org
        if party_org is None:
            return Decision(None, [Reason(self.clause_renewal, "未建立党组织，不涉及换届")], {"due_date": None})
        if party_org.last_election is None:
            return Decision(None, [Reason(self.clause_renewal, "未记录上次换届选举日期，无法判断是否到期")],
                            {"due_date": None})
        term, term_reason = self._term(party_org)
        due_date = add_years(party_org.last_election, term)
        due = due_date <= as_of
        state = "已到期，应按期换届" if due else "尚未到期"
        text = f"上次换届选举{party_org.last_election.isoformat()}，{term}年任期于{due_date.isoformat()}届满，{state}；{self.text_renewal}"
        return Decision(due, [term_reason, Reason(self.clause_renewal, text)], {"due_date": due_date})

    def _term(self, party_org: PartyOrgFacts) -> tuple[int, Reason]:
        low, high = self.term_years_range
        if party_org.term_years is None:
            return self.default_term_years, Reason(
                PARTY_CONSTITUTION_TERMS,
                f"未记录任期，按本模块默认{self.default_term_years}年计（一般规则默认值：党章规定每届任期三至五年，"
                f"取下限以免漏报到期）")
        text = f"任期按记录为{party_org.term_years}年"
        if not low <= party_org.term_years <= high:
            text += f"，不在党章规定的{low}至{high}年范围内，请核实"
        return party_org.term_years, Reason(PARTY_CONSTITUTION_TERMS, text)

    # =================================================================================
    # requirements, checklists, forms
    # =================================================================================

    def requirements_for_year(self, year: int) -> tuple[Requirement, ...]:
        default = "（一般规则默认值，种子文件未规定频次）"
        return (
            Requirement("general_meeting", "party_org", "支部党员大会，一般每季度召开1次" + default,
                        BRANCH_RULES_LIFE, self.min_general_meetings_per_year, "次"),
            Requirement("committee_meeting", "party_org", "支部委员会会议，一般每月召开1次" + default,
                        BRANCH_RULES_COMMITTEE_MEETING, 12, "次"),
            Requirement("group_meeting", "party_org", "党小组会，一般每月召开1次" + default,
                        BRANCH_RULES_GROUP_MEETING, 12, "次"),
            Requirement("party_lecture", "secretary", "党支部书记每年至少讲1次党课" + default,
                        BRANCH_RULES_LIFE, 1, "次"),
            Requirement("theme_day", "party_org", "每月相对固定1天开展主题党日" + default,
                        BRANCH_RULES_LIFE, 12, "次"),
            Requirement("org_life_meeting", "party_org", "每年召开1次组织生活会" + default,
                        BRANCH_RULES_LIFE, 1, "次"),
            Requirement("democratic_review", "party_org", "每年开展1次民主评议党员" + default,
                        BRANCH_RULES_LIFE, 1, "次"),
        )

    def requirements_met(self, org: OrganizationFacts, year: int) -> dict[str, bool | None]:
        """For each of the year's requirements with a minimum: met (True/False) by the reported
        facts, or None where the facts do not report it."""
        results = {}
        for requirement in self.requirements_for_year(year):
            if requirement.minimum is not None:
                reported = _reported(org.party_org, requirement.key)
                results[requirement.key] = None if reported is None else reported >= requirement.minimum
        return results

    def checklists(self) -> tuple[Checklist, ...]:
        return ()

    def check_party_org_form(self, form: str) -> Decision:
        if form not in PARTY_ORG_FORMS:
            return Decision(False, [Reason(self.clause_forms, f"未知的党组织形式“{form}”")])
        if form in self.allowed_party_org_forms:
            return Decision(True, [self._form_reason(form)])
        allowed = "、".join(FORM_NAMES[f] for f in PARTY_ORG_FORMS if f in self.allowed_party_org_forms)
        return Decision(False, [Reason(
            self.clause_forms, f"本省规则没有“{FORM_NAMES[form]}”这一党组织形式，不予登记；本省可用形式：{allowed}")])
