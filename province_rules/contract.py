"""The province rule contract: what every province's rules object decides, and the value types.

One rules object per province (chosen once per request from the tenant by
``province_rules.registry.rules_for``) is handed to services. It decides, for one
organization at one date, from ``OrganizationFacts`` passed to it; it never queries.
Every decision carries its value and its reasons, each reason with the clause of the
policy document it comes from, cited as ``<seed file> <clause>`` (``002 第九条(三)``).
Where the seeds are silent the module uses a setting and cites the general rule it
took the default from (``支部工作条例 第十九条``), saying so in the reason text.

``BaselineRules`` (``baseline.py``) implements the contract for any province without a
module of its own; a province module subclasses it and changes only what differs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import total_ordering
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from .facts import OrganizationFacts

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
# Forms that give an organization organizational coverage (its own Party organization).
ORGANIZATIONAL_FORMS = frozenset({"own", "joint", "temporary"})
# Coverage values and the forms reported with them.
COVERAGE_VALUES = ("organizational", "work", "none")
COVERAGE_FORMS = ("own", "joint", "temporary", "dispatched", "instructor", "work_station")

FORM_NAMES = {
    "own": "单独建立的党组织",
    "joint": "联合党组织",
    "temporary": "临时党支部",
    "dispatched": "派出党支部",
    "instructor": "党建工作指导员",
    "work_station": "党建工作站",
}


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
    """Why a decision came out as it did: the clause and a Chinese explanation."""

    clause: str
    text: str

    def to_dict(self) -> dict:
        return {"clause": self.clause, "text": self.text}


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
class Evaluation:
    """All six decisions for one organization at one date, under one rules module."""

    province: str
    rules: str
    as_of: date
    decisions: Mapping[str, Decision]

    def __getitem__(self, name: str) -> Decision:
        return self.decisions[name]

    def to_dict(self) -> dict:
        return {
            "province": self.province,
            "rules": self.rules,
            "as_of": self.as_of.isoformat(),
            "decisions": {name: self.decisions[name].to_dict() for name in DECISIONS},
        }


@dataclass(frozen=True)
class Requirement:
    """Something a Party organization, its secretary or its Party workers must do in a year.

    ``minimum`` is a count (``unit`` 次) or days (``unit`` 天); ``None`` when the source
    sets the duty without a number.
    """

    key: str
    subject: str  # "party_org", "secretary" or "party_workers"
    text: str
    clause: str
    minimum: float | None = None
    unit: str | None = None

    def to_dict(self) -> dict:
        return {
            "key": self.key, "subject": self.subject, "text": self.text, "clause": self.clause,
            "minimum": self.minimum, "unit": self.unit,
        }


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
    """A province's organizational-coverage target: ``target`` (a share) by ``by``."""

    scope: str  # which organizations the share is computed over
    baseline: float
    baseline_as_of: date
    target: float
    by: date
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict:
        return {
            "scope": self.scope, "baseline": self.baseline, "baseline_as_of": self.baseline_as_of.isoformat(),
            "target": self.target, "by": self.by.isoformat(), "reasons": [r.to_dict() for r in self.reasons],
        }


class ProvinceRules:
    """The contract. Subclass ``BaselineRules`` (which implements every hook), not this.

    Class attributes every module sets:

    ``code``                    the tenant's rules key (``"jilin"``), ``"national"`` for the baseline
    ``name``                    the committee's Chinese name (``吉林省社会组织联合党委``)
    ``valid_from``              the date from which the module holds; a later module for the
                                same ``code`` takes over from its own ``valid_from``
    ``allowed_party_org_forms`` Party organization forms the province has (subset of ``PARTY_ORG_FORMS``)
    ``coverage_target``         a ``CoverageTarget`` or ``None``
    """

    code: str
    name: str
    valid_from: date
    allowed_party_org_forms: frozenset[str]
    coverage_target: CoverageTarget | None = None

    @classmethod
    def rules_id(cls) -> str:
        """The module, class and start date, e.g. ``province_rules.jilin.JilinRules2021@2021-06-04``."""
        return f"{cls.__module__}.{cls.__qualname__}@{cls.valid_from.isoformat()}"

    def evaluate(self, org: OrganizationFacts, as_of: date) -> Evaluation:
        """All six decisions for ``org`` at ``as_of``."""
        return Evaluation(
            province=self.code,
            rules=self.rules_id(),
            as_of=as_of,
            decisions={name: getattr(self, name)(org, as_of) for name in DECISIONS},
        )

    # --- the hooks -------------------------------------------------------------------

    def must_build_own_party_org(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``bool``: the org has enough formal members (counted by the province's rule) that it
        must set up its own Party organization. Probationary members never count."""
        raise NotImplementedError

    def coverage(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``"organizational" | "work" | "none"``; extra ``form``: one of ``COVERAGE_FORMS`` or ``None``.
        A Party organization of a form the province does not have is not counted."""
        raise NotImplementedError

    def max_grade(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``Grade``: the highest evaluation grade the org may get at ``as_of`` (5A = no cap)."""
        raise NotImplementedError

    def full_coverage_target(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``bool``: the org falls in a province target where every such org must have a Party
        organization (Jilin: private schools and hospitals with 30+ employees)."""
        raise NotImplementedError

    def weak_and_lax(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``bool``: the org's Party organization is recorded as, or screened as, weak and lax;
        extra ``findings``: the keys of the criteria that hit."""
        raise NotImplementedError

    def term_renewal_due(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``bool | None``: True when last election + term <= ``as_of`` (a term ending today is due),
        None without a Party organization or election date; extra ``due_date``."""
        raise NotImplementedError

    def requirements_for_year(self, year: int) -> tuple[Requirement, ...]:
        """What Party organizations, secretaries and Party workers must do in ``year``."""
        raise NotImplementedError

    def checklists(self) -> tuple[Checklist, ...]:
        """The province's checklists, each item with its clause."""
        raise NotImplementedError

    def check_party_org_form(self, form: str) -> Decision:
        """Value ``bool``: the province has this Party organization form. Services call this where
        data is written and refuse the write when the value is False."""
        raise NotImplementedError
