"""The parts of a process: deadlines, periods, documents, fields, scorings, checks, actions, stages, rounds."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping


@dataclass(frozen=True)
class Deadline:
    """When a stage is due, counted from the day a case enters it (``days`` working or calendar
    days), or the round's deadline (``source="round"``)."""

    days: int | None = None
    working: bool = True
    clause: str = ""
    source: str = "stage"  # "stage" | "round" | "assigned"
    remind: bool = True

    @classmethod
    def round(cls, *, clause: str = "", remind: bool = True) -> "Deadline":
        return cls(days=None, working=False, clause=clause, source="round", remind=remind)

    @classmethod
    def assigned(cls, *, clause: str = "", remind: bool = True) -> "Deadline":
        """The date given when the case is opened (a task assigned with its deadline)."""
        return cls(days=None, working=False, clause=clause, source="assigned", remind=remind)


@dataclass(frozen=True)
class Period:
    """A validity or review period."""

    years: int = 0
    months: int = 0
    clause: str = ""


@dataclass(frozen=True)
class DocumentRequirement:
    key: str
    name: str
    clause: str = ""
    required: bool = True


@dataclass(frozen=True)
class Field:
    """A value a stage records: ``kind`` one of ``FIELD_KINDS``; ``choices`` for choice kinds."""

    key: str
    label: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    clause: str = ""


# A check reads the facts: (rules, OrganizationFacts, as_of) -> True | False | None.
Check = Callable[[Any, Any, Any], "bool | None"]


@dataclass(frozen=True)
class ScoreItem:
    key: str
    text: str
    clause: str
    max_score: float = 1
    hard: bool = False
    check: Check | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Scoring:
    key: str
    title: str
    clause: str
    items: tuple[ScoreItem, ...]
    pass_score: float | None = None

    def item(self, key: str) -> ScoreItem | None:
        return next((item for item in self.items if item.key == key), None)

    @property
    def max_total(self) -> float:
        return sum(item.max_score for item in self.items)


@dataclass(frozen=True)
class CaseFacts:
    """What a case check is told: the facts (``OrganizationFacts``) of the case's organizations,
    its subject first, and the values its stages recorded (``fields``: key → the latest value)."""

    organizations: tuple = ()
    fields: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class CaseCheck:
    """A check over the whole case: ``check(rules, CaseFacts, as_of)`` → a ``Decision`` (value
    False refuses with its reasons), True/False, or None (the facts do not say; allowed)."""

    key: str
    text: str
    clause: str
    check: Callable[[Any, CaseFacts, Any], Any] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Action:
    code: str
    name: str
    to: str
    roles: tuple[str, ...] = ()  # empty: the stage's roles
    clause: str = ""
    reason_required: bool = False
    requires_complete: bool = False
    hard_criteria_block: bool = False
    within_round: bool = False
    after_due: bool = False
    decision: str = ""
    effects: tuple[str, ...] = ()
    records_report: bool = False
    checks: tuple[CaseCheck, ...] = ()
    writes: str = ""  # dotted path of the registry write the action stands for (see the module docstring)
    report_every: str = ""  # a report's period when it differs from the stage's ("month" | "quarter")

    def period_every(self, stage: "Stage") -> str:
        return self.report_every or stage.report_every


@dataclass(frozen=True)
class FollowUp:
    """The stage's cases are followed up by ``action`` (a recording action of the stage) at
    least every ``days`` days; ``who_field`` is the stage field naming who follows up."""

    action: str
    days: int
    clause: str = ""
    who_field: str = ""


@dataclass(frozen=True)
class Stage:
    code: str
    name: str
    clause: str
    roles: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    documents: tuple[DocumentRequirement, ...] = ()
    fields: tuple[Field, ...] = ()
    scoring: str = ""  # the key of one of the process's scorings
    deadline: Deadline | None = None
    meeting: bool = False
    notice: bool = False
    rectification: bool = False
    report_every: str = ""  # "" | "month" | "quarter"
    follow_up: FollowUp | None = None
    final: bool = False
    outcome: str = ""

    def action(self, code: str) -> Action | None:
        return next((action for action in self.actions if action.code == code), None)

    def roles_of(self, action: Action) -> tuple[str, ...]:
        return action.roles or self.roles


@dataclass(frozen=True)
class Rounds:
    """The process runs in rounds the committee opens (year, opening date, deadline)."""

    clause: str
    late_clause: str
    late_text: str = "逾期申报的视为放弃"


@dataclass(frozen=True)
class EligibilityCheck:
    key: str
    text: str
    clause: str
    check: Check = field(compare=False, repr=False)
