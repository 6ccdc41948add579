"""What the rules are told about one organization: frozen dataclasses, parsed from JSON.

The rules never query; services (or the API's evaluate endpoint) build these facts and
hand them over. ``parse_evaluate_body`` reads the evaluate request body::

    {"as_of": "2024-05-01",
     "organization": {"kind": "private_non_enterprise", "registration_level": "province",
                      "employees": 30, "is_school": true,
                      "status": "active",
                      "members": [{"status": "formal", "relation": "here", "roles": ["leader", "full_time"]}],
                      "trainings": [{"person_role": "secretary", "days": 2.5}],
                      "party_org": {"form": "own", "last_election": "2021-05-01", "term_years": 3,
                                    "activities": {"general_meeting": 4, "theme_day": 12}}}}

A member's ``role`` (one) is accepted for ``roles`` (a set). A fact left out is "not
reported": the rules answer ``met: null`` for what it would measure, never a guess.

and raises ``FactsError`` listing every bad field as ``(path, Chinese message)``, e.g.
``("organization.members[0].status", "应为以下之一：formal、probationary")``.

No personal data is needed: members are counted by status, relation and roles only.
"""
from __future__ import annotations

import math
import re
from dataclasses import MISSING, dataclass, fields
from datetime import date
from typing import Any, Callable, ClassVar

from .contract import ORG_STATUSES, PARTY_ORG_FORMS, Grade

ORG_KINDS = ("social_group", "private_non_enterprise", "foundation", "intermediary", "community_org")
REGISTRATION_LEVELS = ("province", "city", "county")
MEMBER_STATUSES = ("formal", "probationary")
# here: the relation is held by the org's own (or covering) Party organization;
# elsewhere: held by another organization (口袋党员, 002 第十七条); mobile: 流动党员 (004 二 四).
MEMBER_RELATIONS = ("here", "elsewhere", "mobile")
# leader: 负责人 — 理事长（会长）、副理事长（副会长）、秘书长 (003 七 names them so);
# management: other management personnel (理事、监事、副秘书长 …); full_time: 专职工作人员;
# other: other staff. A member may hold several (a full-time 秘书长: leader and full_time).
MEMBER_ROLES = ("leader", "management", "full_time", "other")
# What a private non-enterprise unit does (民办学校、民办医院、养老机构 …), for rules that name them.
SERVICE_TYPES = ("school", "hospital", "elderly_care", "health", "childcare", "culture", "sports", "social_work",
                 "research", "other")
TRAINING_PERSON_ROLES = ("secretary", "party_worker")
MAX_TERM_YEARS = 10
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The dates a request may tell the rules about (an evaluation date, a last election): outside
# them the facts describe no organization of any registry.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


class FactsError(ValueError):
    """Bad facts: ``errors`` is a tuple of ``(field path, Chinese message)``, one per bad field."""

    def __init__(self, errors):
        self.errors = tuple(errors)
        super().__init__("；".join(f"{path}: {message}" for path, message in self.errors))


class _Invalid(Exception):
    def __init__(self, message: str):
        self.message = message


# --- field validators: take a JSON or Python value, return the stored value -------------
# A validator raises _Invalid for its own field, or FactsError (already carrying paths)
# for nested objects. ``path`` is the field's path, used for nested errors.

Validator = Callable[[Any, str], Any]


def _enum(choices: tuple[str, ...]) -> Validator:
    def check(value, path):
        if not isinstance(value, str) or value not in choices:
            raise _Invalid(f"应为以下之一：{'、'.join(choices)}")
        return value
    return check


def _boolean(value, path):
    if not isinstance(value, bool):
        raise _Invalid("应为布尔值（true 或 false）")
    return value


def _integer(minimum: int = 0, maximum: int | None = None) -> Validator:
    def check(value, path):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid("应为整数")
        if value < minimum:
            raise _Invalid(f"不能小于 {minimum}")
        if maximum is not None and value > maximum:
            raise _Invalid(f"不能大于 {maximum}")
        return value
    return check


def _number(value, path):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Invalid("应为数字")
    if value < 0:
        raise _Invalid("不能小于 0")
    return value


def _iso_date(value, path):
    """A date given as a date, or as ``YYYY-MM-DD`` text within ``EARLIEST_DATE``..``LATEST_DATE``
    (text comes from outside: the evaluate endpoint; dates come from the registry)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if not EARLIEST_DATE <= day <= LATEST_DATE:
                raise _Invalid(f"日期应在{EARLIEST_DATE.isoformat()}至{LATEST_DATE.isoformat()}之间")
            return day
    raise _Invalid("应为日期，格式 YYYY-MM-DD")


def _roles(value, path):
    """A set of roles, given as a list (or one role as text): stored sorted, without repeats."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, frozenset, set)) or not value:
        raise _Invalid(f"应为非空列表，元素为以下之一：{'、'.join(MEMBER_ROLES)}")
    if any(not isinstance(role, str) or role not in MEMBER_ROLES for role in value):
        raise _Invalid(f"元素应为以下之一：{'、'.join(MEMBER_ROLES)}")
    return tuple(role for role in MEMBER_ROLES if role in value)


def _grade(value, path):
    if isinstance(value, Grade):
        return value
    try:
        return Grade.parse(value)
    except (ValueError, TypeError):
        raise _Invalid("应为以下之一：1A、2A、3A、4A、5A") from None


def _text(value, path):
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("应为非空字符串")
    return value.strip()


def _optional(validator: Validator) -> Validator:
    def check(value, path):
        return None if value is None else validator(value, path)
    return check


def _nested(cls) -> Validator:
    def check(value, path):
        if isinstance(value, cls):
            return value
        return cls.from_dict(value, path=path)
    return check


def _list_of(cls) -> Validator:
    def check(value, path):
        if not isinstance(value, (list, tuple)):
            raise _Invalid("应为列表")
        items, errors = [], []
        for index, item in enumerate(value):
            try:
                items.append(_nested(cls)(item, f"{path}[{index}]"))
            except FactsError as error:
                errors.extend(error.errors)
        if errors:
            raise FactsError(errors)
        return tuple(items)
    return check


class _Facts:
    """Validation shared by the facts classes: one table of validators per class (``_SPEC``)."""

    _SPEC: ClassVar[dict[str, Validator]]

    def __post_init__(self):
        errors = []
        for name, validator in self._SPEC.items():
            try:
                object.__setattr__(self, name, validator(getattr(self, name), name))
            except _Invalid as invalid:
                errors.append((name, invalid.message))
            except FactsError as error:
                errors.extend(error.errors)
        if errors:
            raise FactsError(errors)

    @classmethod
    def from_dict(cls, data: Any, *, path: str = ""):
        """Parse a JSON object; ``path`` prefixes the field paths of errors."""
        def at(name):
            return f"{path}.{name}" if path else name

        if not isinstance(data, dict):
            raise FactsError([(path or "$", "应为对象")])
        names = {f.name: f for f in fields(cls)}
        errors, values = [], {}
        for key in data:
            if key not in names:
                errors.append((at(str(key)), "未知字段"))
        for name, spec_field in names.items():
            if name not in data:
                if spec_field.default is MISSING and spec_field.default_factory is MISSING:
                    errors.append((at(name), "必填"))
                continue
            try:
                values[name] = cls._SPEC[name](data[name], at(name))
            except _Invalid as invalid:
                errors.append((at(name), invalid.message))
            except FactsError as error:
                errors.extend(error.errors)
        if errors:
            raise FactsError(errors)
        return cls(**values)


@dataclass(frozen=True)
class MemberFacts(_Facts):
    """One Party member working in the organization, with the set of roles they hold there.
    Only ``formal`` members ever count."""

    status: str
    relation: str
    roles: tuple[str, ...] = ("other",)

    _SPEC: ClassVar = {
        "status": _enum(MEMBER_STATUSES),
        "relation": _enum(MEMBER_RELATIONS),
        "roles": _roles,
    }

    @classmethod
    def from_dict(cls, data: Any, *, path: str = ""):
        """Accepts ``roles`` (a list) or, as before, ``role`` (one), not both."""
        if isinstance(data, dict) and "role" in data:
            at = f"{path}.role" if path else "role"
            if "roles" in data:
                raise FactsError([(at, "只需给出 role 或 roles 之一")])
            data = dict(data)
            role = data.pop("role")
            if not isinstance(role, str) or role not in MEMBER_ROLES:
                errors = [(at, f"应为以下之一：{'、'.join(MEMBER_ROLES)}")]
                try:
                    super().from_dict(data | {"roles": ["other"]}, path=path)
                except FactsError as error:
                    errors += error.errors
                raise FactsError(errors)
            data["roles"] = [role]
        return super().from_dict(data, path=path)


@dataclass(frozen=True)
class TrainingFacts(_Facts):
    """A training this year of the secretary or a Party worker (党务工作者), in days."""

    person_role: str
    days: float
    concentrated: bool = True

    _SPEC: ClassVar = {
        "person_role": _enum(TRAINING_PERSON_ROLES),
        "days": _number,
        "concentrated": _boolean,
    }


@dataclass(frozen=True)
class ActivityCounts(_Facts):
    """Party activities held in the 12 months up to the evaluation date, by kind."""

    general_meeting: int = 0      # 支部党员大会
    committee_meeting: int = 0    # 支部委员会会议
    group_meeting: int = 0        # 党小组会
    party_lecture: int = 0        # 党课 (given by the secretary)
    theme_day: int = 0            # 主题党日
    org_life_meeting: int = 0     # 组织生活会
    democratic_review: int = 0    # 民主评议党员

    _SPEC: ClassVar = {name: _integer() for name in (
        "general_meeting", "committee_meeting", "group_meeting", "party_lecture", "theme_day",
        "org_life_meeting", "democratic_review",
    )}


@dataclass(frozen=True)
class PartyOrgFacts(_Facts):
    """The organization's Party organization. ``None`` fields mean "not reported"."""

    form: str
    weak_and_lax: bool = False                   # recorded as weak and lax by the superior committee
    last_election: date | None = None
    founded_on: date | None = None               # its foundation (screening prorates the first year)
    term_years: int | None = None
    leadership_complete: bool | None = None      # 班子配备齐全 (secretary, committee where required)
    covered_units: int = 1                       # organizations a joint branch covers
    activities: ActivityCounts | None = None     # in the 12 months up to the evaluation date
    secretary_trainings: int | None = None       # concentrated trainings attended this year
    secretary_training_days: float | None = None  # days of training this year
    rules_in_place: bool | None = None           # 党内规章制度、议事规则健全
    cross_appointment: bool | None = None        # 双向进入、交叉任职
    dues_paid: bool | None = None                # members pay dues on time
    member_training_held: bool | None = None     # at least one member education/training this year
    development_plan: bool | None = None         # a plan for developing new members
    activity_space: bool | None = None           # a dedicated space for Party activities

    _SPEC: ClassVar = {
        "form": _enum(PARTY_ORG_FORMS),
        "weak_and_lax": _boolean,
        "last_election": _optional(_iso_date),
        "founded_on": _optional(_iso_date),
        "term_years": _optional(_integer(1, MAX_TERM_YEARS)),
        "leadership_complete": _optional(_boolean),
        "covered_units": _integer(1),
        "activities": _optional(_nested(ActivityCounts)),
        "secretary_trainings": _optional(_integer()),
        "secretary_training_days": _optional(_number),
        "rules_in_place": _optional(_boolean),
        "cross_appointment": _optional(_boolean),
        "dues_paid": _optional(_boolean),
        "member_training_held": _optional(_boolean),
        "development_plan": _optional(_boolean),
        "activity_space": _optional(_boolean),
    }


@dataclass(frozen=True)
class OrganizationFacts(_Facts):
    """One social organization as the rules see it at the evaluation date."""

    kind: str
    registration_level: str
    status: str = "active"                             # active, zombie (僵尸型) or deregistered
    employees: int = 0
    is_school: bool = False
    is_hospital: bool = False
    service_type: str | None = None                    # what a private non-enterprise unit does (SERVICE_TYPES)
    evaluation_grade: Grade | None = None
    charter_clause: bool | None = None                 # 党建入章
    party_org: PartyOrgFacts | None = None
    members: tuple[MemberFacts, ...] = ()
    instructor: bool = False                           # a Party-building instructor is dispatched to it
    work_station: bool = False                         # a Party-building work station covers it
    accepted_reason_for_no_party_org: str | None = None  # a recorded, accepted reason for not having one
    exception_recorded: str | None = None              # a committee's recorded exception to a grade cap
    penalties_last_3_years: int | None = None          # administrative penalties in the last three years
    annual_inspection_passed: bool | None = None       # passed the latest annual inspection
    trainings: tuple[TrainingFacts, ...] | None = None  # this year's trainings (None: not reported)

    _SPEC: ClassVar = {
        "kind": _enum(ORG_KINDS),
        "registration_level": _enum(REGISTRATION_LEVELS),
        "status": _enum(ORG_STATUSES),
        "employees": _integer(),
        "is_school": _boolean,
        "is_hospital": _boolean,
        "service_type": _optional(_enum(SERVICE_TYPES)),
        "evaluation_grade": _optional(_grade),
        "charter_clause": _optional(_boolean),
        "party_org": _optional(_nested(PartyOrgFacts)),
        "members": _list_of(MemberFacts),
        "instructor": _boolean,
        "work_station": _boolean,
        "accepted_reason_for_no_party_org": _optional(_text),
        "exception_recorded": _optional(_text),
        "penalties_last_3_years": _optional(_integer()),
        "annual_inspection_passed": _optional(_boolean),
        "trainings": _optional(_list_of(TrainingFacts)),
    }

    @property
    def effective_service_type(self) -> str | None:
        """What it does: a school or a hospital by its flags, else ``service_type`` (the SQL
        facts' ``o.service_type`` is computed the same way)."""
        return "school" if self.is_school else "hospital" if self.is_hospital else self.service_type


def reported_measure(org: OrganizationFacts, measure: str) -> float | None:
    """What the facts report for a requirement's ``measure`` (criteria.REQUIREMENT_MEASURES):
    an activity kind held in the 12 months, or a training figure of the year; None when the
    facts leave it out. ``trainings`` (the evaluate body) wins over the Party organization's
    secretary figures (the registry's)."""
    party = org.party_org
    if measure in ActivityCounts._SPEC:
        return None if party is None or party.activities is None else getattr(party.activities, measure)
    if org.trainings is not None and measure in ("secretary_trainings", "secretary_training_days", "party_worker_trainings"):
        person = "party_worker" if measure == "party_worker_trainings" else "secretary"
        of_person = [t for t in org.trainings if t.person_role == person]
        if measure == "secretary_training_days":
            return float(sum(t.days for t in of_person))
        return sum(1 for t in of_person if t.concentrated)
    if party is None:
        return None
    return {"secretary_trainings": party.secretary_trainings,
            "secretary_training_days": party.secretary_training_days}.get(measure)


def parse_evaluate_body(data: Any) -> tuple[OrganizationFacts, date | None]:
    """The evaluate request body → ``(facts, as_of)``; ``as_of`` is None when not given."""
    if not isinstance(data, dict):
        raise FactsError([("$", "应为对象")])
    errors, as_of, org = [], None, None
    for key in data:
        if key not in ("as_of", "organization"):
            errors.append((str(key), "未知字段"))
    if data.get("as_of") is not None:
        try:
            as_of = _iso_date(data["as_of"], "as_of")
        except _Invalid as invalid:
            errors.append(("as_of", invalid.message))
    if "organization" not in data:
        errors.append(("organization", "必填"))
    else:
        try:
            org = OrganizationFacts.from_dict(data["organization"], path="organization")
        except FactsError as error:
            errors.extend(error.errors)
    if errors:
        raise FactsError(errors)
    return org, as_of
