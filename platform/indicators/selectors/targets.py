"""Coverage targets over time: the rule module's (what its documents state) and the committee's
yearly records (``CoverageTarget``), the record winning for its year and scope."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from province_rules.contract import Reason

from ..models import CoverageTarget as TargetRecord


@dataclass(frozen=True)
class Target:
    year: int
    scope: str
    target: float
    by: dt.date
    reasons: tuple[Reason, ...]
    baseline: float | None = None
    baseline_as_of: dt.date | None = None
    set_by_committee: bool = False  # a record of the committee, not the rule module's


def coverage_targets(*, rules) -> list[Target]:
    """Every year's target, oldest first."""
    found = {(t.year, t.scope): Target(t.year, t.scope, t.target, t.by, tuple(t.reasons), t.baseline, t.baseline_as_of)
             for t in rules.coverage_targets}
    for record in TargetRecord.objects.order_by("year", "scope"):
        reasons = (Reason("", record.note),) if record.note else ()
        found[(record.year, record.scope)] = Target(record.year, record.scope, float(record.target), record.by, reasons,
                                                    set_by_committee=True)
    return [found[key] for key in sorted(found)]


def coverage_target_current(*, rules, as_of: dt.date) -> tuple[Target | None, list[Target]]:
    """(this year's target or None, the earlier years' targets as history, latest first)."""
    targets = coverage_targets(rules=rules)
    current = next((t for t in targets if t.year == as_of.year), None)
    return current, [t for t in reversed(targets) if t.year < as_of.year]
