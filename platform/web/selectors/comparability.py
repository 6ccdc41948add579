"""Where a figure of the national comparison is not comparable between provinces: each
province's method for it, read from its rules object of the day (its settings and criteria,
the contract's ``settings`` and ``criteria``), never from a province's name. A column is
flagged when the provinces shown measure it in different ways.
"""
from __future__ import annotations

import datetime as dt

from province_rules.contract import NO_CAP
from registry.models import Member

WORK_MEANS = {"instructor": "党建工作指导员", "work_station": "党建工作站", "dispatched": "派出党支部"}
ROLE_NAMES = dict(Member.Role.choices)


def _weak_and_lax(rules) -> tuple[str, str]:
    screens = rules.settings.weak_and_lax_screens
    if screens:
        names = "、".join(rules.criteria[key].title for key in screens)
        return f"先按{names}自动排查预警，工作人员确认后认定", rules.criteria["weak_and_lax_warning"].clause
    return "由上级党组织认定，不自动排查", rules.criteria["weak_and_lax"].clause


def _grade_cap(rules) -> tuple[str, str]:
    s = rules.settings
    caps = []
    if s.max_grade_without_party_org != NO_CAP:
        caps.append(f"应建未建的最高{s.max_grade_without_party_org.value}")
    if s.max_grade_if_weak_and_lax != NO_CAP:
        caps.append(f"党组织软弱涣散的最高{s.max_grade_if_weak_and_lax.value}")
    return ("、".join(caps), rules.criteria["grade_capped"].clause) if caps else ("不限制评估等级", "")


def _must_build(rules) -> tuple[str, str]:
    s = rules.settings
    roles = "、".join(ROLE_NAMES.get(role, role) for role in sorted(s.counted_member_roles, key=list(ROLE_NAMES).index))
    extra = "，管理层须组织关系转入" if s.count_management_personnel else ""
    return f"{s.min_formal_members}名以上正式党员，计入{roles}{extra}", rules.criteria["must_build"].clause


def _work_coverage(rules) -> tuple[str, str]:
    means = [WORK_MEANS.get(m, m) for m in rules.settings.work_coverage_means]
    return "党组织" + ("或" + "、".join(means) if means else ""), rules.criteria["work_coverage"].clause


def _full_coverage(rules) -> tuple[str, str]:
    s = rules.settings
    if s.full_coverage_min_employees is None:
        return "本省规则无此目标", ""
    return f"从业人员{s.full_coverage_min_employees}人以上的指定类型社会组织", rules.criteria["full_coverage_target"].clause


# Column of the comparison → how a province's rules measure it.
METHODS = {
    "weak_and_lax": ("软弱涣散", _weak_and_lax),
    "grade_above_cap": ("等级超上限", _grade_cap),
    "eligible_not_built": ("应建未建", _must_build),
    "work_coverage_rate": ("工作覆盖率", _work_coverage),
    "target_orgs": ("全覆盖目标", _full_coverage),
}


def comparability_notes(provinces, *, as_of: dt.date) -> dict[str, dict]:
    """Per column measured differently by the ``provinces`` shown (their methods' words differ;
    the clause each cites is shown, not compared): its title and each province's method,
    {column: {"title": …, "methods": [(province name, text, clause), …]}}."""
    from tenants.selectors import province_rules_at

    rules_of = [(province.name, province_rules_at(province, as_of)) for province in provinces]
    notes = {}
    for column, (title, method) in METHODS.items():
        methods = [(name, *method(rules)) for name, rules in rules_of]
        if len({text for _, text, _ in methods}) > 1:
            notes[column] = {"title": title, "methods": methods}
    return notes
