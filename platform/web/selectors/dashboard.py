"""The dashboard: the indicators by city at a date, their trend from the daily snapshots,
and the gap to this year's coverage target (a dated record: e.g. Anhui 31% → 36% by the end of
2018, 004 二 四; later years the committee's), the earlier years' targets as history.

A few queries whatever the size of the registry: the indicators by city (and by
registration level where the province's target is set on a level), the snapshots. The
total is the sum of the cities (every organization is in exactly one). No per-organization loop.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Q

from accounts.scoping import organizations_for
from indicators.models import Grouping, IndicatorSnapshot
from indicators.selectors import COUNTY, INDICATORS, Target, coverage_target_current, indicator_rows, own_level, with_rates
from registry.models import SocialOrganization

from .common import Scope, whole_province

# How far back the trend lines go.
TREND_DAYS = 366


def _summed(rows: list[dict], key, label) -> dict:
    """``rows`` added up measure by measure (None stays None: a measure the rules do not have)."""
    total = {"group_key": key, "group_label": label}
    for name in INDICATORS:
        values = [row[name] for row in rows]
        total[name] = None if any(value is None for value in values) else sum(values)
    return with_rates(total)


@dataclass
class Counts:
    """The indicators of the user's organizations by city (by county for one city's staff),
    by registration level, and in all."""

    cities: list[dict]
    levels: dict[str, dict]
    total: dict
    grouping: str = Grouping.CITY


def indicator_counts(*, user, rules, as_of: dt.date, label: str, by_level: bool, by_county: bool = False) -> Counts:
    """The indicators of the organizations ``user`` may see, by city (by county when
    ``by_county``; each row flagged ``own_level`` for the organizations registered at the level
    above: 省本级, 市本级), by registration level when ``by_level``, and in all (the sum of the
    rows: they partition the user's organizations).

    ``indicators.selectors.indicator_rows`` (one query per grouping; bench/ measures it), over
    ``accounts.scoping.organizations_for`` for a user narrower than the province.
    """
    organizations = None if whole_province(user) else organizations_for(user)
    grouping = COUNTY if by_county else Grouping.CITY
    cities = indicator_rows(rules=rules, grouping=grouping, as_of=as_of, organizations=organizations)
    for row in cities:
        row["own_level"] = own_level(grouping, row["group_key"])
    levels = ({row["group_key"]: row for row in indicator_rows(rules=rules, grouping=Grouping.REGISTRATION_LEVEL, as_of=as_of,
                                                               organizations=organizations)}
              if by_level else {})
    return Counts(cities=cities, levels=levels, total=_summed(cities, "all", label), grouping=grouping)


@dataclass(frozen=True)
class TargetGap:
    """Where the province stands against this year's coverage target (a dated record: the rule
    module's, or the committee's for the year), and the earlier years' targets as history."""

    scope_label: str
    target: Target | None  # this year's; None when the committee has set none yet
    history: tuple[Target, ...]
    current: float | None  # today's organizational coverage over the target's scope
    in_scope: int
    covered: int
    as_of: dt.date

    @property
    def gap_points(self) -> float | None:
        """Percentage points still missing (0 when reached); None without a target or a rate."""
        if self.current is None or self.target is None:
            return None
        return round(max(self.target.target - self.current, 0) * 100, 1)

    @property
    def reached(self) -> bool:
        return self.current is not None and self.target is not None and self.current >= self.target.target

    @property
    def past_deadline(self) -> bool:
        return self.target is not None and self.as_of > self.target.by

    @property
    def organizations_missing(self) -> int | None:
        """How many more covered organizations the target needs at today's count."""
        if self.target is None:
            return None
        return max(math.ceil(self.target.target * self.in_scope - 1e-9) - self.covered, 0)


def _scope_label(scope: str) -> str:
    levels = dict(SocialOrganization.Level.choices)
    return f"{levels[scope]}社会组织" if scope in levels else "社会组织"


def target_gap(*, rules, as_of: dt.date, counts: Counts) -> TargetGap | None:
    """This year's coverage target and the gap to it, computed over its scope (a registration
    level, e.g. Anhui's provincial-level organizations, 004 二) within the user's organizations;
    None when the province has never had one."""
    current, history = coverage_target_current(rules=rules, as_of=as_of)
    if current is None and not history:
        return None
    scope = (current or history[0]).scope
    row = counts.levels.get(scope) if scope in SocialOrganization.Level.values else counts.total
    return TargetGap(
        scope_label=_scope_label(scope), target=current, history=tuple(history),
        current=row["organizational_coverage_rate"] if row else None,
        in_scope=row["in_scope"] if row else 0, covered=row["organizational_coverage"] if row else 0, as_of=as_of,
    )


def _target_scope(rules, as_of: dt.date) -> str | None:
    current, history = coverage_target_current(rules=rules, as_of=as_of)
    chosen = current or (history[0] if history else None)
    return None if chosen is None else chosen.scope


@dataclass
class Trend:
    """Chart data: dates and, per line, the rate in percent (None where no snapshot)."""

    dates: list[str] = field(default_factory=list)
    overall: list[dict] = field(default_factory=list)  # the scope's own lines (and the target's group)
    cities: list[dict] = field(default_factory=list)  # organizational coverage per city
    target: float | None = None
    target_label: str = ""

    def to_dict(self) -> dict:
        return {"dates": self.dates, "overall": self.overall, "cities": self.cities, "target": self.target,
                "target_label": self.target_label}


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def snapshot_trend(*, scope: Scope, rules, as_of: dt.date) -> Trend:
    """The snapshots of the last year for the scope: the province (and each city) for
    provincial staff, their city for city staff; none for narrower scopes (snapshots are
    taken per city, kind, level and supervisor, not per county or organization)."""
    trend = Trend()
    target, _ = coverage_target_current(rules=rules, as_of=as_of)
    target_scope = _target_scope(rules, as_of)
    if scope.whole_province:
        condition = Q(grouping=Grouping.PROVINCE) | Q(grouping=Grouping.CITY)
        if target_scope in SocialOrganization.Level.values:
            condition |= Q(grouping=Grouping.REGISTRATION_LEVEL, group_key=target_scope)
    elif scope.city_code:
        condition = Q(grouping=Grouping.CITY, group_key=scope.city_code)
    else:
        return trend
    rows = list(
        IndicatorSnapshot.objects.filter(condition, taken_on__gt=as_of - dt.timedelta(days=TREND_DAYS), taken_on__lte=as_of)
        .order_by("taken_on", "grouping", "group_key")
        .values("taken_on", "grouping", "group_key", "group_label", *INDICATORS)
    )
    if not rows:
        return trend
    dates = sorted({row["taken_on"] for row in rows})
    index = {day: position for position, day in enumerate(dates)}
    trend.dates = [day.isoformat() for day in dates]
    lines: dict[tuple, dict] = {}

    def line(key: tuple, name: str) -> dict:
        if key not in lines:
            lines[key] = {"name": name, "values": [None] * len(dates)}
        return lines[key]

    own = Grouping.PROVINCE if scope.whole_province else Grouping.CITY
    for row in rows:
        rated = with_rates(row)
        position = index[row["taken_on"]]
        if row["grouping"] == own:
            line(("own", "org"), "党的组织覆盖率")["values"][position] = _percent(rated["organizational_coverage_rate"])
            line(("own", "work"), "党的工作覆盖率")["values"][position] = _percent(rated["work_coverage_rate"])
        if row["grouping"] == Grouping.REGISTRATION_LEVEL:
            label = f"{SocialOrganization.Level(row['group_key']).label}社会组织党的组织覆盖率"
            line(("target", "org"), label)["values"][position] = _percent(rated["organizational_coverage_rate"])
        if row["grouping"] == Grouping.CITY and scope.whole_province:
            line(("city", row["group_key"]), row["group_label"])["values"][position] = _percent(
                rated["organizational_coverage_rate"])
    trend.overall = [data for key, data in lines.items() if key[0] in ("own", "target")]
    trend.cities = [lines[key] for key in sorted(k for k in lines if k[0] == "city")]
    if target is not None and scope.whole_province:
        trend.target, trend.target_label = _percent(target.target), f"目标{_percent(target.target)}%"
    return trend


@dataclass
class Dashboard:
    as_of: dt.date
    rules_name: str
    scope: Scope
    rows: list[dict]
    total: dict
    target: TargetGap | None
    trend: Trend
    designations: dict | None = None  # weak-and-lax designations by rectification status (整顿中 / 整顿合格)
    by_county: bool = False

    def chart_data(self) -> dict:
        return {
            "cities": [{"name": row["group_label"], "org": _percent(row["organizational_coverage_rate"]),
                        "work": _percent(row["work_coverage_rate"])} for row in self.rows],
            "trend": self.trend.to_dict(),
        }


def dashboard_get(*, user, rules, scope: Scope, as_of: dt.date) -> Dashboard:
    counts = indicator_counts(user=user, rules=rules, as_of=as_of, label=scope.label,
                              by_level=_target_scope(rules, as_of) in SocialOrganization.Level.values,
                              by_county=scope.city_code is not None)
    return Dashboard(
        as_of=as_of, rules_name=rules.name, scope=scope, rows=counts.cities, total=counts.total,
        target=target_gap(rules=rules, as_of=as_of, counts=counts),
        trend=snapshot_trend(scope=scope, rules=rules, as_of=as_of), by_county=counts.grouping == COUNTY,
        designations=designation_counts(user=user),
    )


def designation_counts(*, user) -> dict:
    """Weak-and-lax designations in the user's scope by status: rectifying (整顿中), rectified
    (整顿合格), failed (整顿未达标)."""
    from django.db.models import Count

    from accounts.scoping import scope_queryset
    from registry.models import WeakAndLaxDesignation

    counts = dict.fromkeys(WeakAndLaxDesignation.Status.values, 0)
    for status, count in scope_queryset(WeakAndLaxDesignation.objects.all(), user=user).values_list("status") \
            .annotate(n=Count("id")).order_by():
        counts[status] = count
    return counts
