"""The national baseline: the rules every province shares, for provinces without a module.

The common rules come from the central document 中办发〔2015〕51号 as restated in 002
(the domain brief: Guangdong and Anhui apply the same), and from general Party rules
where no seed speaks (三会一课 cadence, terms). Each setting is a field of ``settings``
(``RuleSettings``) a province module may change; a reason built on a setting where the
seeds are silent is marked ``province_setting`` and cites the general rule it follows.
Every decision reads its value from the module's criteria (``criteria.py``), the same
definitions the indicators count in SQL.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from .contract import (
    FORM_NAMES,
    NO_CAP,
    ORGANIZATIONAL_FORMS,
    PARTY_ORG_FORMS,
    STATUS_NAMES,
    Checklist,
    CoverageTarget,
    Decision,
    Grade,
    ProvinceRules,
    Reason,
    Requirement,
    RequirementResult,
    RuleSettings,
)
from .criteria import Criteria, Criterion, Sql, counted_members, criterion, requirement_criteria, shared_criteria
from .facts import MemberFacts, OrganizationFacts, PartyOrgFacts, reported_measure
from .processes import Process, RegistrationEvent, ReminderSettings
from .proposals import Proposal
from .registry import register

# Sources outside the seeds, cited where the seeds are silent.
CENTRAL_DOCUMENT = "中办发〔2015〕51号"
PARTY_CONSTITUTION_TERMS = "党章 第三十条"
BRANCH_RULES_GENERAL_MEETING = "支部工作条例 第十一条"
BRANCH_RULES_COMMITTEE_MEETING = "支部工作条例 第十二条"
BRANCH_RULES_GROUP_MEETING = "支部工作条例 第十三条"
BRANCH_RULES_LIFE = "支部工作条例 第十九条"

ROLE_NAMES = {"leader": "负责人", "management": "管理人员", "full_time": "专职工作人员", "other": "其他从业人员"}
# The 三会一课, as keys of ActivityCounts (and of the requirements that measure them).
THREE_MEETINGS_ONE_LECTURE = ("general_meeting", "committee_meeting", "group_meeting", "party_lecture")
# The requirements that measure the secretary's training (the training-compliance indicator).
SECRETARY_TRAINING_MEASURES = ("secretary_trainings", "secretary_training_days")


def role_names(roles) -> str:
    return "、".join(ROLE_NAMES[role] for role in ROLE_NAMES if role in roles)


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


def _never(key: str, subject: str, title: str, clause: str) -> Criterion:
    return criterion(key, subject, title, clause, lambda facts, as_of, c: False, Sql("false"))


@register
class BaselineRules(ProvinceRules):
    """Baseline: 3 formal members (any role), own/joint forms, no grade cap, terms of three to five years."""

    code = "national"
    name = "社会组织党委"
    valid_from = date(2015, 9, 28)  # publication of 中办发〔2015〕51号
    settings = RuleSettings()
    coverage_targets: tuple[CoverageTarget, ...] = ()

    # --- whether it must build its own Party organization -----------------------------
    clause_must_build = "002 第十四条"
    text_must_build = "全国通行规则（中办发〔2015〕51号，002 第十四条转述）：有3名以上正式党员的社会组织，应经上级党组织批准单独建立党组织"
    # whose membership counts, in words, and the clause that says so
    text_counted_roles = "第十四条以“有3名以上正式党员”为条件，未限定身份：在本组织工作的正式党员均计入"
    clause_relation_elsewhere = "002 第十七条"
    text_relation_elsewhere = "应寻找“口袋党员”，督促其转接组织关系"
    clause_work_coverage = "002 第十三条"
    text_work_coverage = "因条件暂不具备尚未建立党组织的，应实现党的工作覆盖，条件成熟时及时建立党组织"

    # --- coverage ----------------------------------------------------------------------
    clause_forms = "002 第十四条至第十六条"
    form_clauses = {
        "own": ("002 第十四条", "按单位单独建立党组织"),
        "joint": ("002 第十六条", "规模小、党员少的社会组织本着就近就便原则联合建立党组织"),
        "instructor": ("002 第十七条", "选派党建工作指导员到社会组织中开展党的工作"),
    }

    # --- weak and lax, renewal ------------------------------------------------------------
    clause_weak_and_lax = CENTRAL_DOCUMENT
    clause_screening = CENTRAL_DOCUMENT
    clause_renewal = PARTY_CONSTITUTION_TERMS
    text_renewal = "党组织任期届满应按期换届"
    clause_status = CENTRAL_DOCUMENT

    _criteria_cache: dict = {}

    # =================================================================================
    # criteria: each a pair (Python check, SQL condition), the values of the decisions
    # =================================================================================

    @property
    def criteria(self) -> Criteria:
        cls = type(self)
        if cls not in BaselineRules._criteria_cache:
            BaselineRules._criteria_cache[cls] = Criteria(self._criteria())
        return BaselineRules._criteria_cache[cls]

    def _criteria(self) -> list[Criterion]:
        """The module's criteria; a province adds or replaces some (same key: the later wins)."""
        return shared_criteria(self.settings, clause_must_build=self.clause_must_build,
                               clause_weak_and_lax=self.clause_weak_and_lax, clause_renewal=self.clause_renewal,
                               clause_screening=self.clause_screening) + [
            _never("full_coverage_target", "organization", "全覆盖目标范围", self.clause_must_build),
            _never("grade_capped", "organization", "评估等级受规则限制", CENTRAL_DOCUMENT),
            requirement_criteria(self, lambda year: self._minimums(year, THREE_MEETINGS_ONE_LECTURE),
                                 "three_meetings_compliant", "“三会一课”达到年度要求", BRANCH_RULES_LIFE),
            requirement_criteria(self, lambda year: self._minimums(year, SECRETARY_TRAINING_MEASURES, by="measure"),
                                 "training_compliant", "党组织书记培训达到年度要求", BRANCH_RULES_LIFE, secretary=True),
        ]

    def _minimums(self, year: int, wanted, *, by: str = "key") -> dict[str, tuple[str, float]]:
        """Requirement key → (measure, minimum) of the year's measured requirements named in ``wanted``."""
        return {r.key: (r.measure, r.minimum) for r in self.requirements_for_year(year)
                if getattr(r, by) in wanted and r.measure and r.minimum}

    def measures_training(self, year: int) -> bool:
        return bool(self._minimums(year, SECRETARY_TRAINING_MEASURES, by="measure"))

    # =================================================================================
    # decisions
    # =================================================================================

    def _in_scope(self, org: OrganizationFacts, as_of: date) -> bool:
        return self.criteria.holds("in_scope", org, as_of)

    def _out_of_scope(self, decision_text: str) -> Reason:
        return Reason(self.clause_status, f"已注销的社会组织不在统计和规则适用范围，{decision_text}", province_setting=True)

    def counted_members(self, org: OrganizationFacts, as_of: date | None = None) -> tuple[MemberFacts, ...]:
        """The formal members that count toward the threshold."""
        return counted_members(org, self.criteria, as_of or self.valid_from)

    def must_build_own_party_org(self, org: OrganizationFacts, as_of: date) -> Decision:
        counted = self.counted_members(org, as_of)
        if not self._in_scope(org, as_of):
            return Decision(False, [self._out_of_scope("不负组建义务")], {"formal_members_counted": len(counted)})
        enough = self.criteria.holds("must_build", org, as_of)
        minimum = self.settings.min_formal_members
        outcome = f"达到{minimum}名以上，应单独建立党组织" if enough else f"不足{minimum}名，不具备单独建立党组织的条件"
        reasons = [Reason(self.clause_must_build,
                          f"计入的正式党员{len(counted)}名，{outcome}。依据：{self.text_must_build}"),
                   self._counted_roles_reason()]
        reasons += self._counting_notes(org, counted)
        if not enough:
            reasons.append(Reason(self.clause_work_coverage, self.text_work_coverage))
        return Decision(enough, reasons, {"formal_members_counted": len(counted)})

    def _counted_roles_reason(self) -> Reason:
        return Reason(self.clause_must_build, f"计入范围：{self.text_counted_roles}")

    def _counting_notes(self, org: OrganizationFacts, counted: tuple[MemberFacts, ...]) -> list[Reason]:
        notes = []
        probationary = sum(1 for m in org.members if m.status == "probationary")
        if probationary:
            notes.append(Reason(self.clause_must_build, f"预备党员{probationary}名不计入，只计正式党员"))
        # Members compare by value, and whether one counts depends only on its value.
        not_counted = [m for m in org.members if m.status == "formal" and m not in counted]
        if not_counted:
            roles = role_names({role for m in not_counted for role in m.roles})
            notes.append(Reason(self.clause_must_build, f"另有正式党员{len(not_counted)}名（{roles}）不在计入范围"))
        away = sum(1 for m in counted if m.relation != "here")
        if away:
            notes.append(Reason(CENTRAL_DOCUMENT, f"计入的正式党员中{away}名组织关系不在本组织，仍计入"
                                                  "（一般规则以正式党员人数为条件，未要求组织关系已转入）", province_setting=True))
            notes.append(Reason(self.clause_relation_elsewhere, self.text_relation_elsewhere))
        return notes

    def has_party_org(self, org: OrganizationFacts) -> bool:
        """The org has a Party organization of its own, joint or temporary, of a form the province has."""
        return self.criteria.holds("has_party_org", org, self.valid_from)

    def _form_reason(self, form: str) -> Reason:
        clause, text = self.form_clauses[form]
        return Reason(clause, f"{FORM_NAMES[form]}：{text}")

    def coverage(self, org: OrganizationFacts, as_of: date) -> Decision:
        reasons = []
        party_org = org.party_org
        if self.criteria.holds("has_party_org", org, as_of):
            return Decision("organizational", [self._form_reason(party_org.form)], {"form": party_org.form})
        if party_org is not None and not self.check_party_org_form(party_org.form).value:
            reasons += [Reason(r.clause, f"{r.text}；不计入覆盖") for r in self.check_party_org_form(party_org.form).reasons]
        if self.criteria.holds("work_coverage", org, as_of):
            means = self.settings.work_coverage_means
            if "dispatched" in means and party_org is not None and party_org.form == "dispatched":
                found = "dispatched"
            else:
                found = next(m for m in means if m != "dispatched" and getattr(org, m))
            return Decision("work", reasons + [self._form_reason(found)], {"form": found})
        reasons.append(Reason(self.clause_work_coverage,
                              "未建立党组织，也没有其他方式实现党的工作覆盖，党的组织和工作均未覆盖；" + self.text_work_coverage))
        return Decision("none", reasons, {"form": None})

    def max_grade(self, org: OrganizationFacts, as_of: date) -> Decision:
        reason = Reason(CENTRAL_DOCUMENT, "一般规则未设评估等级上限；党组织组建和作用发挥情况作为评估的重要指标",
                        province_setting=True)
        return Decision(NO_CAP, [reason])

    def _grade_decision(self, cap: Grade, reasons: list[Reason], clause: str, org: OrganizationFacts) -> Decision:
        grade = org.evaluation_grade
        if grade is not None and grade > cap:
            reasons = reasons + [Reason(clause, f"现记录的评估等级{grade}高于本年度可评的最高等级{cap}")]
        return Decision(cap, reasons)

    def full_coverage_target(self, org: OrganizationFacts, as_of: date) -> Decision:
        return Decision(False, [])

    def weak_and_lax(self, org: OrganizationFacts, as_of: date) -> Decision:
        empty = {"findings": [], "warnings": []}
        if not self._in_scope(org, as_of):
            return Decision(False, [self._out_of_scope("不适用软弱涣散排查")], empty)
        party_org = org.party_org
        if party_org is None:
            return Decision(False, [Reason(self.clause_weak_and_lax, "未建立党组织，不适用软弱涣散排查")], empty)
        criteria = self.criteria
        designated = criteria.holds("weak_and_lax", party_org, as_of)
        screens = self.settings.weak_and_lax_screens
        warnings = [key for key in screens if criteria.holds(key, party_org, as_of)]
        reasons = []
        if designated:
            reasons.append(Reason(self.clause_weak_and_lax, "上级党组织已认定该党组织为软弱涣散党组织"))
        reasons += [self._warning_reason(key, party_org) for key in warnings]
        unreported = self._unreported_screens(party_org)
        if unreported:
            reasons.append(Reason(self.clause_screening, f"{'、'.join(unreported)}未报送，未能排查"))
        if not reasons:
            reasons.append(Reason(self.clause_weak_and_lax, "未认定为软弱涣散" + ("，排查未发现问题" if screens else "")))
        return Decision(designated, reasons, {"findings": ["recorded"] if designated else [], "warnings": warnings})

    def _warning_reason(self, key: str, party_org: PartyOrgFacts) -> Reason:
        return Reason(self.clause_screening, f"排查预警（待认定）：{self.criteria[key].title}")

    def _unreported_screens(self, party_org: PartyOrgFacts) -> list[str]:
        return []

    def term_renewal_due(self, org: OrganizationFacts, as_of: date) -> Decision:
        party_org = org.party_org
        if not self._in_scope(org, as_of):
            return Decision(None, [self._out_of_scope("不涉及换届")], {"due_date": None})
        if party_org is None:
            return Decision(None, [Reason(self.clause_renewal, "未建立党组织，不涉及换届")], {"due_date": None})
        if party_org.last_election is None:
            return Decision(None, [Reason(self.clause_renewal, "未记录上次换届选举日期，无法判断是否到期")],
                            {"due_date": None})
        term, term_reason = self._term(party_org)
        due_date = add_years(party_org.last_election, term)
        due = self.criteria.holds("renewal_overdue", party_org, as_of)
        state = "已到期，应按期换届" if due else "尚未到期"
        text = f"上次换届选举{party_org.last_election.isoformat()}，{term}年任期于{due_date.isoformat()}届满，{state}；{self.text_renewal}"
        return Decision(due, [term_reason, Reason(self.clause_renewal, text)], {"due_date": due_date})

    def _term(self, party_org: PartyOrgFacts) -> tuple[int, Reason]:
        low, high = self.settings.term_years_range
        default = self.settings.default_term_years
        if party_org.term_years is None:
            return default, Reason(PARTY_CONSTITUTION_TERMS,
                                   f"未记录任期，按{default}年计（党章规定每届任期三至五年，取下限以免漏报到期）",
                                   province_setting=True)
        text = f"任期按记录为{party_org.term_years}年"
        if not low <= party_org.term_years <= high:
            text += f"，不在党章规定的{low}至{high}年范围内，请核实"
        return party_org.term_years, Reason(PARTY_CONSTITUTION_TERMS, text)

    def organization_status(self, org: OrganizationFacts, as_of: date) -> Decision:
        reasons = []
        if org.status == "deregistered":
            reasons.append(self._out_of_scope("无组建义务、无等级限制，不列入应建未建"))
        elif org.status == "zombie":
            reasons.append(self._zombie_reason())
        return Decision(org.status, reasons, {"label": STATUS_NAMES[org.status], "in_scope": org.status != "deregistered",
                                              "clean_up": org.status == "zombie"})

    def _zombie_reason(self) -> Reason:
        return Reason(CENTRAL_DOCUMENT, "“僵尸型”社会组织仍纳入统计并单列，提示清理整治", province_setting=True)

    # =================================================================================
    # requirements, checklists, forms, targets
    # =================================================================================

    def requirements_for_year(self, year: int) -> tuple[Requirement, ...]:
        return (
            Requirement("general_meeting", "party_org", "支部党员大会，一般每季度召开1次",
                        BRANCH_RULES_GENERAL_MEETING, 4, "次", "general_meeting", True),
            Requirement("committee_meeting", "party_org", "支部委员会会议，一般每月召开1次",
                        BRANCH_RULES_COMMITTEE_MEETING, 12, "次", "committee_meeting", True),
            Requirement("group_meeting", "party_org", "党小组会，一般每月召开1次",
                        BRANCH_RULES_GROUP_MEETING, 12, "次", "group_meeting", True),
            Requirement("party_lecture", "secretary", "党支部书记每年至少讲1次党课",
                        BRANCH_RULES_LIFE, 1, "次", "party_lecture", True),
            Requirement("theme_day", "party_org", "每月相对固定1天开展主题党日",
                        BRANCH_RULES_LIFE, 12, "次", "theme_day", True),
            Requirement("org_life_meeting", "party_org", "每年召开1次组织生活会",
                        BRANCH_RULES_LIFE, 1, "次", "org_life_meeting", True),
            Requirement("democratic_review", "party_org", "每年开展1次民主评议党员",
                        BRANCH_RULES_LIFE, 1, "次", "democratic_review", True),
        )

    def requirements_assessed(self, org: OrganizationFacts, year: int) -> tuple[RequirementResult, ...]:
        results = []
        for requirement in self.requirements_for_year(year):
            reported = None if requirement.measure is None else reported_measure(org, requirement.measure)
            met = None if reported is None or requirement.minimum is None else reported >= requirement.minimum
            results.append(RequirementResult(requirement, reported, met))
        return tuple(results)

    def requirements_met(self, org: OrganizationFacts, year: int) -> dict[str, bool | None]:
        """Requirement key → met (True/False, None where the facts do not report it), for the
        requirements with a minimum."""
        return {result.requirement.key: result.met for result in self.requirements_assessed(org, year)
                if result.requirement.minimum is not None}

    def checklists(self) -> tuple[Checklist, ...]:
        return ()

    def check_party_org_form(self, form: str) -> Decision:
        if form not in PARTY_ORG_FORMS:
            return Decision(False, [Reason(self.clause_forms, f"未知的党组织形式“{form}”")])
        allowed_forms = self.settings.allowed_party_org_forms
        if form in allowed_forms:
            return Decision(True, [self._form_reason(form)])
        allowed = "、".join(FORM_NAMES[f] for f in PARTY_ORG_FORMS if f in allowed_forms)
        return Decision(False, [Reason(
            self.clause_forms, f"本省规则没有“{FORM_NAMES[form]}”这一党组织形式，不予登记；本省可用形式：{allowed}")])

    def check_dispatched_branch(self, *, instructors: int, covered: tuple[OrganizationFacts, ...]) -> Decision:
        """002 第十八条: three instructors form one dispatched branch covering 3 to 5 organizations
        that have no or only a few members (fewer than the three-member threshold) and no Party
        organization of their own. Refused with the clause otherwise, and where the province has no
        dispatched branches."""
        form_check = self.check_party_org_form("dispatched")
        if not form_check.value:
            return form_check
        clause = self.form_clauses["dispatched"][0]
        s = self.settings
        problems = []
        if instructors != s.min_dispatched_instructors:
            problems.append(f"由{s.min_dispatched_instructors}名指导员组成（现为{instructors}名）")
        low, high = s.dispatched_units_range
        if not low <= len(covered) <= high:
            problems.append(f"覆盖{low}至{high}个社会组织（现为{len(covered)}个）")
        crowded = sum(1 for org in covered if len(org.members) >= s.min_formal_members)
        if crowded:
            problems.append(f"所覆盖组织应没有党员或仅有个别党员（{crowded}个已有{s.min_formal_members}名以上党员）")
        built = sum(1 for org in covered if self.criteria.holds("own_party_org", org, self.valid_from))
        if built:
            problems.append(f"所覆盖组织应尚未建立党组织（{built}个已单独建立）")
        if problems:
            return Decision(False, [Reason(clause, "不符合“派出组建法”：应" + "；".join(problems))])
        return Decision(True, [Reason(clause, f"{instructors}名指导员组成派出党支部，覆盖{len(covered)}个没有党员或仅有个别党员的社会组织")])

    def dispatched_branch_dissolution_due(self, *, covered: tuple[OrganizationFacts, ...]) -> Decision:
        if "dispatched" not in self.settings.allowed_party_org_forms:
            return self.check_party_org_form("dispatched")
        clause = self.form_clauses["dispatched"][0]
        built = sum(1 for org in covered if self.criteria.holds("own_party_org", org, self.valid_from))
        if built:
            return Decision(True, [Reason(clause, f"所覆盖的社会组织中{built}个已建立党组织，“派出党支部”即可撤销")])
        return Decision(False, [Reason(clause, "所覆盖的社会组织尚未建立党组织，派出党支部继续履行职责")])

    def check_temporary_branch(self, org: OrganizationFacts) -> Decision:
        return self.check_party_org_form("temporary")

    def coverage_target_for(self, year: int) -> CoverageTarget | None:
        return next((target for target in self.coverage_targets if target.year == year), None)


    # =================================================================================
    # processes (province_rules/processes.py): none in the baseline
    # =================================================================================

    def processes(self) -> tuple[Process, ...]:
        return ()

    def process(self, code: str) -> Process | None:
        return next((process for process in self.processes() if process.code == code), None)

    def registration_events(self) -> tuple[RegistrationEvent, ...]:
        return ()

    def reminder_settings(self) -> ReminderSettings:
        return ReminderSettings()

    def plans(self) -> tuple:
        return ()

    def plan(self, code: str):
        return next((plan for plan in self.plans() if plan.code == code), None)

    # Proposals the committee may adopt from a date (``proposals.py``); ``adopted``: those
    # holding in this rules object, (key, date) pairs.
    adopted: tuple[tuple[str, date], ...] = ()

    def proposals(self) -> tuple[Proposal, ...]:
        return ()


def settings_of(parent: type[BaselineRules], **changes) -> RuleSettings:
    """``parent.settings`` with ``changes``."""
    return replace(parent.settings, **changes)


# Where every organization-level form is one the contract knows.
assert set(BaselineRules.form_clauses) <= set(FORM_NAMES) and ORGANIZATIONAL_FORMS <= set(PARTY_ORG_FORMS)
