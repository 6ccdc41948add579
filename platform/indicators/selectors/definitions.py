"""The indicators a committee reads (domain.md section 5), each defined by the rules' criteria.

An indicator counts the organizations (or, for weak and lax, the Party organizations) of the
current province's schema for which all of its criteria hold at a date, and none of its
``none_of``: ``province_rules.criteria`` defines each criterion once, as a Python check and
an SQL condition (``facts_sql`` compiles it). An indicator the rules give nothing to measure
(no full-coverage target, no screening, no training minimum) is None, never 0.

- in scope: registered by ``as_of`` and not deregistered (criterion ``in_scope``); zombies
  are in scope and counted on their own as well;
- organizational coverage: an own, joint or temporary Party organization of a form the
  province has; work coverage adds the province's means (instructor, dispatched branch,
  work station where its documents name it);
- eligible / eligible but not built (应建未建): the province's counting rule for the three
  formal members, and no Party organization *of its own* (a joint branch is not one);
- weak and lax: Party organizations designated (认定) weak and lax; screening warnings
  (预警) apart, where the province screens (Guangdong, 003 四); a joint branch covering ten
  organizations counts once (in each city where it covers some);
- grade capped: organizations whose highest grade the rules cap this year; grade above the
  cap: the latest grade was recorded above what the rules allowed when it was recorded.
"""
from __future__ import annotations

from dataclasses import dataclass

from province_rules.contract import NO_CAP


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    all_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    counts: str = "organizations"  # or "party_orgs"
    measured: str | None = None  # a name of MEASURED: the indicator is None when it gives False


def _measured_target(rules, as_of) -> bool:
    return rules.settings.full_coverage_min_employees is not None


def _measured_screening(rules, as_of) -> bool:
    return bool(rules.settings.weak_and_lax_screens)


def _measured_training(rules, as_of) -> bool:
    return any(r.measure in ("secretary_trainings", "secretary_training_days") and r.minimum
               for r in rules.requirements_for_year(as_of.year))


def _measured_cap(rules, as_of) -> bool:
    s = rules.settings
    return s.max_grade_without_party_org != NO_CAP or s.max_grade_if_weak_and_lax != NO_CAP


MEASURED = {"target": _measured_target, "screening": _measured_screening, "training": _measured_training,
            "cap": _measured_cap}

DEFINITIONS = (
    Indicator("in_scope", "纳入统计的社会组织（在册、未注销）", ("in_scope",)),
    Indicator("zombies", "其中僵尸型社会组织", ("in_scope", "zombie")),
    Indicator("organizational_coverage", "党的组织覆盖（单独、联合或临时党组织）", ("in_scope", "has_party_org")),
    Indicator("work_coverage", "党的工作覆盖（含派出党支部、党建工作指导员等）", ("in_scope", "work_coverage")),
    Indicator("with_party_org", "有党组织的社会组织（含派出党支部）", ("in_scope", "with_party_org")),
    Indicator("eligible", "正式党员达到单独组建条件", ("must_build",)),
    Indicator("eligible_not_built", "应建未建（具备条件、未单独建立党组织）", ("eligible_not_built",)),
    Indicator("target_orgs", "全覆盖目标范围的社会组织", ("full_coverage_target",), measured="target"),
    Indicator("target_orgs_without_party_org", "其中未建立党组织", ("full_coverage_target",), ("has_party_org",),
              measured="target"),
    Indicator("weak_and_lax", "软弱涣散党组织（已认定）", ("in_scope", "with_party_org", "weak_and_lax"), counts="party_orgs"),
    Indicator("weak_and_lax_warnings", "软弱涣散排查预警的党组织（待认定）",
              ("in_scope", "with_party_org", "weak_and_lax_warning"), counts="party_orgs", measured="screening"),
    Indicator("renewal_overdue", "党组织未按期换届", ("in_scope", "with_party_org", "renewal_overdue")),
    Indicator("three_meetings_compliant", "“三会一课”达到年度要求", ("in_scope", "three_meetings_compliant")),
    Indicator("training_compliant", "党组织书记培训达到年度要求", ("in_scope", "training_compliant"), measured="training"),
    Indicator("grade_capped", "本年度评估等级受规则限制", ("grade_capped",), measured="cap"),
    # from the registry's grade records, not a criterion: see rows.GRADE_ABOVE_CAP
    Indicator("grade_above_cap", "评估等级超出规则上限", ("in_scope",)),
)
BY_NAME = {indicator.name: indicator for indicator in DEFINITIONS}

# name → what a committee user reads; also the count fields of IndicatorSnapshot.
INDICATORS = {indicator.name: indicator.label for indicator in DEFINITIONS}
# rate → (numerator, denominator, label); computed when read, never stored.
RATES = {
    "organizational_coverage_rate": ("organizational_coverage", "in_scope", "党的组织覆盖率"),
    "work_coverage_rate": ("work_coverage", "in_scope", "党的工作覆盖率"),
    "target_coverage_rate": ("target_orgs_with_party_org", "target_orgs", "全覆盖目标范围党组织组建率"),
    "three_meetings_rate": ("three_meetings_compliant", "with_party_org", "“三会一课”达标率"),
    "training_rate": ("training_compliant", "with_party_org", "书记培训达标率"),
}


def measured(rules, indicator: Indicator, as_of) -> bool:
    return indicator.measured is None or MEASURED[indicator.measured](rules, as_of)


def with_rates(row: dict) -> dict:
    """The row with its rates (None where the denominator is 0 or the count is not measured)."""
    row = dict(row)
    total, without = row.get("target_orgs"), row.get("target_orgs_without_party_org")
    counts = dict(row, target_orgs_with_party_org=None if total is None or without is None else total - without)
    for rate, (numerator, denominator, _) in RATES.items():
        top, bottom = counts.get(numerator), counts.get(denominator)
        row[rate] = None if top is None or not bottom else round(top / bottom, 4)
    return row
