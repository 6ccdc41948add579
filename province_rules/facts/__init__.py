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

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from ..contract import ORG_STATUSES, PARTY_ORG_FORMS, Grade
from .validation import (
    EARLIEST_DATE, LATEST_DATE, MAX_TERM_YEARS, MEMBER_RELATIONS, MEMBER_ROLES, MEMBER_STATUSES, ORG_KINDS,
    REGISTRATION_LEVELS, SERVICE_TYPES, TRAINING_PERSON_ROLES, FactsError, Validator, _boolean, _enum, _Facts, _grade,
    _integer, _Invalid, _iso_date, _list_of, _nested, _number, _optional, _roles, _text,
)

__all__ = [
    "EARLIEST_DATE", "LATEST_DATE", "MAX_TERM_YEARS", "MEMBER_RELATIONS", "MEMBER_ROLES", "MEMBER_STATUSES", "ORG_KINDS",
    "REGISTRATION_LEVELS", "SERVICE_TYPES", "TRAINING_PERSON_ROLES", "ActivityCounts", "FactsError", "MemberFacts",
    "OrganizationFacts", "PartyOrgFacts", "TrainingFacts", "Validator", "parse_evaluate_body", "reported_measure",
]


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
