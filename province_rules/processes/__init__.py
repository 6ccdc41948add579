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

from .declaration import Process, validate_processes  # noqa: F401
from .events import CaseOpening, RegistrationCheck, RegistrationEvent, ReminderSettings  # noqa: F401
from .stages import (  # noqa: F401
    Action,
    CaseCheck,
    CaseFacts,
    Check,
    Deadline,
    DocumentRequirement,
    EligibilityCheck,
    Field,
    FollowUp,
    Period,
    Rounds,
    ScoreItem,
    Scoring,
    Stage,
)
from .vocabulary import (  # noqa: F401
    APPROVE,
    CLEAR_DESIGNATION,
    CODE_CHARACTERS,
    COMMITTEE,
    CREATE_PARTY_ORGANIZATION,
    DECISIONS,
    DEFER,
    DESIGNATE,
    DISPATCH_FIELDS,
    EFFECTS,
    END_DISPATCH,
    END_VALIDITY,
    FIELD_KINDS,
    INSTRUCTOR,
    KNOWN_ROLES,
    LOCAL_COMMITTEE,
    ORGANIZATION,
    ORGANIZATION_SUBJECT,
    PARTY_ORGANIZATION_FIELDS,
    PARTY_ORGANIZATION_SUBJECT,
    PROVINCIAL_COMMITTEE,
    REGION_SUBJECT,
    REGISTRATION_EVENTS,
    REGISTRY_EFFECTS,
    REJECT,
    RENEW_REVIEW,
    REPORT_PERIODS,
    START_DISPATCH,
    START_VALIDITY,
    SUBJECTS,
    SUPERVISOR,
    DeclarationError,
)
