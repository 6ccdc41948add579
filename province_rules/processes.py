"""How a province declares its processes (applications, approvals, reviews, rectification,
tasks) for the process engine (``platform/processes``). Pure data: frozen dataclasses, no
Django, no queries, no dates of their own.

A rules module lists its processes in ``processes()`` and, for the registration hand-off
(``POST /api/v1/registrations``), what each registration event checks and which cases it
opens in ``registration_events()``. The engine knows no province: it reads these values,
keeps the cases, checks every action against the declaration and cites the clauses given
here. A province adds or changes a process by editing its own module (or, from a date, a
later module: the rules object of the day decides).

A process, in short::

    Process(
        code="demo_base", name="党建创新示范基地", clause="001 三",
        subject=ORGANIZATION_SUBJECT,                 # a case is about one organization
        eligibility=(EligibilityCheck("provincial", "省级社会组织", "001 一", check),),
        rounds=Rounds(clause="001 三", late_clause="001 三(一)", late_text="逾期申报的视为放弃"),
        scorings=(Scoring("criteria", "创建标准", "001 四", items=(ScoreItem(...), ...), pass_score=80),),
        validity=Period(years=3, clause="001 三"), review=Period(years=3, clause="001 五(二)"),
        stages=(
            Stage("self_assessment", "自评申报", "001 三(一)", roles=ORGANIZATION,
                  deadline=Deadline.round(), documents=(DocumentRequirement("report", "自评报告", "001 三(一)"),),
                  scoring="criteria",
                  actions=(Action("submit", "提交申报", to="preliminary", within_round=True, requires_complete=True),)),
            Stage("preliminary", "初审", "001 三(二)", roles=PROVINCIAL_COMMITTEE,
                  deadline=Deadline(10, working=True, clause="本模块设定"),
                  actions=(Action("pass", "初审通过", to="meeting", requires_complete=True),
                           Action("return", "退回修改", to="self_assessment", reason_required=True))),
            Stage("meeting", "会议审定", "001 三(四)", roles=PROVINCIAL_COMMITTEE, meeting=True,
                  actions=(Action("approve", "审定通过", to="notice", decision=APPROVE, hard_criteria_block=True),
                           Action("reject", "不予通过", to="rejected", decision=REJECT, reason_required=True),
                           Action("defer", "暂缓审议", to="meeting", decision=DEFER, reason_required=True))),
            Stage("notice", "公示", "001 三(五)", roles=PROVINCIAL_COMMITTEE,
                  deadline=Deadline(5, working=True, clause="001 三(五)", remind=False), notice=True,
                  actions=(Action("notice_end", "公示期满无异议", to="named", after_due=True,
                                  effects=(START_VALIDITY,)),
                           Action("object", "公示期间有异议", to="meeting", reason_required=True))),
            Stage("named", "授牌", "001 三(六)", roles=PROVINCIAL_COMMITTEE, fields=(Field("notice_number", "命名文号"),),
                  actions=(Action("review_pass", "复查合格", to="named", effects=(RENEW_REVIEW,)),
                           Action("review_fail", "复查不合格，限期整改", to="rectifying", reason_required=True))),
            Stage("rectifying", "限期整改", "001 五(二)", roles=ORGANIZATION, rectification=True,
                  deadline=Deadline(90, working=False, clause="001 五(二)"),
                  actions=(Action("rectified", "整改合格", to="named", roles=PROVINCIAL_COMMITTEE, effects=(RENEW_REVIEW,)),
                           Action("revoke", "整改不力，撤销称号", to="revoked", roles=PROVINCIAL_COMMITTEE,
                                  reason_required=True, effects=(END_VALIDITY,)))),
            Stage("rejected", "未通过", "001 三(四)", final=True, outcome="rejected"),
            Stage("revoked", "已撤销", "001 五(二)", final=True, outcome="revoked"),
        ),
    )

What the engine does with each part:

- **Stages.** A case starts in the first stage (or ``initial_stage``) and moves only by an
  action of its current stage. ``roles`` are the roles (``accounts.models.Role`` values; the
  tuples below name the usual ones) that act in the stage; an action may name its own
  ``roles``. A user acts with the roles they hold *for the case* (provincial staff: every
  case; city/county staff: cases in their region; an organization's secretary or liaison:
  cases of their organization; supervisors: their organizations'; instructors: where they
  are dispatched). A province API token with ``write`` and system jobs act in every role.
  A ``final`` stage has no actions; its ``outcome`` is the case's result.
- **Actions.** ``to`` is the next stage (the same stage for a recording action such as
  ``defer`` or ``report``). ``reason_required``: refused without a reason (400 naming
  ``reason``). ``requires_complete``: the stage's required documents, its required fields
  and every item of its scoring must be there (400 naming what is missing).
  ``hard_criteria_block``: a hard item of the process's scoring that scored as failed
  refuses the action with the item's clause. ``within_round``: refused outside the round's
  ``opens_on``..``deadline`` with ``Rounds.late_clause``. ``after_due``: only once the
  stage's due date has passed (the end of a public notice). ``decision``: the action's
  meaning on the committee-meeting page (approve, reject, defer). ``effects``: what else it
  does to the case (``START_VALIDITY`` sets valid-from today and valid-until/review-due from
  ``Process.validity``/``Process.review``; ``RENEW_REVIEW`` moves both on by a period from
  today; ``END_VALIDITY`` ends the validity today). ``records_report``: the action records a
  progress report (tasks: text, figures, period), per the stage's ``report_every`` or the
  action's own (a stage may take a monthly check and a quarterly evaluation).
  Registry effects write through the registry's actions, reading the case's recorded
  fields (any stage, the latest value): ``CREATE_PARTY_ORGANIZATION`` sets up the Party
  organization covering the case's organizations (``party_org_name``, ``party_org_form``
  — own, or joint when several —, ``party_org_level``, ``secretary``: a member's name
  among them) and links it to the case; ``START_DISPATCH`` dispatches ``instructor_id``
  to the case's organization from today with the timetable (``target_on``,
  ``milestones``) as its plan; ``END_DISPATCH`` ends that dispatch today. A refusal of
  the registry's action refuses the case's action, naming ``registry.<field>``.
- **Deadlines.** ``Stage.deadline`` gives the due date when a case enters the stage: N
  working days (``platform/processes/workdays.py``: the official calendar, 调休 included;
  a day N counts the day it starts on when that is a working day) or N calendar days, or
  the round's deadline (``Deadline.round()``). ``remind``: the deadline reminders (7, 3 and
  1 working days before, ``ReminderSettings``) are sent for it.
- **Rounds.** A process with ``rounds`` has cases in rounds the committee opens (year,
  opening date, deadline). Opening a case, and any ``within_round`` action, outside the
  round is refused with ``late_clause``/``late_text``.
- **Documents** (``DocumentRequirement``) are evidence uploaded in a stage: PDF, JPEG, PNG,
  DOCX or XLSX checked by content, size-limited by the setting ``DOCUMENT_MAX_BYTES``.
- **Scorings** (``Scoring`` of ``ScoreItem``) are criteria scored per item in the stages
  that name them (``Stage.scoring``), pre-filled from the registry where ``check`` (a
  checklist check, ``province_rules.checklist_facts``) knows the fact (marked 待核实 where it
  does not); ``hard`` items block ``hard_criteria_block`` actions when failed.
- **Fields** (``Field``) are what a stage records besides documents (an assessment team,
  a date, methods, an opinion, a notice number); an action's ``data`` is checked against
  the current stage's fields.
- **Meetings.** A ``meeting`` stage's cases are decided in a batch on the committee-meeting
  page (and ``POST /api/v1/meetings``): each approved, rejected with a reason or deferred,
  by the stage's actions with those ``decision`` values.
- **Public notice.** A ``notice`` stage shows its due date as the notice's end.
- **Validity and review.** ``Process.validity`` and ``Process.review`` are periods in years
  or months; reviews due are reminded (``ReminderSettings.review_days``).
- **Rectification.** A ``rectification`` stage's deadline is reminded as a rectification.
- **Reports missing.** An open case in a stage with a report action is reminded when the
  last full period (month or quarter) passed without that action's report.
- **Tasks.** A process with ``subject=REGION_SUBJECT`` assigns a case to a city or county
  committee (its region) instead of an organization: the engine's task kind. A stage with
  ``report_every`` ("month" or "quarter") takes progress reports (an action with
  ``records_report``); the engine's ``task_progress`` counts assigned / reported / overdue /
  done per assignee.
- **Assigned deadlines.** ``Deadline.assigned()``: the date is given when the case is opened
  (``case_open(due_on=…)``: a task the committee assigns with its deadline) and kept while the
  case stays open.
- **Follow-up** (``Stage.follow_up``, ``FollowUp(action, days, who_field)``): a stage whose
  cases are followed up by a recording action (each a log entry in the history); when the
  last entry (or the entry into the stage) is older than ``days``, a ``follow_up`` reminder
  names who follows up (the stage field ``who_field``).
- **A cap on approvals** (``Process.max_approved``): approving at a meeting is refused with
  ``max_approved_clause`` once that many cases of the process were approved and still hold
  (a case whose validity was ended no longer counts).
- **Weak-and-lax designations** (``DESIGNATE``, ``CLEAR_DESIGNATION`` on a Party organization's
  case): the registry's designation of the subject is recorded (problems and measures from the
  case's fields ``problems`` and ``measures``, the deadline the due date of the stage entered)
  or closed as rectified, through the registry's actions.
- **Plans** (``province_rules/plans.py``): a province's numbered lines of work whose tasks
  are cases of its task processes.
- **Eligibility** (``EligibilityCheck``): checks on the organization's facts when a case
  is opened; a False refuses it with the clause (None: the facts do not say; allowed).
- **Case checks** (``CaseCheck``): checks over the whole case (the facts of all its
  organizations and the values its stages recorded, ``CaseFacts``) when it is opened
  (``Process.opening_checks``) or before an action (``Action.checks``), e.g. a rules
  decision such as ``check_dispatched_branch``: a ``Decision`` whose value is False refuses
  with its reasons' clauses (a plain False with the check's clause; None allows).
- **Registry writes** (``Action.writes``): the dotted path of a function
  ``(*, actor, rules, case, today, reason) -> None`` that makes the registry write the action stands
  for (e.g. forming the Party organization a case approved) through the registry's actions,
  in the action's transaction: a refusal there refuses the action.
- **Field kind ``instructors``**: a list of instructor ids the actor can see.
- **Demo data**: ``Process.demo`` names a function ``(engine_api) -> None`` in
  ``platform/demo`` terms (a dotted path the demo generator calls after provisioning); the
  engine does not call it itself. Leave it empty when the province has no demo yet.

Registration events (``RegistrationEvent``): for each event of the civil-affairs system
(``registered``, ``renewed``, ``charter_approved``, ``annual_report``, ``graded``) the
checks run on the organization's facts and the ``party`` data sent with the event, and the
cases opened (``CaseOpening``: a process, when its ``when`` check is True, with the first
stage's fields ``data(rules, facts, party, as_of)`` gives).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

# Roles that act in stages (accounts.models.Role values). A province may name any role.
ORGANIZATION = ("organization_secretary", "organization_liaison")
PROVINCIAL_COMMITTEE = ("provincial_staff",)
LOCAL_COMMITTEE = ("city_staff", "county_staff")
COMMITTEE = PROVINCIAL_COMMITTEE + LOCAL_COMMITTEE
SUPERVISOR = ("supervisor_staff", "industry_committee_staff")
INSTRUCTOR = ("instructor",)
KNOWN_ROLES = frozenset(ORGANIZATION + COMMITTEE + SUPERVISOR + INSTRUCTOR)

# What a case is about.
ORGANIZATION_SUBJECT = "organization"      # one social organization (others may join it: ``organizations``)
PARTY_ORGANIZATION_SUBJECT = "party_organization"  # one Party organization (rectification of a weak and lax one)
REGION_SUBJECT = "region"                  # a city or county committee (a task assigned to it)
SUBJECTS = (ORGANIZATION_SUBJECT, PARTY_ORGANIZATION_SUBJECT, REGION_SUBJECT)

# Decisions at a committee meeting.
APPROVE, REJECT, DEFER = "approve", "reject", "defer"
DECISIONS = (APPROVE, REJECT, DEFER)

# Effects of an action on the case.
START_VALIDITY, RENEW_REVIEW, END_VALIDITY = "start_validity", "renew_review", "end_validity"
# Effects that write the registry through its actions (the case's recorded fields say what):
# a Party organization for the case's organizations, an instructor's dispatch started or ended.
CREATE_PARTY_ORGANIZATION = "create_party_organization"
START_DISPATCH, END_DISPATCH = "start_dispatch", "end_dispatch"
REGISTRY_EFFECTS = (CREATE_PARTY_ORGANIZATION, START_DISPATCH, END_DISPATCH)
# On a Party organization's case: record its weak-and-lax designation / close it as rectified (registry).
DESIGNATE, CLEAR_DESIGNATION = "designate", "clear_designation"
EFFECTS = (START_VALIDITY, RENEW_REVIEW, END_VALIDITY, DESIGNATE, CLEAR_DESIGNATION) + REGISTRY_EFFECTS
# The fields a registry effect reads from the case's recorded data (any stage; the latest wins).
PARTY_ORGANIZATION_FIELDS = ("party_org_name", "party_org_form", "party_org_level", "secretary")
DISPATCH_FIELDS = ("instructor_id", "target_on", "milestones")
REPORT_PERIODS = ("", "month", "quarter")

# Kinds of fields a stage records.
FIELD_KINDS = ("text", "date", "number", "choice", "choices", "instructors")

# The events of the registration hand-off.
REGISTRATION_EVENTS = ("registered", "renewed", "charter_approved", "annual_report", "graded")

CODE_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class DeclarationError(ValueError):
    """A process declaration that does not hold together (an action leading to no stage …)."""


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


@dataclass(frozen=True)
class RegistrationCheck:
    """A check of a registration event: ``check(rules, facts, party, as_of)`` → True/False/None,
    ``party`` being the event's ``party`` object as sent (a mapping)."""

    key: str
    text: str
    clause: str
    check: Callable[[Any, Any, Mapping, Any], "bool | None"] = field(compare=False, repr=False)


@dataclass(frozen=True)
class CaseOpening:
    """Open a case of ``process`` for the organization when ``when`` (a registration check's
    signature) answers True; ``data`` is put on the case."""

    process: str
    when: Callable[[Any, Any, Mapping, Any], "bool | None"] = field(compare=False, repr=False)
    reason: str = ""
    clause: str = ""
    data: Callable[[Any, Any, Mapping, Any], dict] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class RegistrationEvent:
    event: str
    checks: tuple[RegistrationCheck, ...] = ()
    opens: tuple[CaseOpening, ...] = ()


@dataclass(frozen=True)
class ReminderSettings:
    """When reminders are sent. Defaults are the engine's (本模块设定); a province changes them
    in its module."""

    term_renewal_days: tuple[int, ...] = (90, 30)       # days before a term ends (and once overdue)
    case_deadline_working_days: tuple[int, ...] = (7, 3, 1)  # working days before a stage is due
    review_days: tuple[int, ...] = (90, 30)             # days before a review is due (and once overdue)
    training_missing_from: tuple[int, int] = (11, 1)    # (month, day) from which a missing training is reminded
    meetings_from_month_of_quarter: int = 3             # 三会一课 behind: reminded from this month of the quarter
    meeting_kinds: tuple[str, ...] = ("general_meeting", "committee_meeting", "group_meeting", "theme_day")
    report_due_days: tuple[int, ...] = (10, 3)          # days before a reporting period ends without its report
    clause: str = "本模块设定"


def validate_processes(processes) -> tuple[Process, ...]:
    """Validate every process and check that codes are unique."""
    codes = [process.code for process in processes]
    if len(set(codes)) != len(codes):
        raise DeclarationError(f"duplicate process codes: {codes}")
    return tuple(process.validate() for process in processes)

