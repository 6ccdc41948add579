"""The process engine: reads a process as the province's rule module declares it
(``province_rules/processes.py``) and answers, for one case and one actor, what the case
needs and what the actor may do. It knows no province; it writes nothing (``actions`` writes).

The state machine is the declaration itself: a case is in one stage; the stage's actions
name where each leads. No state-machine library: django-fsm-2 declares transitions as
decorated model methods (code, not data a province edits) and viewflow declares flows as
Python classes with their own views and tables, neither of which reads stages from a
rules object chosen per date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from accounts.actors import Actor
from accounts.models import Role
from accounts.scoping import assignments_of
from province_rules.processes import KNOWN_ROLES, Action, Deadline, Process, Stage

from .workdays import WorkingCalendar


class CaseError(Exception):
    """A refused action, turned into an answer where it is caught (API: problem+json; pages:
    a message). ``status`` 409 (not allowed now) or 403 (not the actor's role)."""

    def __init__(self, detail: str, *, status: int = 409, code: str = "action_not_allowed",
                 allowed: list[dict] | None = None, field: str = "action"):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.code = code
        self.allowed = allowed or []
        self.field = field


# --- the process and stage of a case --------------------------------------------------

def process_of(rules, code: str) -> Process | None:
    return rules.process(code)


def stage_of(process: Process, case) -> Stage:
    stage = process.stage(case.stage)
    if stage is None:  # the module no longer declares the stage the case is in
        raise CaseError(f"本省规则中“{process.name}”已没有“{case.stage}”环节，请联系管理员", code="stage_not_declared")
    return stage


def case_organization_ids(case) -> set[int]:
    ids = set(case.organizations.values_list("pk", flat=True)) if case.pk else set()
    if case.organization_id:
        ids.add(case.organization_id)
    if case.party_organization_id:
        ids |= set(case.party_organization.covered_organizations.values_list("pk", flat=True))
    return ids


# --- who acts -------------------------------------------------------------------------

def case_roles(actor: Actor, case) -> frozenset[str]:
    """The roles ``actor`` holds for ``case``: provincial staff everywhere, city/county staff in
    their region, an organization's secretary or liaison for their organization, supervisors
    for the organizations they supervise, instructors where they are dispatched now. A write
    token and system jobs act in every role; a read-only token in none."""
    if actor.kind == Actor.SYSTEM or (actor.kind == Actor.TOKEN and actor.may_write):
        return KNOWN_ROLES
    if actor.user is None:
        return frozenset()
    roles: set[str] = set()
    region_code = case.region.code if case.region_id else ""
    organization_ids = None
    for assignment in assignments_of(actor.user):
        role = assignment.role
        if role == Role.PROVINCIAL_STAFF:
            roles.add(role)
        elif role in (Role.CITY_STAFF, Role.COUNTY_STAFF):
            if assignment.region is not None and region_code.startswith(assignment.region.code_prefix):
                roles.add(role)
        else:
            if organization_ids is None:
                organization_ids = case_organization_ids(case)
            if role in (Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON):
                if assignment.organization_id in organization_ids:
                    roles.add(role)
            elif role in (Role.SUPERVISOR_STAFF, Role.INDUSTRY_COMMITTEE_STAFF):
                from registry.models import SocialOrganization

                if SocialOrganization.objects.filter(pk__in=organization_ids).filter(
                        Q(business_supervisor_id=assignment.supervisor_id)
                        | Q(industry_committee_id=assignment.supervisor_id)).exists():
                    roles.add(role)
            elif role == Role.INSTRUCTOR:
                from registry.models import Dispatch

                today = _today()
                if Dispatch.objects.filter(instructor_id=assignment.instructor_id, organization_id__in=organization_ids,
                                           started_on__lte=today).filter(
                        Q(ended_on__isnull=True) | Q(ended_on__gte=today)).exists():
                    roles.add(role)
    return frozenset(roles)


def _today() -> dt.date:
    from clock import today

    return today()


def actions_for(actor: Actor, process: Process, case, *, roles: frozenset[str] | None = None) -> list[Action]:
    """The actions of the case's stage that ``actor`` may take (by role; the other conditions
    are checked when the action is taken and reported then)."""
    if case.status != "open":
        return []
    stage = stage_of(process, case)
    roles = case_roles(actor, case) if roles is None else roles
    return [action for action in stage.actions if set(stage.roles_of(action)) & roles]


def action_summary(action: Action) -> dict:
    return {"code": action.code, "name": action.name, "to": action.to, "reason_required": action.reason_required,
            "decision": action.decision}


def may_open(actor: Actor, process: Process, roles: frozenset[str]) -> bool:
    """May an actor holding ``roles`` for the subject open a case: the first stage's roles or
    any committee role (an office prepares an application for an organization)."""
    committee = {Role.PROVINCIAL_STAFF, Role.CITY_STAFF, Role.COUNTY_STAFF}
    return bool(roles & (set(process.first_stage.roles) | committee))


# --- deadlines --------------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    on: dt.date | None
    covered: bool = True


def due_for(deadline: Deadline | None, *, entered_on: dt.date, round_deadline: dt.date | None,
            calendar: WorkingCalendar) -> Due:
    """When a stage entered on ``entered_on`` is due. N working days count ``entered_on`` when
    it is a working day (``workdays``); N calendar days likewise end on ``entered_on + N - 1``."""
    if deadline is None:
        return Due(None)
    if deadline.source == "round":
        return Due(round_deadline)
    if deadline.working:
        span = calendar.add_working_days(entered_on, deadline.days)
        return Due(span.ends_on, span.covered)
    return Due(entered_on + dt.timedelta(days=deadline.days - 1))


# --- what a stage still needs ------------------------------------------------------------

def missing_for(process: Process, stage: Stage, *, documents: set[str], data: dict, scores: dict) -> dict[str, list[str]]:
    """What ``stage`` still needs before an action with ``requires_complete``: field → messages.
    ``documents``: the kinds uploaded in this case; ``data``: the stage's recorded fields;
    ``scores``: item key → score of the stage's scoring."""
    missing: dict[str, list[str]] = {}
    for requirement in stage.documents:
        if requirement.required and requirement.key not in documents:
            missing.setdefault("documents", []).append(f"缺少材料：{requirement.name}" + (
                f"（{requirement.clause}）" if requirement.clause else ""))
    for item in stage.fields:
        if item.required and data.get(item.key) in (None, "", []):
            missing.setdefault(f"data.{item.key}", []).append(f"请填写：{item.label}")
    if stage.scoring:
        scoring = process.scoring(stage.scoring)
        unscored = [item.text for item in scoring.items if item.key not in scores]
        if unscored:
            missing.setdefault("scores", []).append(f"尚有{len(unscored)}项未评分：" + "；".join(unscored[:5])
                                                    + ("…" if len(unscored) > 5 else ""))
    return missing


def hard_failures(process: Process, scores_by_item: dict[tuple[str, str], float]) -> list[tuple[str, str]]:
    """(field, message) for every hard item scored below its full score (hard items pass or fail
    whole), by the latest score given in any stage."""
    failures = []
    for scoring, item in process.hard_items():
        score = scores_by_item.get((scoring.key, item.key))
        if score is not None and score < item.max_score:
            failures.append((f"scores.{item.key}", f"未达到硬性条件“{item.text}”（{item.clause}），不能通过"))
    return failures
