"""A process as a province declares it, and its validation."""
from __future__ import annotations

from dataclasses import dataclass

from .stages import CaseCheck, EligibilityCheck, Period, Rounds, ScoreItem, Scoring, Stage
from .vocabulary import (
    APPROVE,
    CLEAR_DESIGNATION,
    CODE_CHARACTERS,
    DECISIONS,
    DESIGNATE,
    EFFECTS,
    FIELD_KINDS,
    KNOWN_ROLES,
    ORGANIZATION_SUBJECT,
    PARTY_ORGANIZATION_SUBJECT,
    REPORT_PERIODS,
    START_VALIDITY,
    SUBJECTS,
    DeclarationError,
)


@dataclass(frozen=True)
class Process:
    code: str
    name: str
    clause: str
    stages: tuple[Stage, ...]
    subject: str = ORGANIZATION_SUBJECT
    description: str = ""
    rounds: Rounds | None = None
    scorings: tuple[Scoring, ...] = ()
    validity: Period | None = None
    review: Period | None = None
    eligibility: tuple[EligibilityCheck, ...] = ()
    initial_stage: str = ""
    opening_checks: tuple[CaseCheck, ...] = ()
    demo: str = ""  # dotted path of a demo-data function (see the module docstring)
    max_approved: int | None = None  # at most this many cases approved at meetings (still holding)
    max_approved_clause: str = ""

    def stage(self, code: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.code == code), None)

    def scoring(self, key: str) -> Scoring | None:
        return next((scoring for scoring in self.scorings if scoring.key == key), None)

    @property
    def first_stage(self) -> Stage:
        return self.stage(self.initial_stage) if self.initial_stage else self.stages[0]

    def hard_items(self) -> tuple[tuple[Scoring, ScoreItem], ...]:
        return tuple((scoring, item) for scoring in self.scorings for item in scoring.items if item.hard)

    def validate(self) -> "Process":
        """Raise ``DeclarationError`` naming what does not hold; return the process."""
        problems = []

        def code_ok(code, what):
            if not code or not set(code) <= CODE_CHARACTERS:
                problems.append(f"{what}: code {code!r} must be lower-case letters, digits and _")

        code_ok(self.code, f"process {self.code}")
        if self.subject not in SUBJECTS:
            problems.append(f"{self.code}: subject {self.subject!r} not in {SUBJECTS}")
        if not self.stages:
            problems.append(f"{self.code}: no stages")
        stage_codes = [stage.code for stage in self.stages]
        if len(set(stage_codes)) != len(stage_codes):
            problems.append(f"{self.code}: duplicate stage codes")
        if self.initial_stage and self.initial_stage not in stage_codes:
            problems.append(f"{self.code}: initial stage {self.initial_stage!r} is not a stage")
        scoring_keys = {scoring.key for scoring in self.scorings}
        for stage in self.stages:
            where = f"{self.code}.{stage.code}"
            code_ok(stage.code, where)
            if stage.final and stage.actions:
                problems.append(f"{where}: a final stage has no actions")
            if not stage.final and not stage.actions:
                problems.append(f"{where}: a stage that is not final needs actions")
            if stage.scoring and stage.scoring not in scoring_keys:
                problems.append(f"{where}: scoring {stage.scoring!r} is not declared")
            if stage.report_every not in ("", "month", "quarter"):
                problems.append(f"{where}: report_every must be '', 'month' or 'quarter'")
            if stage.deadline is not None:
                if stage.deadline.source not in ("stage", "round", "assigned"):
                    problems.append(f"{where}: deadline source must be 'stage', 'round' or 'assigned'")
                if stage.deadline.source == "round" and self.rounds is None:
                    problems.append(f"{where}: a round deadline in a process without rounds")
                if stage.deadline.source == "stage" and (stage.deadline.days is None or stage.deadline.days < 1):
                    problems.append(f"{where}: a stage deadline needs days >= 1")
            if stage.follow_up is not None:
                if stage.action(stage.follow_up.action) is None or stage.action(stage.follow_up.action).to != stage.code:
                    problems.append(f"{where}: follow_up action {stage.follow_up.action!r} must be a recording action of the stage")
                if stage.follow_up.days < 1:
                    problems.append(f"{where}: follow_up days must be >= 1")
                if stage.follow_up.who_field and stage.follow_up.who_field not in {f.key for f in stage.fields}:
                    problems.append(f"{where}: follow_up who_field {stage.follow_up.who_field!r} is not a field")
            for role in stage.roles:
                if role not in KNOWN_ROLES:
                    problems.append(f"{where}: unknown role {role!r}")
            for item in stage.fields:
                if item.kind not in FIELD_KINDS:
                    problems.append(f"{where}.{item.key}: field kind {item.kind!r} not in {FIELD_KINDS}")
            action_codes = [action.code for action in stage.actions]
            if len(set(action_codes)) != len(action_codes):
                problems.append(f"{where}: duplicate action codes")
            for action in stage.actions:
                code_ok(action.code, f"{where}.{action.code}")
                if action.to not in stage_codes:
                    problems.append(f"{where}.{action.code}: leads to {action.to!r}, not a stage")
                if not stage.roles_of(action):
                    problems.append(f"{where}.{action.code}: no role acts")
                for role in action.roles:
                    if role not in KNOWN_ROLES:
                        problems.append(f"{where}.{action.code}: unknown role {role!r}")
                if action.decision and action.decision not in DECISIONS:
                    problems.append(f"{where}.{action.code}: decision {action.decision!r} not in {DECISIONS}")
                if action.decision and not stage.meeting:
                    problems.append(f"{where}.{action.code}: a decision outside a meeting stage")
                for effect in action.effects:
                    if effect not in EFFECTS:
                        problems.append(f"{where}.{action.code}: effect {effect!r} not in {EFFECTS}")
                if START_VALIDITY in action.effects and self.validity is None and self.review is None:
                    problems.append(f"{where}.{action.code}: start_validity without validity or review")
                if action.within_round and self.rounds is None:
                    problems.append(f"{where}.{action.code}: within_round in a process without rounds")
                if action.report_every not in REPORT_PERIODS or (action.report_every and not action.records_report):
                    problems.append(f"{where}.{action.code}: report_every is 'month' or 'quarter', on a records_report action")
                if action.after_due and stage.deadline is None:
                    problems.append(f"{where}.{action.code}: after_due in a stage without a deadline")
                if set(action.effects) & {DESIGNATE, CLEAR_DESIGNATION} and self.subject != PARTY_ORGANIZATION_SUBJECT:
                    problems.append(f"{where}.{action.code}: designation effects need a Party organization subject")
        if self.max_approved is not None and not any(
                action.decision == APPROVE for stage in self.stages for action in stage.actions):
            problems.append(f"{self.code}: max_approved without an approving meeting decision")
        if problems:
            raise DeclarationError("; ".join(problems))
        return self


def validate_processes(processes) -> tuple[Process, ...]:
    """Validate every process and check that codes are unique."""
    codes = [process.code for process in processes]
    if len(set(codes)) != len(codes):
        raise DeclarationError(f"duplicate process codes: {codes}")
    return tuple(process.validate() for process in processes)
