"""The lists behind the dashboard's figures (未按期换届, 评估等级超出规则上限, coverage,
三会一课 and training shortfalls): the organizations each figure counts, within the user's
scope, filtered by region (city or county), kind, level and words, counted by area, and
exported exactly as filtered. Each list is the indicators' own condition
(``indicators.selectors``' compiled criteria), so a list and its figure cannot disagree."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When  # noqa: F401

from accounts.scoping import assignments_of, scope_queryset
from collation import by_pinyin, pinyin_order
from indicators.selectors import criterion_condition, indicator_organizations
from indicators.selectors.definitions import BY_NAME, measured
from regions.models import Region
from registry.models import PartyOrganization, SocialOrganization
from registry.selectors import organization_list

from .common import whole_province


@dataclass(frozen=True)
class DrillList:
    """A list behind a figure: an indicator's organizations, or criteria that hold (``keys``)
    and do not (``negate``), as ``indicators.selectors`` compiles them for the figures."""

    key: str
    title: str
    figure: str  # the dashboard figure it opens
    indicator: str = ""
    keys: tuple = ()
    negate: tuple = ()
    measured_by: str = ""  # an indicator whose measurement the list needs (training: rules may set none)

    def organizations(self, *, rules, as_of: dt.date) -> QuerySet[SocialOrganization]:
        if self.measured_by and not measured(rules, BY_NAME[self.measured_by], as_of):
            return SocialOrganization.objects.none()
        if self.indicator:
            return indicator_organizations(rules=rules, indicator=self.indicator, as_of=as_of)
        condition = criterion_condition(rules=rules, keys=self.keys, negate=self.negate, as_of=as_of)
        return SocialOrganization.objects.select_related("region").filter(condition)


LISTS = {d.key: d for d in (
    DrillList("renewal-overdue", "党组织未按期换届的社会组织", "未按期换届", indicator="renewal_overdue"),
    DrillList("grade-above-cap", "评估等级超出规则上限的社会组织", "评估等级超出规则上限", indicator="grade_above_cap"),
    DrillList("covered", "已实现党的组织覆盖的社会组织", "党的组织覆盖", indicator="organizational_coverage"),
    DrillList("not-covered", "未实现党的组织覆盖的社会组织", "党的组织覆盖（未覆盖）", keys=("in_scope",),
              negate=("has_party_org",)),
    DrillList("work-covered", "已实现党的工作覆盖的社会组织", "党的工作覆盖", indicator="work_coverage"),
    DrillList("three-meetings-short", "“三会一课”未达年度要求的社会组织", "“三会一课”达标率",
              keys=("in_scope", "with_party_org"), negate=("three_meetings_compliant",)),
    DrillList("training-short", "党组织书记培训未达年度要求的社会组织", "书记培训达标率",
              keys=("in_scope", "with_party_org"), negate=("training_compliant",), measured_by="training_compliant"),
    DrillList("in-scope", "纳入统计的社会组织", "纳入统计的社会组织", indicator="in_scope"),
)}

_PRIORITY = Case(When(form=PartyOrganization.Form.OWN, then=Value(0)), When(form=PartyOrganization.Form.TEMPORARY, then=Value(1)),
                 When(form=PartyOrganization.Form.JOINT, then=Value(2)), default=Value(3), output_field=IntegerField())


def drill_list(*, user, rules, key: str, as_of: dt.date, filters: dict) -> QuerySet[SocialOrganization]:
    """The organizations of list ``key`` the user may see, narrowed by ``filters`` (q, region,
    kind, registration_level), in pinyin order, each with its Party organization's name, last
    election and term (one query for a page or a whole export)."""
    organizations = scope_queryset(LISTS[key].organizations(rules=rules, as_of=as_of), user=user)
    organizations = organization_list(queryset=organizations, filters=filters)
    party = (PartyOrganization.objects.filter(covered_organizations=OuterRef("pk"), dissolved_on__isnull=True)
             .annotate(priority=_PRIORITY).order_by("priority", "name", "pk"))
    return organizations.annotate(
        party_org_name=Subquery(party.values("name")[:1]),
        party_org_elected=Subquery(party.values("last_election_on")[:1]),
        party_org_term=Subquery(party.values("term_years")[:1]),
    ).order_by(pinyin_order("name"), "uscc")


def area_level(user) -> str:
    """The areas a list is counted by: cities for provincial staff, counties for the others."""
    return "city" if whole_province(user) else "county"


def counts_by_area(organizations: QuerySet, *, level: str) -> list[tuple[str, str, int]]:
    """(code, name, count) per city (``level`` city) or county; organizations registered at
    the level above (the province's own, a city's own) count under "省本级" / "市本级", so
    that the province itself is never a row among its cities."""
    counts = Counter()
    for code, region_level in organizations.values_list("region__code", "region__level"):
        if level == "city":
            area = code[:4] + "00" if region_level != Region.Level.PROVINCE else "self"
        else:
            area = code if region_level == Region.Level.COUNTY else "self"
        counts[area] += 1
    names = dict(Region.objects.filter(code__in=[c for c in counts if c != "self"]).values_list("code", "name"))
    rows = [(code, names.get(code, code), n) for code, n in counts.items() if code != "self"]
    rows = sorted(rows, key=lambda row: row[0])
    if counts.get("self"):
        rows.insert(0, ("", "省本级" if level == "city" else "市（州）本级", counts["self"]))
    return rows


def region_choices(*, user) -> list[tuple[str, str]]:
    """The regions a list can be narrowed to: every city and county for provincial staff, the
    user's own region and its counties for city and county staff."""
    regions = scope_queryset(Region.objects.exclude(level=Region.Level.PROVINCE), user=user)
    prefixes = [a.region.code_prefix for a in assignments_of(user) if a.region_id and a.role in ("city_staff", "county_staff")]
    if prefixes and not whole_province(user):
        condition = Q(pk__in=[])
        for prefix in prefixes:
            condition |= Q(code__startswith=prefix)
        regions = regions.filter(condition)
    return [(code, ("　" if level == "county" else "") + name)
            for code, name, level in regions.order_by("code").values_list("code", "name", "level")]


COLUMNS = (
    ("name", "名称"), ("uscc", "统一社会信用代码"), ("city", "市（州）"), ("county", "县（市、区）"), ("kind", "类型"),
    ("level", "登记层级"), ("employees", "从业人员"), ("grade", "评估等级"), ("party_org", "党组织"),
    ("elected", "最近换届日期"), ("term", "任期（年）"),
)


def export_rows(organizations) -> list[list]:
    """The cells of each organization as the export writes them (the page shows the same)."""
    cities = dict(Region.objects.filter(level=Region.Level.CITY).values_list("code", "name"))
    rows = []
    for o in organizations:
        code = o.region.code
        rows.append([
            o.name, o.uscc, cities.get(code[:4] + "00", o.region.name if o.region.level != "county" else ""),
            o.region.name if o.region.level == Region.Level.COUNTY else "", o.get_kind_display(),
            o.get_registration_level_display(), o.employees, o.evaluation_grade or "", o.party_org_name or "",
            o.party_org_elected, o.party_org_term or "",
        ])
    return rows


__all__ = ["LISTS", "COLUMNS", "area_level", "by_pinyin", "counts_by_area", "drill_list", "export_rows", "region_choices"]
