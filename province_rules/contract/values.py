"""The values a rules object answers with: decisions and their reasons, grades, requirements,
checklists, coverage targets, the set-based settings (``RuleSettings``) and an evaluation."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import Enum
from functools import total_ordering
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from ..facts import OrganizationFacts
    from . import ProvinceRules

# The six decisions of an evaluation, in the order they are reported.
DECISIONS = (
    "must_build_own_party_org",
    "coverage",
    "max_grade",
    "full_coverage_target",
    "weak_and_lax",
    "term_renewal_due",
)

# Party organization forms that exist somewhere; a province allows a subset of them.
PARTY_ORG_FORMS = ("own", "joint", "temporary", "dispatched")
# Forms that give an organization organizational coverage (a Party organization).
ORGANIZATIONAL_FORMS = frozenset({"own", "joint", "temporary"})
# Coverage values and the forms reported with them.
COVERAGE_VALUES = ("organizational", "work", "none")
COVERAGE_FORMS = ("own", "joint", "temporary", "dispatched", "instructor", "work_station")
# When several Party organizations cover an organization, its Party organization is the first
# of these forms (then by name, then id): the registry's facts and the indicators' SQL alike.
FORM_PRIORITY = ("own", "temporary", "joint", "dispatched")

FORM_NAMES = {
    "own": "单独建立的党组织",
    "joint": "联合党组织",
    "temporary": "临时党支部",
    "dispatched": "派出党支部",
    "instructor": "党建工作指导员",
    "work_station": "党建工作站",
}
# Organization status: deregistered organizations are out of scope of every decision.
ORG_STATUSES = ("active", "zombie", "deregistered")
STATUS_NAMES = {"active": "正常", "zombie": "僵尸型", "deregistered": "已注销"}


@total_ordering
class Grade(Enum):
    """An evaluation grade (等级评估), ordered 1A < 2A < … < 5A. 5A as a cap means no cap."""

    A1 = "1A"
    A2 = "2A"
    A3 = "3A"
    A4 = "4A"
    A5 = "5A"

    @property
    def rank(self) -> int:
        return int(self.value[0])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self.rank < other.rank

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: str) -> Grade:
        """``"3A"`` → ``Grade.A3``; raises ``ValueError`` for anything else."""
        return cls(text)


NO_CAP = Grade.A5


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json(item) for item in value]
    return value


@dataclass(frozen=True)
class Reason:
    """Why a decision came out as it did: the clause and a Chinese explanation.

    ``province_setting``: the rule is the province's own setting where the seeds are silent;
    ``clause`` then names the general rule the setting follows (pages show "本省设定")."""

    clause: str
    text: str
    province_setting: bool = False

    def to_dict(self) -> dict:
        data = {"clause": self.clause, "text": self.text}
        if self.province_setting:
            data["province_setting"] = True
        return data


@dataclass(frozen=True)
class Decision:
    """A decided value, its reasons, and extra named values reported beside it (e.g. ``form``)."""

    value: Any
    reasons: tuple[Reason, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "reasons", tuple(self.reasons))
        object.__setattr__(self, "extra", dict(self.extra))

    def __getitem__(self, key: str) -> Any:
        return self.extra[key]

    @property
    def clauses(self) -> tuple[str, ...]:
        return tuple(reason.clause for reason in self.reasons)

    def to_dict(self) -> dict:
        data = {"value": _json(self.value)}
        data.update({key: _json(value) for key, value in self.extra.items()})
        data["reasons"] = [reason.to_dict() for reason in self.reasons]
        return data


@dataclass(frozen=True)
class Requirement:
    """Something a Party organization, its secretary or its Party workers must do in a year.

    ``minimum`` is a count (``unit`` 次) or days (``unit`` 天); ``None`` when the source
    sets the duty without a number. ``measure`` names the fact that measures it (an
    activity kind of ``ActivityCounts``, ``secretary_trainings``, ``secretary_training_days``,
    ``party_worker_trainings``; ``criteria.REQUIREMENT_MEASURES``), None when no fact does.
    """

    key: str
    subject: str  # "party_org", "secretary" or "party_workers"
    text: str
    clause: str
    minimum: float | None = None
    unit: str | None = None
    measure: str | None = None
    province_setting: bool = False

    def to_dict(self) -> dict:
        return {
            "key": self.key, "subject": self.subject, "text": self.text, "clause": self.clause,
            "minimum": self.minimum, "unit": self.unit, "province_setting": self.province_setting,
        }


@dataclass(frozen=True)
class RequirementResult:
    requirement: Requirement
    reported: float | None  # what the facts report (None: not reported)
    met: bool | None  # None: not reported, or no number to meet

    def to_dict(self) -> dict:
        return {**self.requirement.to_dict(), "reported": self.reported, "met": self.met}


# A check reads the facts and answers True (met), False (not met) or None (the facts do
# not say). It receives the rules object so it can reuse the province's decisions.
Check = Callable[["ProvinceRules", "OrganizationFacts", date], "bool | None"]


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    clause: str
    check: Check | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        return {"key": self.key, "text": self.text, "clause": self.clause}


@dataclass(frozen=True)
class ChecklistResult:
    item: ChecklistItem
    met: bool | None

    def to_dict(self) -> dict:
        return {**self.item.to_dict(), "met": self.met}


@dataclass(frozen=True)
class Checklist:
    """A province's checklist (年检清单, 示范基地标准, 双强五好, 三个同步 …) with its clause."""

    key: str
    title: str
    clause: str
    items: tuple[ChecklistItem, ...]
    note: str = ""

    def assess(self, rules: ProvinceRules, org: OrganizationFacts, as_of: date) -> tuple[ChecklistResult, ...]:
        """Each item with met True/False, or None where the facts do not say."""
        return tuple(
            ChecklistResult(item, item.check(rules, org, as_of) if item.check else None) for item in self.items
        )

    def to_dict(self) -> dict:
        return {
            "key": self.key, "title": self.title, "clause": self.clause, "note": self.note,
            "items": [item.to_dict() for item in self.items],
        }


@dataclass(frozen=True)
class CoverageTarget:
    """A yearly organizational-coverage target the committee sets: ``target`` (a share of the
    organizations of ``scope``) to reach by ``by`` (the end of ``year``). The rule module gives
    the targets its document states (``ProvinceRules.coverage_targets``); the committee records
    later years' in the registry (``indicators.models.CoverageTarget``), which then win."""

    year: int
    scope: str  # "province" (provincial-level organizations, a registration level) or "all"
    target: float
    by: date
    reasons: tuple[Reason, ...] = ()
    baseline: float | None = None  # the share the document starts from
    baseline_as_of: date | None = None

    def to_dict(self) -> dict:
        return {
            "year": self.year, "scope": self.scope, "target": self.target, "by": self.by.isoformat(),
            "baseline": self.baseline, "baseline_as_of": self.baseline_as_of.isoformat() if self.baseline_as_of else None,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class RuleSettings:
    """A module's settings: what its decisions and criteria read. Frozen; a module changes one
    with ``dataclasses.replace(Parent.settings, …)``. Each field says where its value comes from
    in the module that sets it.

    ``allowed_party_org_forms``   the Party organization forms the province has
    ``min_formal_members``        formal members from which an organization must build its own (3)
    ``counted_member_roles``      a formal member with any of these roles counts toward them
    ``management_roles``          roles that count only when ``count_management_personnel`` and the
                                  member's relation is held here (004 二 四's proposal)
    ``count_management_personnel`` whether the proposal above is adopted
    ``own_party_org_forms``       forms that are an organization's *own* Party organization (应建尽建)
    ``work_coverage_means``       means of work coverage besides a Party organization
                                  (``instructor``, ``work_station``, ``dispatched``)
    ``weak_and_lax_screens``      criteria screened automatically (warnings until staff confirm them)
    ``party_life_kinds``          the activity kinds that are Party life for ``activities_infrequent``
    ``min_party_life_per_year``   fewer of them in 12 months is infrequent (None: not screened)
    ``max_joint_branch_units``    more covered units is too many (None: not screened)
    ``default_term_years``, ``term_years_range``   Party organization terms
    ``full_coverage_min_employees`` the full-coverage target's employee threshold (None: no target)
    ``full_coverage_kinds``, ``full_coverage_service_types``   which organizations it covers
    ``max_grade_without_party_org`` cap for an organization that must build and has not (5A: none)
    ``max_grade_if_weak_and_lax`` cap for one whose Party organization is designated weak and lax
    ``min_dispatched_instructors``, ``dispatched_units_range``  a dispatched branch (002 第十八条)
    """

    allowed_party_org_forms: frozenset[str] = frozenset({"own", "joint"})
    min_formal_members: int = 3
    counted_member_roles: frozenset[str] = frozenset({"leader", "management", "full_time", "other"})
    management_roles: frozenset[str] = frozenset()
    count_management_personnel: bool = False
    own_party_org_forms: frozenset[str] = frozenset({"own"})
    work_coverage_means: tuple[str, ...] = ("instructor",)
    weak_and_lax_screens: tuple[str, ...] = ()
    party_life_kinds: tuple[str, ...] = ("general_meeting", "committee_meeting", "group_meeting", "party_lecture",
                                         "theme_day")
    min_party_life_per_year: int | None = None
    max_joint_branch_units: int | None = None
    default_term_years: int = 3
    term_years_range: tuple[int, int] = (3, 5)
    full_coverage_min_employees: int | None = None
    full_coverage_kinds: frozenset[str] = frozenset()
    full_coverage_service_types: frozenset[str] = frozenset()
    max_grade_without_party_org: Grade = NO_CAP
    max_grade_if_weak_and_lax: Grade = NO_CAP
    min_dispatched_instructors: int = 3
    dispatched_units_range: tuple[int, int] = (3, 5)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class Evaluation:
    """All six decisions for one organization at one date, under one rules module, with the
    organization's status, the year's requirements and the checklists assessed on the facts."""

    province: str
    rules: str
    as_of: date
    decisions: Mapping[str, Decision]
    status: Decision | None = None
    requirements: tuple[RequirementResult, ...] = ()
    checklists: tuple[tuple[Checklist, tuple[ChecklistResult, ...]], ...] = ()

    def __getitem__(self, name: str) -> Decision:
        return self.decisions[name]

    def to_dict(self) -> dict:
        data = {
            "province": self.province,
            "rules": self.rules,
            "as_of": self.as_of.isoformat(),
            "decisions": {name: self.decisions[name].to_dict() for name in DECISIONS},
        }
        if self.status is not None:
            data["status"] = self.status.to_dict()
        data["requirements"] = [result.to_dict() for result in self.requirements]
        data["checklists"] = [
            {**checklist.to_dict(), "items": [result.to_dict() for result in results]}
            for checklist, results in self.checklists
        ]
        return data
